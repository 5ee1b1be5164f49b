// The key memory requirement: a loop of 100,000 small-op iterations inside a scope ends with zero
// live bytes and zero leaks, whether each iteration has its own scope or one outer scope holds
// everything; and a steady-state loop with per-step scopes does not grow from step to step.
package dev.tessera.memory;

import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ScopeLoopTest {
    private static final int ITERATIONS = 100_000;
    private final MemoryStats st = MemoryStats.cpu();
    private long liveBefore;
    private long leaksBefore;

    @BeforeEach
    void baseline() {
        assertNull(Scope.current());
        MemoryTesting.settle(st); // let earlier tests' garbage reach the Cleaner first
        liveBefore = st.liveBytes();
        leaksBefore = st.leakedToGc();
    }

    private void assertBackToBaseline() {
        assertEquals(liveBefore, st.liveBytes(), "live bytes after the loop: " + st.snapshot());
        assertEquals(leaksBefore, st.leakedToGc(), "leaks after the loop: " + st.snapshot());
    }

    /** A few small ops: creation, scalar and tensor arithmetic, a view, a reduction, a read. */
    private static double smallOps(Tensor w, int i) {
        Tensor x = Tensor.full(i % 7, 2, 2);
        Tensor y = x.mul(w).add(1.0);
        Tensor s = y.t().reshape(4).sum();
        return s.item();
    }

    @Test
    void hundredThousandIterationsWithAScopeEach() {
        double total = 0;
        try (Scope outer = Scope.open()) {
            Tensor w = Tensor.of(1f, 2f, 3f, 4f).view(2, 2);
            for (int i = 0; i < ITERATIONS; i++) {
                try (Scope step = Scope.open()) {
                    total += smallOps(w, i);
                }
                assertEquals(2, outer.size(), "only w and its base stay in the outer scope");
            }
        }
        assertBackToBaseline();
        assertTrue(total > 0);
    }

    @Test
    void hundredThousandIterationsInOneScope() {
        long peakLive;
        try (Scope outer = Scope.open()) {
            Tensor w = Tensor.ones(2, 2);
            for (int i = 0; i < ITERATIONS; i++) smallOps(w, i);
            assertTrue(outer.size() > ITERATIONS, "everything is still held: " + outer.size());
            peakLive = st.liveBytes();
        }
        assertTrue(peakLive > liveBefore);
        assertBackToBaseline();
    }

    @Test
    void steadyStateStepsDoNotGrowMemory() {
        try (Scope model = Scope.open()) {
            Tensor weight = Tensor.full(0.5, 16, 8);
            Tensor input = Tensor.ones(4, 16);
            long[] liveAfterStep = new long[300];
            long[] missesAfterStep = new long[300];
            for (int step = 0; step < liveAfterStep.length; step++) {
                try (Scope s = Scope.open()) {
                    // forward, a loss, a fake gradient, and an update that replaces the weight
                    Tensor out = input.matmul(weight).relu();
                    Tensor loss = out.mul(out).mean();
                    Tensor grad = input.t().matmul(out).mul(1e-3 * loss.item());
                    Tensor next = weight.sub(grad).keep();
                    weight.close();
                    weight = next;
                }
                liveAfterStep[step] = st.liveBytes();
                missesAfterStep[step] = st.poolMisses();
            }
            for (int step = 1; step < liveAfterStep.length; step++) {
                assertEquals(liveAfterStep[0], liveAfterStep[step], "live bytes grew at step " + step);
            }
            assertEquals(missesAfterStep[10], missesAfterStep[liveAfterStep.length - 1],
                    "steady-state steps should be served from the pool, not from the system");
            assertEquals(2, model.size(), "only the input and the current weight stay in the model scope");
        }
        assertBackToBaseline();
    }
}
