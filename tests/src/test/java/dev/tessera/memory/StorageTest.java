// Storage reference counting through views: each open view holds one reference, the block goes
// back to the allocator with the last one, and misuse of the count is an exception, not a crash.
package dev.tessera.memory;

import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class StorageTest {
    private final CpuAllocator alloc = new CpuAllocator(1 << 20);

    @AfterEach
    void releaseCache() {
        alloc.emptyCache();
    }

    @Test
    void closingTheBaseKeepsAViewValid() {
        try (Scope s = Scope.open()) {
            Tensor base = Tensor.arange(DType.F32, 0, 6, 1);
            Tensor view = base.view(2, 3);
            Tensor col = view.select(1, 2);
            assertSame(base.storage(), view.storage());
            assertSame(base.storage(), col.storage());
            base.close();
            assertTrue(base.isClosed());
            assertFalse(view.storage().isFreed());
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, view.toFloatArray());
            view.close();
            assertArrayEquals(new float[] {2, 5}, col.toFloatArray());
            col.close();
            assertTrue(col.storage().isFreed());
        }
    }

    @Test
    void blockIsFreedWithTheLastViewInAnyOrder() {
        MemoryStats st = alloc.stats();
        try (Scope s = Scope.open()) {
            Tensor base = MemoryTesting.tensorOn(alloc, 100);
            assertEquals(448, st.liveBytes()); // 400 B -> 448 B class
            List<Tensor> views = new ArrayList<>();
            for (int i = 0; i < 10; i++) views.add(base.slice(0, i * 10, i * 10 + 10));
            views.add(base);
            Collections.shuffle(views, new Random(42));
            for (int i = 0; i < views.size(); i++) {
                assertEquals(448, st.liveBytes(), "block alive while " + (views.size() - i) + " views are open");
                views.get(i).close();
            }
            assertEquals(0, st.liveBytes());
            assertTrue(base.storage().isFreed());
            assertEquals(0, s.size(), "closed tensors left their scope");
        }
        assertEquals(0, st.liveBytes(), "closing the scope after the tensors frees nothing twice");
    }

    @Test
    void closingTwiceIsANoOp() {
        MemoryStats st = alloc.stats();
        Tensor t = MemoryTesting.tensorOn(alloc, 10);
        Tensor v = t.view(2, 5);
        t.close();
        t.close();
        assertEquals(64, st.liveBytes(), "the view still holds the block");
        v.close();
        v.close();
        assertEquals(0, st.liveBytes());
    }

    @Test
    void refcountMisuseThrows() {
        Storage s = Storage.allocate(alloc, 64);
        s.retain();
        s.release();
        s.release();
        assertTrue(s.isFreed());
        IllegalStateException e = assertThrows(IllegalStateException.class, s::retain);
        assertTrue(e.getMessage().contains("freed"), e.getMessage());
        assertThrows(IllegalStateException.class, s::release);
        assertEquals(0, alloc.stats().liveBytes());
    }

    @Test
    void sameDtypeCastAndContiguousShareStorage() {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.ones(3, 4);
            assertSame(t.storage(), t.to(DType.F32).storage());
            assertSame(t.storage(), t.contiguous().storage());
            assertNotSame(t.storage(), t.copy().storage());
            assertNotSame(t.storage(), t.to(DType.F64).storage());
        }
    }
}
