// Generator: counter-based random numbers (Philox 4x32-10) keyed by (seed, offset). A draw of n
// values reads counters offset, offset+1, ... and then advances the offset, so the same seed gives
// the same tensors on every run, on every thread layout, and (later) on the GPU.
package dev.tessera.tensor;

public final class Generator {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;

    private static final Generator DEFAULT = new Generator(0);

    private long seed;
    private long offset;

    public Generator(long seed) {
        this.seed = seed;
    }

    /** The process-wide generator used when none is passed (seed 0 until {@link #manualSeed}). */
    public static Generator defaultGenerator() { return DEFAULT; }

    public synchronized Generator manualSeed(long newSeed) {
        this.seed = newSeed;
        this.offset = 0;
        return this;
    }

    public synchronized long seed() { return seed; }

    /** Number of 128-bit counters consumed so far. */
    public synchronized long offset() { return offset; }

    /** Reserves {@code blocks} counters and returns the first. */
    synchronized long advance(long blocks) {
        long start = offset;
        offset += blocks;
        return start;
    }

    /** The four 32-bit words of Philox4x32-10 at counter {@code counter} under {@code seed}. */
    static void block(long seed, long counter, int[] out) {
        int c0 = (int) counter;
        int c1 = (int) (counter >>> 32);
        int c2 = 0;
        int c3 = 0;
        int k0 = (int) seed;
        int k1 = (int) (seed >>> 32);
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** n uniform floats in [0, 1): 24 random bits each, four per counter. */
    public float[] uniformFloats(int n) {
        float[] out = new float[n];
        long base = advance((n + 3) / 4);
        int[] w = new int[4];
        for (int i = 0; i < n; i++) {
            if ((i & 3) == 0) block(seed(), base + i / 4, w);
            out[i] = (w[i & 3] >>> 8) * 0x1.0p-24f;
        }
        return out;
    }

    /** n uniform doubles in [0, 1): 53 random bits from two words, two per counter. */
    public double[] uniformDoubles(int n) {
        double[] out = new double[n];
        long base = advance((n + 1) / 2);
        int[] w = new int[4];
        for (int i = 0; i < n; i++) {
            if ((i & 1) == 0) block(seed(), base + i / 2, w);
            int j = (i & 1) * 2;
            long bits = ((w[j] & 0xFFFFFFFFL) << 21) ^ ((w[j + 1] & 0xFFFFFFFFL) >>> 11);
            out[i] = (bits & ((1L << 53) - 1)) * 0x1.0p-53;
        }
        return out;
    }

    /** n standard normal doubles by Box-Muller, four per counter (two pairs of 32-bit uniforms). */
    public double[] normals(int n) {
        double[] out = new double[n];
        long base = advance((n + 3) / 4);
        int[] w = new int[4];
        for (int i = 0; i < n; i += 2) {
            if ((i & 3) == 0) block(seed(), base + i / 4, w);
            int j = i & 3;
            // u1 in (0, 1] so the log is finite; u2 in [0, 1).
            double u1 = ((w[j] & 0xFFFFFFFFL) + 1.0) * 0x1.0p-32;
            double u2 = (w[j + 1] & 0xFFFFFFFFL) * 0x1.0p-32;
            double r = Math.sqrt(-2.0 * Math.log(u1));
            out[i] = r * Math.cos(2 * Math.PI * u2);
            if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
        }
        return out;
    }

    /** n integers uniform in [low, high). */
    public long[] integers(int n, long low, long high) {
        if (high <= low) throw new IllegalArgumentException("randint: high " + high + " must be greater than low " + low);
        long range = high - low;
        long[] out = new long[n];
        long base = advance((n + 1) / 2);
        int[] w = new int[4];
        for (int i = 0; i < n; i++) {
            if ((i & 1) == 0) block(seed(), base + i / 2, w);
            int j = (i & 1) * 2;
            long bits = ((w[j] & 0xFFFFFFFFL) << 32) | (w[j + 1] & 0xFFFFFFFFL);
            out[i] = low + (range > 0 ? Long.remainderUnsigned(bits, range) : bits);
        }
        return out;
    }
}
