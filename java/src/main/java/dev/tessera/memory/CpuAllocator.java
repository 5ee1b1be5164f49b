// CpuAllocator: 64-byte aligned host memory from native code, cached in size classes (four per
// power of two) so a training step reuses the blocks of the previous one instead of calling
// malloc. The cache is bounded (TESSERA_CPU_CACHE_MB, default 2048); beyond it blocks go back to
// the system at once.
package dev.tessera.memory;

import dev.tessera.bridge.TesseraNative;
import dev.tessera.tensor.Device;

public final class CpuAllocator implements Allocator {
    public static final CpuAllocator INSTANCE = new CpuAllocator(cacheLimitFromEnv());

    private static final int MIN_BLOCK = 64;
    /** Class 0, then 4 classes for each power of two from 2^6 up to 2^48 bytes. */
    private static final int CLASSES = 1 + (48 - 6) * 4;

    private final MemoryStats stats = new MemoryStats("cpu");
    private final long cacheLimit;
    // Guarded by the stats object's lock, which MemoryStats' counters share.
    private final long[][] free = new long[CLASSES][];
    private final int[] freeCount = new int[CLASSES];
    private long cached;

    CpuAllocator(long cacheLimit) {
        TesseraNative.load();
        this.cacheLimit = cacheLimit;
    }

    private static long cacheLimitFromEnv() {
        String v = System.getenv("TESSERA_CPU_CACHE_MB");
        if (v == null || v.isBlank()) return 2048L << 20;
        try {
            return Long.parseLong(v.trim()) << 20;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("TESSERA_CPU_CACHE_MB must be a number of MiB, got '" + v + "'");
        }
    }

    @Override
    public Device device() { return Device.CPU; }

    @Override
    public MemoryStats stats() { return stats; }

    /** Size class of a request: class 0 is 64 B, then four classes per power of two. */
    static int sizeClass(long nbytes) {
        if (nbytes <= MIN_BLOCK) return 0;
        int log = 63 - Long.numberOfLeadingZeros(nbytes - 1); // 2^log < nbytes <= 2^(log+1)
        long quarterSize = 1L << (log - 2);
        int quarter = (int) ((nbytes - (1L << log) + quarterSize - 1) / quarterSize) - 1; // 0..3
        return 1 + (log - 6) * 4 + quarter;
    }

    static long classSize(int cls) {
        if (cls == 0) return MIN_BLOCK;
        int log = (cls - 1) / 4 + 6;
        int quarter = (cls - 1) % 4;
        return (1L << log) + (1L << (log - 2)) * (quarter + 1);
    }

    @Override
    public long blockSize(long nbytes) { return classSize(sizeClass(nbytes)); }

    @Override
    public long allocate(long nbytes) {
        if (nbytes < 0 || nbytes > classSize(CLASSES - 1)) {
            throw new OutOfMemoryError("cpu: cannot allocate " + nbytes + " bytes: larger than the largest block ("
                    + classSize(CLASSES - 1) + " bytes)");
        }
        int cls = sizeClass(nbytes);
        long size = classSize(cls);
        synchronized (stats) {
            int c = freeCount[cls];
            if (c > 0) {
                long address = free[cls][c - 1];
                freeCount[cls] = c - 1;
                cached -= size;
                stats.allocated(size, true);
                return address;
            }
        }
        long address = TesseraNative.ts_aligned_alloc(size);
        if (address == 0) {
            emptyCache();
            address = TesseraNative.ts_aligned_alloc(size);
            if (address == 0) {
                throw new OutOfMemoryError("cpu: cannot allocate " + nbytes + " bytes: " + TesseraNative.ts_last_error()
                        + " (" + stats.snapshot() + ")");
            }
        }
        synchronized (stats) {
            stats.allocated(size, false);
        }
        return address;
    }

    @Override
    public void free(long address, long nbytes) {
        int cls = sizeClass(nbytes);
        long size = classSize(cls);
        synchronized (stats) {
            if (cached + size <= cacheLimit) {
                long[] list = free[cls];
                if (list == null) list = free[cls] = new long[8];
                else if (freeCount[cls] == list.length) list = free[cls] = java.util.Arrays.copyOf(list, list.length * 2);
                list[freeCount[cls]++] = address;
                cached += size;
                stats.freed(size, true);
                return;
            }
        }
        TesseraNative.ts_aligned_free(address);
        synchronized (stats) {
            stats.freed(size, false);
        }
    }

    @Override
    public void emptyCache() {
        synchronized (stats) {
            for (int cls = 0; cls < CLASSES; cls++) {
                long size = classSize(cls);
                for (int i = 0; i < freeCount[cls]; i++) {
                    TesseraNative.ts_aligned_free(free[cls][i]);
                    stats.uncached(size);
                }
                freeCount[cls] = 0;
                free[cls] = null;
            }
            cached = 0;
        }
    }
}
