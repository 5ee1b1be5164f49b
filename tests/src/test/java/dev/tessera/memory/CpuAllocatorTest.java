// CpuAllocator: size classes (four per power of two), 64-byte alignment, pool hits and misses,
// the cache limit, emptyCache and peak tracking. Lives in dev.tessera.memory to reach the
// package-private sizeClass/classSize and to build private allocators with their own stats.
package dev.tessera.memory;

import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CpuAllocatorTest {
    private static final int CLASSES = 1 + (48 - 6) * 4; // 64 B .. 2^48 B

    /** A private allocator (1 MiB cache) so the counters below see only this test's traffic. */
    private final CpuAllocator alloc = new CpuAllocator(1 << 20);

    @AfterEach
    void releaseCache() {
        alloc.emptyCache();
    }

    @Test
    void smallRequestsShareTheMinimumClass() {
        for (long n : new long[] {0, 1, 4, 63, 64}) {
            assertEquals(0, CpuAllocator.sizeClass(n), "class of " + n);
            assertEquals(64, alloc.blockSize(n), "block of " + n);
        }
    }

    @Test
    void fourClassesPerPowerOfTwo() {
        // 64 < n <= 128 splits into 80, 96, 112, 128; 128 < n <= 256 into 160, 192, 224, 256.
        assertEquals(80, alloc.blockSize(65));
        assertEquals(80, alloc.blockSize(80));
        assertEquals(96, alloc.blockSize(81));
        assertEquals(112, alloc.blockSize(100));
        assertEquals(128, alloc.blockSize(128));
        assertEquals(160, alloc.blockSize(129));
        assertEquals(256, alloc.blockSize(255));
        assertEquals(5L << 20, alloc.blockSize((4L << 20) + 1));
    }

    @Test
    void classesAreIncreasingAndRoundTrip() {
        long previous = 0;
        for (int c = 0; c < CLASSES; c++) {
            long size = CpuAllocator.classSize(c);
            assertTrue(size > previous, "class " + c + " size " + size + " after " + previous);
            assertEquals(c, CpuAllocator.sizeClass(size), "sizeClass(classSize(" + c + "))");
            if (c + 1 < CLASSES) assertEquals(c + 1, CpuAllocator.sizeClass(size + 1), "one byte more than class " + c);
            previous = size;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 65, 100, 1000, 4097, 12345, 1 << 20, (1 << 20) + 3, 123456789})
    void blockFitsWithLessThanQuarterWaste(long n) {
        long b = alloc.blockSize(n);
        assertTrue(b >= n, "block " + b + " smaller than request " + n);
        assertTrue(n <= 64 || b <= n + n / 4 + 1, "block " + b + " wastes more than 25% of " + n);
        assertEquals(b, alloc.blockSize(b), "a block size is its own class");
    }

    @Test
    void blocksAre64ByteAligned() {
        List<Long> blocks = new ArrayList<>();
        for (long n = 1; n < 5000; n = n * 3 + 1) {
            long a = alloc.allocate(n);
            assertEquals(0, a % 64, "block of " + n + " bytes at " + Long.toHexString(a));
            blocks.add(a);
            blocks.add(n);
        }
        for (int i = 0; i < blocks.size(); i += 2) alloc.free(blocks.get(i), blocks.get(i + 1));
    }

    @Test
    void tensorAddressesAre64ByteAligned() {
        try (Scope s = Scope.open()) {
            for (DType dt : DType.values()) {
                for (long n : new long[] {0, 1, 3, 17, 100, 1000, 4099}) {
                    Tensor t = Tensor.empty(dt, n);
                    assertEquals(0, t.address("test") % 64, dt + "[" + n + "]");
                }
            }
        }
    }

    @Test
    void freedBlocksAreReusedAndCountedAsHits() {
        MemoryStats st = alloc.stats();
        long a = alloc.allocate(1000);
        assertEquals(1, st.poolMisses());
        assertEquals(0, st.poolHits());
        assertEquals(1024, st.liveBytes());
        assertEquals(1, st.liveBlocks());
        alloc.free(a, 1000);
        assertEquals(0, st.liveBytes());
        assertEquals(0, st.liveBlocks());
        assertEquals(1024, st.cachedBytes());
        // Any request of the same class reuses the block.
        long b = alloc.allocate(1000 - 17);
        assertEquals(a, b, "same block handed out again");
        assertEquals(1, st.poolHits());
        assertEquals(1, st.poolMisses());
        assertEquals(0, st.cachedBytes());
        // A different class is a miss.
        long c = alloc.allocate(5000);
        assertEquals(2, st.poolMisses());
        alloc.free(b, 1000 - 17);
        alloc.free(c, 5000);
        assertEquals(0, st.liveBytes());
    }

    @Test
    void emptyCacheReturnsCachedBlocks() {
        MemoryStats st = alloc.stats();
        long[] blocks = new long[10];
        for (int i = 0; i < blocks.length; i++) blocks[i] = alloc.allocate(100L * (i + 1));
        for (int i = 0; i < blocks.length; i++) alloc.free(blocks[i], 100L * (i + 1));
        assertTrue(st.cachedBytes() > 0);
        alloc.emptyCache();
        assertEquals(0, st.cachedBytes());
        assertEquals(0, st.liveBytes());
        long misses = st.poolMisses();
        alloc.free(alloc.allocate(100), 100);
        assertEquals(misses + 1, st.poolMisses(), "nothing cached after emptyCache");
    }

    @Test
    void cacheLimitIsRespected() {
        CpuAllocator small = new CpuAllocator(4096);
        try {
            MemoryStats st = small.stats();
            long a = small.allocate(3000);
            long b = small.allocate(3000);
            small.free(a, 3000);
            small.free(b, 3000); // over the 4 KiB limit: goes back to the system
            assertEquals(small.blockSize(3000), st.cachedBytes());
            assertEquals(0, st.liveBytes());
        } finally {
            small.emptyCache();
        }
    }

    @Test
    void peakFollowsLiveBytesAndResets() {
        MemoryStats st = alloc.stats();
        long a = alloc.allocate(4096);
        long b = alloc.allocate(4096);
        assertEquals(8192, st.peakBytes());
        alloc.free(a, 4096);
        alloc.free(b, 4096);
        assertEquals(8192, st.peakBytes(), "peak remembers the high-water mark");
        st.resetPeak();
        assertEquals(0, st.peakBytes());
        long c = alloc.allocate(100);
        assertEquals(112, st.peakBytes());
        alloc.free(c, 100);
    }

    @Test
    void globalStatsSeeTensorAllocations() {
        MemoryStats st = MemoryStats.cpu();
        MemoryTesting.settle(st); // no Cleaner frees from earlier tests while we count
        try (Scope s = Scope.open()) {
            long live = st.liveBytes();
            st.resetPeak();
            Tensor t = Tensor.empty(DType.F32, 1000); // 4000 B -> 4096 B class
            assertEquals(live + 4096, st.liveBytes());
            assertTrue(st.peakBytes() >= live + 4096);
            t.close();
            assertEquals(live, st.liveBytes());
            long hits = st.poolHits();
            Tensor u = Tensor.empty(DType.F32, 1000);
            assertEquals(hits + 1, st.poolHits(), "second tensor of the class comes from the pool");
            assertEquals(t.storage().address(), u.storage().address());
            assertNotNull(st.snapshot().toString());
        }
    }

    @Test
    void absurdRequestIsAJavaErrorNotACrash() {
        Throwable e = assertThrows(Throwable.class, () -> alloc.allocate(1L << 60));
        assertTrue(e instanceof OutOfMemoryError || e instanceof IllegalArgumentException, e.toString());
        assertTrue(e.getMessage() != null && e.getMessage().contains("cpu"), e.getMessage());
        assertEquals(0, alloc.stats().liveBytes());
    }
}
