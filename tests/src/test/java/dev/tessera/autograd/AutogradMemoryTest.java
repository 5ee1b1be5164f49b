// Memory behaviour of autograd: a training-like loop with a scope per step does not grow; the
// tensors saved for backward are released when backward finishes (unless retainGraph); a
// parameter's gradient lives in the parameter's scope and is reused across steps.
package dev.tessera.autograd;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.MemoryTesting;
import dev.tessera.memory.Scope;
import dev.tessera.memory.Storage;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class AutogradMemoryTest {
    private final MemoryStats st = MemoryStats.cpu();
    private long liveBefore;
    private long leaksBefore;

    @BeforeEach
    void baseline() {
        assertNull(Scope.current());
        MemoryTesting.settle(st);
        liveBefore = st.liveBytes();
        leaksBefore = st.leakedToGc();
    }

    private void assertBackToBaseline() {
        assertEquals(liveBefore, st.liveBytes(), "live bytes: " + st.snapshot());
        assertEquals(leaksBefore, st.leakedToGc(), "leaks: " + st.snapshot());
    }

    /** One step: loss = sum(tanh(x·w)); backward; w -= 0.01 grad under noGrad; zeroGrad. */
    private static double step(Tensor x, Tensor w) {
        Tensor loss = x.matmul(w).tanh().sum();
        double value = loss.item();
        loss.backward();
        try (GradMode.Guard g = GradMode.noGrad()) {
            w.subInPlace(w.grad().mul(0.01));
        }
        w.zeroGrad();
        return value;
    }

    @Test
    void trainingLoopWithAScopePerStepDoesNotGrow() {
        int steps = 200;
        long[] live = new long[steps];
        double first;
        double last = 0;
        try (Scope outer = Scope.open()) {
            Generator gen = new Generator(7);
            Tensor w = Tensor.randn(gen, 64, 32).mul(0.1).requiresGrad(true);
            Tensor x = Tensor.randn(gen, 16, 64);
            int outerSize = outer.size();
            Storage gradStorage = null;
            first = Double.NaN;
            for (int i = 0; i < steps; i++) {
                try (Scope s = Scope.open()) {
                    double v = step(x, w);
                    if (i == 0) first = v;
                    last = v;
                }
                live[i] = st.liveBytes();
                assertEquals(0, st.leakedToGc() - leaksBefore, "step " + i + " leaked to the GC");
                if (i == 0) {
                    gradStorage = w.grad().storage();
                    assertEquals(outerSize + 1, outer.size(), "the gradient joined w's scope");
                } else {
                    assertSame(gradStorage, w.grad().storage(), "the gradient is reused, step " + i);
                    assertEquals(outerSize + 1, outer.size(), "nothing else stays in the outer scope, step " + i);
                }
                assertSame(outer, Scope.current());
            }
            for (int i = 1; i < steps; i++) {
                assertEquals(live[1], live[i], "live bytes at step " + i + " differ from step 1: " + st.snapshot());
            }
            assertTrue(last < first, "the loss went down: " + first + " -> " + last);
        }
        assertBackToBaseline();
    }

    @Test
    void savedTensorsAreReleasedRightAfterBackward() {
        try (Scope outer = Scope.open()) {
            Generator gen = new Generator(3);
            Tensor w = Tensor.randn(gen, 64, 32).requiresGrad(true);
            Tensor x = Tensor.randn(gen, 16, 64);
            try (Scope warm = Scope.open()) {
                step(x, w); // allocates w.grad once
            }
            try (Scope s = Scope.open()) {
                long beforeForward = st.liveBytes();
                Tensor h = x.matmul(w);
                Tensor t = h.tanh();
                Tensor loss = t.sum();
                long withLoss = st.liveBytes();
                // The caller drops its activations: tanh's backward keeps its output t alive, but
                // nothing saved h (matmul saves x and w, tanh saves only its result).
                long hBlock = blockOf(h);
                h.close();
                t.close();
                assertEquals(withLoss - hBlock, st.liveBytes(), "the graph keeps exactly the saved activations alive");
                long lossOnly;
                try (Scope probe = Scope.open()) {
                    lossOnly = beforeForward + blockOf(loss);
                }
                loss.backward();
                assertEquals(lossOnly, st.liveBytes(),
                        "after backward only the loss stays: saved tensors and backward temporaries are freed");
                assertTrue(w.grad().toFloatArray().length == 64 * 32);
            }
        }
        assertBackToBaseline();
    }

    @Test
    void backwardLeavesNothingInTheCallersScope() {
        try (Scope outer = Scope.open()) {
            Tensor w = Tensor.randn(new Generator(9), 8, 4).requiresGrad(true);
            Tensor b = Tensor.zeros(4).requiresGrad(true);
            Tensor x = Tensor.randn(new Generator(10), 5, 8);
            for (int i = 0; i < 3; i++) {
                try (Scope s = Scope.open()) {
                    // Several paths into one leaf, broadcasting, views, a leaf hook that makes a tensor.
                    Tensor h = x.matmul(w).add(b).relu();
                    Tensor loss = h.mul(h).mean().add(h.t().sum(1).softmax(0).max()).add(b.sum());
                    b.clearGrad();
                    int sizeBefore = s.size();
                    long liveBeforeBackward = st.liveBytes();
                    try (Scope during = Scope.open()) {
                        loss.backward();
                        assertEquals(0, during.size(), "backward left tensors in the caller's scope (pass " + i + ")");
                    }
                    // Fewer in the step scope: the saved tensors (aliases made by the forward) were released.
                    assertTrue(s.size() < sizeBefore, sizeBefore + " -> " + s.size());
                    if (i > 0) {
                        // w.grad exists already; b.grad was cleared and is made again in outer.
                        assertTrue(st.liveBytes() <= liveBeforeBackward + blockOf(b), "pass " + i + ": " + st.snapshot());
                    }
                }
            }
        }
        assertBackToBaseline();
    }

    @Test
    void backwardOutsideEveryScopeLeaksNothingToTheGc() {
        // No scope at all: the caller closes what it made; backward's own tensors (temporaries of
        // the formulas, intermediate gradients, the saved tensors) must all be closed by the engine.
        Tensor w = Tensor.randn(new Generator(4), 16, 16).requiresGrad(true);
        Tensor x = Tensor.randn(new Generator(5), 4, 16);
        for (int i = 0; i < 20; i++) {
            Tensor h = x.matmul(w);
            Tensor t = h.tanh();
            Tensor sq = t.mul(t);
            Tensor loss = sq.sum();
            loss.backward();
            loss.close();
            sq.close();
            t.close();
            h.close();
        }
        w.close(); // and its gradient
        x.close();
        MemoryTesting.settle(st);
        assertBackToBaseline();
    }

    @Test
    void backwardAfterTheForwardScopeClosedFailsClearly() {
        try (Scope outer = Scope.open()) {
            Tensor w = Tensor.of(1.0, 2.0).requiresGrad(true);
            Tensor loss;
            try (Scope step = Scope.open()) {
                loss = w.exp().sum().keep();
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
        assertBackToBaseline();
    }

    /** Bytes of the block one tensor like t takes (measured by allocating one). */
    private long blockOf(Tensor t) {
        long before = st.liveBytes();
        Tensor probe = Tensor.empty(t.dtype(), t.shape());
        long bytes = st.liveBytes() - before;
        probe.close();
        return bytes;
    }

    @Test
    void retainGraphKeepsSavedTensorsUntilTheLastBackward() {
        try (Scope outer = Scope.open()) {
            Tensor w = Tensor.randn(new Generator(5), 32, 32).requiresGrad(true);
            try (Scope s = Scope.open()) {
                Tensor h = w.tanh();
                Tensor loss = h.sum();
                h.close();
                loss.backward(null, true, false);
                long afterFirst = st.liveBytes();
                loss.backward(null, true, false);
                assertEquals(afterFirst, st.liveBytes(), "a retained second pass allocates nothing new for good");
                loss.backward();
                assertTrue(st.liveBytes() < afterFirst, "the last pass freed the saved activations");
                assertThrows(IllegalStateException.class, loss::backward);
            }
            assertArrayEquals(new long[] {32, 32}, w.grad().shape());
        }
        assertBackToBaseline();
    }

    @Test
    void theGradientLivesInTheParametersScope() {
        Tensor w;
        Tensor grad;
        try (Scope params = Scope.open()) {
            w = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
            int size = params.size();
            try (Scope step1 = Scope.open()) {
                w.mul(w).sum().backward();
            }
            grad = w.grad();
            assertFalse(grad.isClosed(), "the gradient survives the step scope");
            assertArrayEquals(new double[] {2, 4, 6}, grad.toDoubleArray());
            assertEquals(size + 1, params.size(), "the gradient joined the parameter's scope");
            try (Scope step2 = Scope.open()) {
                try (Scope inner = Scope.open()) {
                    w.mul(3.0).sum().backward();
                }
            }
            assertSame(grad, w.grad(), "accumulated into the same tensor");
            assertArrayEquals(new double[] {5, 7, 9}, grad.toDoubleArray());
            // Cleared and recreated inside a step: it still lands in the parameter's scope.
            w.clearGrad();
            try (Scope step3 = Scope.open()) {
                w.mul(2.0).sum().backward();
            }
            assertFalse(w.grad().isClosed());
            assertArrayEquals(new double[] {2, 2, 2}, w.grad().toDoubleArray());
            grad = w.grad();
        }
        assertTrue(grad.isClosed(), "freed with the parameter's scope");
        assertTrue(w.isClosed());
        assertBackToBaseline();
    }

    @Test
    void keepingAParameterTakesItsGradientAlong() {
        Tensor w;
        Tensor grad;
        try (Scope outer = Scope.open()) {
            try (Scope inner = Scope.open()) {
                w = Tensor.of(1.0, 2.0).requiresGrad(true);
                w.mul(w).sum().backward();
                grad = w.grad();
                w.keep();
            }
            assertFalse(grad.isClosed(), "the gradient moved out with its parameter");
            assertSame(grad, w.grad());
            assertArrayEquals(new double[] {2, 4}, w.grad().toDoubleArray());
            try (Scope step = Scope.open()) {
                w.mul(3.0).sum().backward();
            }
            assertSame(grad, w.grad(), "still accumulated in place");
            assertArrayEquals(new double[] {5, 7}, w.grad().toDoubleArray());
        }
        assertTrue(w.isClosed());
        assertTrue(grad.isClosed());
        assertBackToBaseline();
    }

    @Test
    void aParameterOutsideEveryScopeKeepsItsGradientOutsideToo() {
        Tensor w = Tensor.of(1.0, 2.0).requiresGrad(true);
        try (Scope step = Scope.open()) {
            w.mul(w).sum().backward();
        }
        assertFalse(w.grad().isClosed(), "the gradient outlives the step scope");
        assertArrayEquals(new double[] {2, 4}, w.grad().toDoubleArray());
        w.close(); // closes its gradient too
        assertBackToBaseline();
    }

    @Test
    void createGraphLoopDoesNotGrow() {
        // Gradient-penalty style: a second-order term each step, each step in its own scope.
        try (Scope outer = Scope.open()) {
            Tensor w = Tensor.randn(new Generator(11), 8, 8).mul(0.1).requiresGrad(true);
            Tensor x = Tensor.randn(new Generator(12), 4, 8);
            long live1 = 0;
            for (int i = 0; i < 50; i++) {
                try (Scope s = Scope.open()) {
                    Tensor y = x.matmul(w).tanh().sum();
                    Tensor[] g = Autograd.grad(y, null, true, w);
                    Tensor penalty = g[0].mul(g[0]).sum();
                    y.add(penalty).backward();
                    try (GradMode.Guard off = GradMode.noGrad()) {
                        w.subInPlace(w.grad().mul(0.01));
                    }
                    w.zeroGrad();
                }
                if (i == 1) live1 = st.liveBytes();
                if (i > 1) assertEquals(live1, st.liveBytes(), "step " + i);
            }
        }
        assertBackToBaseline();
    }
}
