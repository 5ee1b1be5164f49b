// The Cleaner backstop: a tensor created outside every scope (or kept out of all of them) and
// never closed is freed when the GC finds it, and counted in MemoryStats.leakedToGc; one that is
// closed explicitly is never counted. Tensors live on a private allocator so counts are exact.
package dev.tessera.memory;

import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.tessera.memory.MemoryTesting.gcUntil;
import static dev.tessera.memory.MemoryTesting.tensorOn;
import static org.junit.jupiter.api.Assertions.*;

class LeakTest {
    private final CpuAllocator alloc = new CpuAllocator(1 << 20);
    private final MemoryStats st = alloc.stats();

    @BeforeEach
    void noScope() {
        assertNull(Scope.current(), "these tests need to run outside every scope");
    }

    @AfterEach
    void releaseCache() {
        alloc.emptyCache();
    }

    /** Creates n unscoped tensors and drops them (in a separate frame so nothing keeps them alive). */
    private void drop(int n) {
        for (int i = 0; i < n; i++) tensorOn(alloc, 16 + i);
    }

    @Test
    void droppedUnscopedTensorsAreFreedAndCountedAsLeaks() {
        drop(5);
        assertTrue(st.liveBytes() > 0);
        gcUntil(() -> st.leakedToGc() >= 5, "5 leaked tensors");
        assertEquals(5, st.leakedToGc());
        assertEquals(0, st.liveBytes(), "the Cleaner gave the blocks back");
        assertEquals(0, st.liveBlocks());
    }

    @Test
    void explicitlyClosedTensorsAreNotLeaks() {
        for (int i = 0; i < 5; i++) {
            Tensor t = tensorOn(alloc, 8);
            Tensor v = t.view(2, 4);
            t.close();
            v.close();
        }
        assertEquals(0, st.liveBytes());
        drop(1); // a sentinel: once it is counted, the GC has seen the closed ones too
        gcUntil(() -> st.leakedToGc() >= 1, "the sentinel leak");
        System.gc();
        assertEquals(1, st.leakedToGc(), "only the sentinel counts");
        assertEquals(0, st.liveBytes());
    }

    @Test
    void keptOutOfAllScopesAndDroppedIsALeak() {
        try (Scope s = Scope.open()) {
            tensorOn(alloc, 10).keep();
            tensorOn(alloc, 10); // freed by the scope: not a leak
        }
        gcUntil(() -> st.leakedToGc() >= 1, "the kept tensor's leak");
        assertEquals(1, st.leakedToGc());
        assertEquals(0, st.liveBytes());
    }

    @Test
    void aLeakedViewHoldsTheBlockUntilTheGcFreesIt() {
        Tensor base = tensorOn(alloc, 12);
        makeViewAndDropIt(base);
        base.close();
        assertTrue(st.liveBytes() > 0, "the dropped view still holds its reference");
        gcUntil(() -> st.liveBytes() == 0, "the view's storage reference to be released");
        assertEquals(1, st.leakedToGc());
    }

    private static void makeViewAndDropIt(Tensor base) {
        base.view(3, 4);
    }

    @Test
    void unscopedTensorsOfTheDefaultAllocatorAreCountedToo() {
        MemoryStats cpu = MemoryStats.cpu();
        long before = cpu.leakedToGc();
        dropDefault();
        gcUntil(() -> cpu.leakedToGc() >= before + 3, "3 leaks on the default allocator");
    }

    private static void dropDefault() {
        for (int i = 0; i < 3; i++) Tensor.zeros(33);
    }
}
