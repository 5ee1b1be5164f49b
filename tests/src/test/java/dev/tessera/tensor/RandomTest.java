// Random creation (rand, randn, randint) from the counter-based Philox generator: same seed gives
// the same values, a different seed different ones, successive draws continue the stream, and the
// distributions look right (range, mean, standard deviation) on 100,000 samples.
package dev.tessera.tensor;

import dev.tessera.ops.Creation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class RandomTest extends ScopedTest {
    private static final int N = 100_000;

    @Test
    void sameSeedSameValues() {
        assertArrayEquals(Tensor.rand(new Generator(7), 50).toFloatArray(), Tensor.rand(new Generator(7), 50).toFloatArray());
        assertArrayEquals(Tensor.randn(new Generator(7), 5, 10).toFloatArray(), Tensor.randn(new Generator(7), 5, 10).toFloatArray());
        assertArrayEquals(Tensor.randint(new Generator(7), -5, 5, 50).toLongArray(),
                Tensor.randint(new Generator(7), -5, 5, 50).toLongArray());
    }

    @Test
    void differentSeedDifferentValues() {
        float[] a = Tensor.rand(new Generator(1), 100).toFloatArray();
        float[] b = Tensor.rand(new Generator(2), 100).toFloatArray();
        int same = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == b[i]) same++;
        assertTrue(same < 3, same + " of 100 values equal across seeds");
    }

    @Test
    void drawsAdvanceTheGeneratorAndManualSeedRestarts() {
        Generator g = new Generator(3);
        float[] first = Tensor.rand(g, 8).toFloatArray();
        assertTrue(g.offset() > 0);
        float[] second = Tensor.rand(g, 8).toFloatArray();
        assertFalse(java.util.Arrays.equals(first, second), "the second draw continues the stream");
        g.manualSeed(3);
        assertEquals(0, g.offset());
        assertArrayEquals(first, Tensor.rand(g, 8).toFloatArray());
    }

    @Test
    void shapeDoesNotChangeTheStream() {
        float[] flat = Tensor.randn(new Generator(9), 24).toFloatArray();
        assertArrayEquals(flat, Tensor.randn(new Generator(9), 2, 3, 4).toFloatArray());
    }

    @Test
    void uniformIsInUnitIntervalWithTheRightMoments() {
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            double[] v = Creation.rand(new Generator(11), dt, N).toDoubleArray();
            double mean = 0;
            double min = 1;
            double max = 0;
            for (double x : v) {
                assertTrue(x >= 0 && x < 1, "uniform value " + x + " outside [0, 1)");
                mean += x;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            mean /= N;
            assertEquals(0.5, mean, 0.01, dt + " mean");
            assertEquals(1.0 / 12, variance(v, mean), 0.003, dt + " variance");
            assertTrue(min < 1e-3 && max > 1 - 1e-3, "covers the interval: " + min + ".." + max);
        }
    }

    @Test
    void normalHasMeanZeroStdOne() {
        Tensor t = Tensor.randn(new Generator(12), N);
        double[] v = t.toDoubleArray();
        double mean = 0;
        for (double x : v) {
            assertTrue(Double.isFinite(x));
            mean += x;
        }
        mean /= N;
        assertEquals(0, mean, 0.02, "randn mean");
        assertEquals(1, Math.sqrt(variance(v, mean)), 0.02, "randn std");
        int within1 = 0;
        for (double x : v) if (Math.abs(x) < 1) within1++;
        assertEquals(0.6827, within1 / (double) N, 0.01, "fraction within one sigma");
    }

    @Test
    void randintStaysInRangeAndHitsEveryValue() {
        long[] v = Tensor.randint(new Generator(13), -3, 4, N).toLongArray();
        int[] counts = new int[7];
        for (long x : v) {
            assertTrue(x >= -3 && x < 4, "randint value " + x + " outside [-3, 4)");
            counts[(int) (x + 3)]++;
        }
        for (int c : counts) assertEquals(N / 7.0, c, N / 7.0 * 0.05, "roughly uniform counts");
        Tensor i32 = Creation.randint(new Generator(1), DType.I32, 0, 10, 5);
        assertDType(DType.I32, i32);
        assertDType(DType.I64, Tensor.randint(new Generator(1), 0, 2, 3));
    }

    @Test
    void badRandomArguments() {
        assertFails(IllegalArgumentException.class, () -> Tensor.randint(new Generator(1), 5, 5, 3), "randint", "high");
        assertFails(IllegalArgumentException.class, () -> Creation.rand(new Generator(1), DType.I32, 3), "rand", "i32");
        assertFails(IllegalArgumentException.class, () -> Creation.randn(new Generator(1), DType.BOOL, 3), "randn");
        assertFails(IllegalArgumentException.class, () -> Creation.randint(new Generator(1), DType.F32, 0, 3, 3), "randint", "f32");
        assertFails(IllegalArgumentException.class, () -> Tensor.randn(new Generator(1), 2, -1), "randn", "negative");
    }

    private static double variance(double[] v, double mean) {
        double s = 0;
        for (double x : v) s += (x - mean) * (x - mean);
        return s / (v.length - 1);
    }
}
