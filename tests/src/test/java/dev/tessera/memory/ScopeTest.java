// Scope: tensors belong to the innermost open scope of their thread and are freed when it closes;
// keep() moves one to the parent (or out of all scopes); closing an outer scope closes the inner
// ones; a scope is confined to the thread that opened it.
package dev.tessera.memory;

import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

class ScopeTest {
    private final MemoryStats st = MemoryStats.cpu();

    @AfterEach
    void noScopeLeftOpen() {
        Scope s = Scope.current();
        while (Scope.current() != null) Scope.current().close();
        assertNull(s, "a test left a scope open");
    }

    @Test
    void closingAScopeFreesItsTensors() {
        long before = st.liveBytes();
        Tensor a;
        Tensor b;
        Tensor c;
        try (Scope s = Scope.open()) {
            assertSame(s, Scope.current());
            a = Tensor.zeros(100);
            b = Tensor.ones(3, 3);
            c = a.reshape(10, 10);
            assertEquals(3, s.size());
            assertTrue(st.liveBytes() > before);
        }
        assertTrue(a.isClosed() && b.isClosed() && c.isClosed());
        assertEquals(before, st.liveBytes());
        assertNull(Scope.current());
    }

    @Test
    void nestedScopesOwnTheirOwnTensors() {
        try (Scope outer = Scope.open()) {
            Tensor x = Tensor.ones(4);
            Tensor y;
            try (Scope inner = Scope.open()) {
                assertSame(outer, inner.parent());
                assertSame(inner, Scope.current());
                y = x.add(x);
                assertEquals(1, inner.size());
                assertEquals(1, outer.size());
            }
            assertSame(outer, Scope.current());
            assertTrue(y.isClosed());
            assertFalse(x.isClosed());
            assertEquals(4.0, x.sum().item());
        }
    }

    @Test
    void keepMovesATensorToTheParentScope() {
        long before = st.liveBytes();
        Tensor kept;
        try (Scope outer = Scope.open()) {
            try (Scope inner = Scope.open()) {
                Tensor tmp = Tensor.full(2, 5);
                kept = tmp.mul(tmp).keep();
                assertEquals(1, inner.size());
                assertEquals(1, outer.size());
            }
            assertFalse(kept.isClosed());
            assertArrayEquals(new float[] {4, 4, 4, 4, 4}, kept.toFloatArray());
        }
        assertTrue(kept.isClosed(), "kept into the outer scope, freed with it");
        assertEquals(before, st.liveBytes());
    }

    @Test
    void keepAtTheTopLeavesAllScopes() {
        long before = st.liveBytes();
        long leaks = st.leakedToGc();
        Tensor survivor;
        try (Scope s = Scope.open()) {
            survivor = Tensor.ones(8).keep();
            assertEquals(0, s.size());
        }
        assertFalse(survivor.isClosed());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, survivor.toFloatArray());
        survivor.close();
        assertEquals(before, st.liveBytes());
        assertEquals(leaks, st.leakedToGc(), "an explicit close is not a leak");
    }

    @Test
    void keepTwiceClimbsTwoLevels() {
        Tensor t;
        try (Scope a = Scope.open()) {
            try (Scope b = Scope.open()) {
                try (Scope c = Scope.open()) {
                    t = Tensor.ones(2).keep().keep();
                    assertEquals(0, c.size());
                    assertEquals(0, b.size());
                    assertEquals(1, a.size());
                }
            }
            assertFalse(t.isClosed());
        }
        assertTrue(t.isClosed());
    }

    @Test
    void closingAnOuterScopeClosesInnerOnes() {
        long before = st.liveBytes();
        Scope outer = Scope.open();
        Tensor a = Tensor.ones(3);
        Scope middle = Scope.open();
        Tensor b = Tensor.ones(3);
        Scope inner = Scope.open();
        Tensor c = Tensor.ones(3);
        outer.close();
        assertTrue(inner.isClosed() && middle.isClosed() && outer.isClosed());
        assertTrue(a.isClosed() && b.isClosed() && c.isClosed());
        assertNull(Scope.current());
        inner.close(); // closing again is a no-op
        middle.close();
        assertNull(Scope.current());
        assertEquals(before, st.liveBytes());
    }

    @Test
    void explicitCloseInsideAScopeIsNotFreedTwice() {
        long before = st.liveBytes();
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.ones(16);
            Tensor b = Tensor.ones(16);
            a.close();
            assertEquals(1, s.size());
            assertFalse(b.isClosed());
        }
        assertEquals(before, st.liveBytes());
    }

    @Test
    void aScopeIsConfinedToItsThread() throws Exception {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.ones(2);
            // Another thread does not see this thread's scope: its tensors are unscoped.
            Tensor other = CompletableFuture.supplyAsync(() -> {
                assertNull(Scope.current());
                return Tensor.ones(2);
            }).get();
            assertEquals(1, s.size());
            other.close();
            // Closing the scope from another thread fails and changes nothing.
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread th = new Thread(() -> {
                try {
                    s.close();
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "intruder");
            th.start();
            th.join();
            assertInstanceOf(IllegalStateException.class, failure.get());
            assertTrue(failure.get().getMessage().contains("intruder"), failure.get().getMessage());
            assertFalse(s.isClosed());
            assertFalse(t.isClosed());
        }
    }

    @Test
    void keepFromAnotherThreadThrowsAndLeavesTheTensorOwned() throws Exception {
        try (Scope outer = Scope.open()) {
            Tensor t;
            try (Scope inner = Scope.open()) {
                t = Tensor.ones(2);
                Tensor target = t;
                Throwable e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> CompletableFuture.runAsync(target::keep).get()).getCause();
                assertInstanceOf(IllegalStateException.class, e);
                assertEquals(1, inner.size(), "still owned by the inner scope");
            }
            assertTrue(t.isClosed(), "freed with its scope, not lost");
        }
    }

    @Test
    void viewsOfAKeptTensorAreFreedWithTheirScope() {
        long before = st.liveBytes();
        Tensor base;
        Tensor view;
        try (Scope s = Scope.open()) {
            try (Scope inner = Scope.open()) {
                base = Tensor.arange(12).keep();
                view = base.view(3, 4).t();
            }
            assertTrue(view.isClosed());
            assertFalse(base.isClosed());
            assertEquals(66, base.sum().item());
        }
        assertTrue(base.isClosed());
        assertEquals(before, st.liveBytes());
    }

    @Test
    void closingATensorAfterItsScopeIsANoOp() {
        Tensor t;
        try (Scope s = Scope.open()) {
            t = Tensor.ones(2);
        }
        t.close();
        assertTrue(t.isClosed());
    }
}
