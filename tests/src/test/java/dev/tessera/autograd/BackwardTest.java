// Behaviour of backward(): scalar roots, explicit gradients and their errors, accumulation,
// zeroGrad/clearGrad, detach, no-grad regions, requiresGrad rules, retainGraph, createGraph
// (gradients of gradients), hooks, broadcasting and views. Each test runs in its own scope and
// must leave no live bytes behind.
package dev.tessera.autograd;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.Scope;
import dev.tessera.memory.Storage;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.tessera.autograd.Grads.assertGrad;
import static dev.tessera.autograd.Grads.assertValues;
import static dev.tessera.autograd.Grads.iota;
import static dev.tessera.autograd.Grads.leaf;
import static org.junit.jupiter.api.Assertions.*;

class BackwardTest {
    private Scope scope;
    private long liveBefore;

    @BeforeEach
    void open() {
        assertTrue(GradMode.isEnabled(), "grad mode left off by an earlier test");
        liveBefore = MemoryStats.cpu().liveBytes();
        scope = Scope.open();
    }

    @AfterEach
    void close() {
        scope.close();
        assertTrue(GradMode.isEnabled(), "grad mode left off");
        assertEquals(liveBefore, MemoryStats.cpu().liveBytes(), "the test's scope left live bytes");
    }

    // ------------------------------------------------------------------ roots and explicit gradients

    @Test
    void backwardOnAScalar() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x).sum();
        assertEquals(0, y.dim());
        assertFalse(y.isLeaf());
        y.backward();
        assertGrad(x, new long[] {3}, 2, 4, 6);
    }

    @Test
    void backwardOnAOneElementTensorThatIsNotZeroD() {
        Tensor x = leaf(new double[] {2}, 1, 1);
        Tensor y = x.mul(x).mul(x); // [1, 1]
        y.backward();
        assertGrad(x, new long[] {1, 1}, 12);
    }

    @Test
    void backwardOnALeafAccumulatesOnes() {
        Tensor x = leaf(new double[] {5}, new long[0]);
        x.backward();
        assertGrad(x, new long[0], 1);
    }

    @Test
    void explicitGradientForANonScalar() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x); // dy/dx = 2x
        Tensor g = Tensor.of(1.0, 10.0, 100.0);
        y.backward(g);
        assertGrad(x, new long[] {3}, 2, 40, 600);
        assertValues(new double[] {1, 10, 100}, g, "the caller's gradient is left alone");
    }

    @Test
    void explicitGradientThatFlowsUnchangedIsNotFreed() {
        // add and neg-free paths hand the incoming gradient on as is; it belongs to the caller.
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.add(1.0);
        Tensor g = Tensor.of(1.0, 2.0, 3.0);
        y.backward(g);
        assertGrad(x, new long[] {3}, 1, 2, 3);
        assertFalse(g.isClosed(), "backward closed the caller's gradient tensor");
        assertValues(new double[] {1, 2, 3}, g, "caller's gradient");
        assertEquals(6.0, g.sum().item(), "still usable");
    }

    @Test
    void nonScalarWithoutGradientFails() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("pass the gradient explicitly"), e.getMessage());
        assertNull(x.grad());
        // The failed call did not consume the graph.
        y.backward(Tensor.ones(DType.F64, 3));
        assertGrad(x, new long[] {3}, 2, 2, 2);
    }

    @Test
    void gradientOfTheWrongShapeFails() {
        Tensor x = leaf(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor y = x.mul(2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(DType.F64, 3, 2)));
        assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[2, 3]"), e.getMessage());
        // Broadcastable is not enough either: backward wants exactly the root's shape.
        assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(DType.F64, 3)));
        assertNull(x.grad());
    }

    @Test
    void backwardOnATensorWithoutGraphFails() {
        Tensor c = Tensor.of(1.0, 2.0).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, c::backward);
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }

    @Test
    void backwardOnAClosedTensorFails() {
        Tensor x = leaf(1, 2);
        Tensor y = x.sum();
        y.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    // ------------------------------------------------------------------ accumulation, zeroGrad, clearGrad

    @Test
    void gradientsAccumulateOverTwoBackwardCalls() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).sum().backward();            // 2x
        x.mul(3.0).sum().backward();          // + 3
        assertGrad(x, new long[] {3}, 5, 7, 9);
    }

    @Test
    void aLeafUsedTwiceInOneGraphGetsTheSum() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(2.0).add(x.exp()).add(x); // 2 + e^x + 1
        y.sum().backward();
        assertGrad(x, new long[] {3}, 3 + Math.exp(1), 3 + Math.exp(2), 3 + Math.exp(3));
    }

    @Test
    void zeroGradKeepsTheSameStorageAndZeroes() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).sum().backward();
        Tensor g = x.grad();
        Storage storage = g.storage();
        x.zeroGrad();
        assertSame(g, x.grad(), "zeroGrad keeps the gradient tensor");
        assertSame(storage, x.grad().storage(), "zeroGrad keeps the storage");
        assertValues(new double[] {0, 0, 0}, x.grad(), "zeroed");
        x.mul(4.0).sum().backward();
        assertSame(storage, x.grad().storage(), "the next backward accumulates into the same storage");
        assertGrad(x, new long[] {3}, 4, 4, 4);
    }

    @Test
    void zeroGradWithoutGradientIsANoOp() {
        Tensor x = leaf(1, 2);
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void clearGradFreesTheGradient() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).sum().backward();
        Tensor g = x.grad();
        x.clearGrad();
        assertNull(x.grad());
        assertTrue(g.isClosed(), "clearGrad frees the old gradient");
        x.mul(5.0).sum().backward();
        assertNotSame(g, x.grad());
        assertGrad(x, new long[] {3}, 5, 5, 5);
    }

    // ------------------------------------------------------------------ detach and no-grad

    @Test
    void detachCutsTheGraphAndSharesStorage() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(2.0);
        Tensor d = y.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        assertNull(d.gradFn());
        assertSame(y.storage(), d.storage(), "detach shares storage");
        assertArrayEquals(y.shape(), d.shape());
        // d is a constant for autograd: the gradient of x * d is d, not 2d + ...
        Tensor z = x.mul(d).sum();
        z.backward();
        assertGrad(x, new long[] {3}, 2, 4, 6);
        Tensor e = d.mul(3.0);
        assertFalse(e.requiresGrad(), "ops on a detached tensor record nothing");
        // A detached leaf may be made a variable of its own.
        d.requiresGrad(true);
        d.mul(d).sum().backward();
        assertGrad(d, new long[] {3}, 4, 8, 12);
        assertGrad(x, new long[] {3}, 2, 4, 6);
    }

    @Test
    void noGradResultsDoNotRequireGrad() {
        Tensor x = leaf(1, 2, 3);
        Tensor y;
        try (GradMode.Guard g = GradMode.noGrad()) {
            assertFalse(GradMode.isEnabled());
            y = x.mul(2.0).exp().sum();
        }
        assertTrue(GradMode.isEnabled());
        assertFalse(y.requiresGrad());
        assertNull(y.gradFn());
        assertThrows(IllegalStateException.class, y::backward);
    }

    @Test
    void noGradNestsAndRestores() {
        Tensor x = leaf(1, 2);
        try (GradMode.Guard a = GradMode.noGrad()) {
            try (GradMode.Guard b = GradMode.noGrad()) {
                assertFalse(GradMode.isEnabled());
            }
            assertFalse(GradMode.isEnabled(), "inner noGrad restores the outer noGrad");
            try (GradMode.Guard c = GradMode.enableGrad()) {
                assertTrue(GradMode.isEnabled());
                assertTrue(x.mul(2.0).requiresGrad(), "enableGrad records inside noGrad");
            }
            assertFalse(GradMode.isEnabled());
            assertFalse(x.mul(2.0).requiresGrad());
        }
        assertTrue(GradMode.isEnabled());
        assertTrue(x.mul(2.0).requiresGrad());
    }

    @Test
    void noGradRestoresAcrossExceptions() {
        assertThrows(IllegalStateException.class, () -> {
            try (GradMode.Guard a = GradMode.noGrad()) {
                try (GradMode.Guard b = GradMode.enableGrad()) {
                    throw new IllegalStateException("boom");
                }
            }
        });
        assertTrue(GradMode.isEnabled());
        // An op that fails inside noGrad leaves the mode as it was too.
        Tensor x = leaf(1, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> {
            try (GradMode.Guard a = GradMode.noGrad()) {
                x.add(Tensor.ones(DType.F64, 4));
            }
        });
        assertTrue(GradMode.isEnabled());
        // So does a backward that throws (it runs with grad mode off inside).
        Tensor y = x.mul(2.0);
        assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void gradModeIsPerThread() throws Exception {
        AtomicBoolean seen = new AtomicBoolean();
        try (GradMode.Guard a = GradMode.noGrad()) {
            Thread t = new Thread(() -> seen.set(GradMode.isEnabled()));
            t.start();
            t.join();
        }
        assertTrue(seen.get(), "another thread's grad mode is not affected by noGrad here");
    }

    @Test
    void backwardDoesNotRecordItsOwnOps() {
        Tensor x = leaf(1, 2, 3);
        x.exp().sum().backward();
        assertFalse(x.grad().requiresGrad(), "without createGraph the gradient has no graph");
        assertNull(x.grad().gradFn());
    }

    // ------------------------------------------------------------------ requiresGrad rules

    @Test
    void requiresGradOnIntegerTensorsFails() {
        for (DType dt : new DType[] {DType.I64, DType.I32, DType.U8, DType.BOOL}) {
            Tensor t = Tensor.zeros(dt, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.requiresGrad(true), dt.toString());
            assertTrue(e.getMessage().contains("floating"), e.getMessage());
            assertFalse(t.requiresGrad());
            t.requiresGrad(false); // turning it off is always fine
        }
        assertTrue(Tensor.zeros(DType.F32, 2).requiresGrad(true).requiresGrad());
    }

    @Test
    void requiresGradOnANonLeafFails() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
        assertTrue(e.getMessage().contains("leaf") && e.getMessage().contains("mul"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> y.requiresGrad(true));
        assertTrue(y.requiresGrad());
    }

    @Test
    void resultsOfTensorsWithoutGradAreLeaves() {
        Tensor a = Tensor.of(1.0, 2.0);
        Tensor b = a.mul(2.0);
        assertFalse(b.requiresGrad());
        assertTrue(b.isLeaf());
        Tensor x = leaf(1, 2);
        Tensor c = a.mul(x);
        assertTrue(c.requiresGrad());
        assertFalse(c.isLeaf());
    }

    // ------------------------------------------------------------------ retainGraph and createGraph

    @Test
    void secondBackwardWithoutRetainGraphFails() {
        Tensor x = leaf(0.5, 1.0);
        Tensor y = x.exp().sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("second time") && e.getMessage().contains("retainGraph"), e.getMessage());
        assertGrad(x, new long[] {2}, Math.exp(0.5), Math.exp(1.0));
    }

    @Test
    void secondBackwardThroughOpsThatSaveNothingFailsToo() {
        Tensor x = leaf(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor y = x.t().reshape(4);
        y.backward(Tensor.ones(DType.F64, 4));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward(Tensor.ones(DType.F64, 4)));
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }

    @Test
    void retainGraphAllowsASecondBackwardThatAccumulates() {
        Tensor x = leaf(0.5, 1.0);
        Tensor y = x.exp().sum();
        y.backward(null, true, false);
        y.backward(null, true, false);
        y.backward();
        assertGrad(x, new long[] {2}, 3 * Math.exp(0.5), 3 * Math.exp(1.0));
        assertThrows(IllegalStateException.class, y::backward, "the last backward released the graph");
    }

    @Test
    void secondDerivativeOfXCubedByCreateGraph() {
        Tensor x = leaf(0.5, -1.0, 2.0);
        Tensor y = x.pow(3L).sum();
        y.backward(null, false, true);
        Tensor g = x.grad();
        assertTrue(g.requiresGrad(), "with createGraph the gradient has a graph");
        assertValues(new double[] {0.75, 3, 12}, g, "3x^2");
        Tensor[] second = Autograd.grad(g.sum(), null, false, x);
        assertValues(new double[] {3, -6, 12}, second[0], "6x");
    }

    @Test
    void secondDerivativeAccumulatesIntoGrad() {
        Tensor x = leaf(0.5, -1.0, 2.0);
        x.pow(3L).sum().backward(null, false, true);
        x.grad().sum().backward();
        // 3x^2 from the first pass plus 6x from the second (as PyTorch gives).
        assertGrad(x, new long[] {3}, 0.75 + 3, 3 - 6, 12 + 12);
    }

    @Test
    void gradOfGradViaAutogradGrad() {
        Tensor x = leaf(0.5, -1.0, 2.0);
        Tensor y = x.pow(3L).sum();
        Tensor[] g1 = Autograd.grad(y, null, true, x);
        assertValues(new double[] {0.75, 3, 12}, g1[0], "3x^2");
        assertNull(x.grad(), "Autograd.grad does not accumulate into grad");
        Tensor[] g2 = Autograd.grad(g1[0].sum(), null, true, x);
        assertValues(new double[] {3, -6, 12}, g2[0], "6x");
        Tensor[] g3 = Autograd.grad(g2[0].sum(), null, false, x);
        assertValues(new double[] {6, 6, 6}, g3[0], "6");
        assertNull(x.grad());
    }

    @Test
    void mixedSecondDerivative() {
        // f = sum(x^2 * w): df/dx = 2xw, d/dw sum(df/dx) = 2x.
        Tensor x = leaf(1, 2, 3);
        Tensor w = leaf(4, 5, 6);
        Tensor f = x.mul(x).mul(w).sum();
        Tensor[] gx = Autograd.grad(f, null, true, x);
        assertValues(new double[] {8, 20, 36}, gx[0], "2xw");
        Tensor[] gw = Autograd.grad(gx[0].sum(), null, false, w);
        assertValues(new double[] {2, 4, 6}, gw[0], "2x");
    }

    @Test
    void autogradGradGivesZerosForUnusedInputs() {
        Tensor x = leaf(1, 2);
        Tensor unused = leaf(3, 4, 5);
        Tensor[] g = Autograd.grad(x.mul(x).sum(), null, false, x, unused);
        assertValues(new double[] {2, 4}, g[0], "used");
        assertValues(new double[] {0, 0, 0}, g[1], "unused");
        assertNull(x.grad());
        assertNull(unused.grad());
    }

    @Test
    void autogradGradRejectsNonLeafInputs() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Autograd.grad(y.sum(), null, false, y));
        assertTrue(e.getMessage().contains("leaf"), e.getMessage());
    }

    @Test
    void autogradGradOfANonScalarWithoutGradientFails() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Autograd.grad(y, null, false, x));
        assertTrue(e.getMessage().contains("pass the gradient explicitly"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(y, Tensor.ones(DType.F64, 3), false, x));
        assertTrue(e2.getMessage().contains("[3]"), e2.getMessage());
    }

    // ------------------------------------------------------------------ hooks

    @Test
    void hookOnALeafObservesTheGradient() {
        Tensor x = leaf(1, 2, 3);
        List<double[]> seen = new ArrayList<>();
        x.registerHook(g -> {
            seen.add(g.toDoubleArray());
            return null; // null: keep the gradient as is
        });
        x.mul(x).sum().backward();
        assertEquals(1, seen.size());
        assertArrayEquals(new double[] {2, 4, 6}, seen.get(0));
        assertGrad(x, new long[] {3}, 2, 4, 6);
    }

    @Test
    void hookOnALeafReplacesTheGradient() {
        Tensor x = leaf(1, 2, 3);
        x.registerHook(g -> g.mul(10.0));
        x.mul(x).sum().backward();
        assertGrad(x, new long[] {3}, 20, 40, 60);
    }

    @Test
    void hooksRunInOrderOfRegistration() {
        Tensor x = leaf(1, 2);
        x.registerHook(g -> g.add(1.0));
        x.registerHook(g -> g.mul(3.0));
        x.sum().backward();
        assertGrad(x, new long[] {2}, 6, 6);
    }

    @Test
    void hookOnANonLeafObservesAndReplaces() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x);            // dy/dx = 2x
        AtomicReference<double[]> seen = new AtomicReference<>();
        y.registerHook(g -> {
            seen.set(g.toDoubleArray());
            return g.mul(Tensor.of(1.0, 0.0, -1.0));
        });
        y.mul(5.0).sum().backward();
        assertArrayEquals(new double[] {5, 5, 5}, seen.get(), "the hook sees dL/dy");
        assertGrad(x, new long[] {3}, 10, 0, -30);
        assertNull(y.grad(), "a non-leaf keeps no grad");
    }

    @Test
    void hookOnTheRootSeesTheInitialGradient() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3.0).sum();
        AtomicReference<Double> seen = new AtomicReference<>();
        y.registerHook(g -> {
            seen.set(g.item());
            return g.mul(2.0);
        });
        y.backward();
        assertEquals(1.0, seen.get());
        assertGrad(x, new long[] {2}, 6, 6);
    }

    @Test
    void hookReturningTheWrongShapeFailsClearly() {
        Tensor x = leaf(1, 2, 3);
        x.registerHook(g -> g.sum());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.mul(x).sum().backward());
        assertTrue(e.getMessage().contains("hook") && e.getMessage().contains("[3]"), e.getMessage());

        Tensor a = leaf(1, 2, 3);
        Tensor b = a.mul(2.0);
        b.registerHook(g -> g.reshape(3, 1));
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> b.sum().backward());
        assertTrue(e2.getMessage().contains("hook") && e2.getMessage().contains("[3, 1]"), e2.getMessage());
    }

    @Test
    void hookOnATensorWithoutGradFails() {
        Tensor c = Tensor.of(1.0, 2.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.registerHook(g -> g));
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }

    // ------------------------------------------------------------------ broadcasting

    @Test
    void broadcastAddReducesBackToEachInputShape() {
        Tensor a = leaf(new double[] {1, 2, 3}, 3, 1);
        Tensor b = leaf(new double[] {10, 20, 30, 40}, 1, 4);
        Tensor s = a.add(b);
        assertArrayEquals(new long[] {3, 4}, s.shape());
        s.sum().backward();
        assertGrad(a, new long[] {3, 1}, 4, 4, 4);
        assertGrad(b, new long[] {1, 4}, 3, 3, 3, 3);
    }

    @Test
    void broadcastMulSumsTheOtherFactorOverBroadcastDims() {
        Tensor a = leaf(new double[] {1, 2, 3}, 3, 1);
        Tensor b = leaf(new double[] {10, 20, 30, 40}, 1, 4);
        a.mul(b).sum().backward();
        assertGrad(a, new long[] {3, 1}, 100, 100, 100);   // sum of b
        assertGrad(b, new long[] {1, 4}, 6, 6, 6, 6);       // sum of a
    }

    @Test
    void broadcastOverAddedLeadingDimsAndZeroD() {
        Tensor v = leaf(1, 2, 3, 4);                               // [4]
        Tensor m = leaf(iota(2, 3, 4).toDoubleArray(), 2, 3, 4);   // [2, 3, 4]
        Tensor s = leaf(new double[] {2}, new long[0]);            // 0-d
        m.sub(v).mul(s).sum().backward();
        assertGrad(v, new long[] {4}, -12, -12, -12, -12);
        double[] ones2 = new double[24];
        java.util.Arrays.fill(ones2, 2);
        assertGrad(m, new long[] {2, 3, 4}, ones2);
        double expectedS = 0;
        for (int i = 0; i < 24; i++) expectedS += (i + 1) - (i % 4 + 1);
        assertGrad(s, new long[0], expectedS);
    }

    @Test
    void broadcastWithAnExplicitNonUniformGradient() {
        Tensor a = leaf(new double[] {1, 2}, 2, 1);
        Tensor b = leaf(new double[] {1, 1, 1}, 3);
        Tensor y = a.add(b); // [2, 3]
        y.backward(iota(2, 3));
        assertGrad(a, new long[] {2, 1}, 1 + 2 + 3, 4 + 5 + 6);
        assertGrad(b, new long[] {3}, 1 + 4, 2 + 5, 3 + 6);
    }

    // ------------------------------------------------------------------ views

    @Test
    void gradientThroughASliceLandsInTheSlicedColumns() {
        Tensor x = leaf(iota(3, 4).toDoubleArray(), 3, 4);
        x.slice(1, 1, 3).mul(iota(3, 2)).sum().backward();
        assertGrad(x, new long[] {3, 4},
                0, 1, 2, 0,
                0, 3, 4, 0,
                0, 5, 6, 0);
    }

    @Test
    void gradientThroughAStepSlice() {
        Tensor x = leaf(iota(6).toDoubleArray(), 6);
        x.slice(0, 1, 6, 2).mul(Tensor.of(1.0, 2.0, 3.0)).sum().backward();
        assertGrad(x, new long[] {6}, 0, 1, 0, 2, 0, 3);
    }

    @Test
    void gradientThroughASelect() {
        Tensor x = leaf(iota(3, 4).toDoubleArray(), 3, 4);
        x.select(0, 2).mul(Tensor.of(1.0, 2.0, 3.0, 4.0)).sum().backward();
        x.select(1, -1).sum().backward();
        assertGrad(x, new long[] {3, 4},
                0, 0, 0, 1,
                0, 0, 0, 1,
                1, 2, 3, 5);
    }

    @Test
    void gradientThroughATranspose() {
        Tensor x = leaf(iota(2, 3).toDoubleArray(), 2, 3);
        Tensor w = iota(3, 2); // weights of x^T
        x.transpose(0, 1).mul(w).sum().backward();
        assertGrad(x, new long[] {2, 3}, 1, 3, 5, 2, 4, 6);
    }

    @Test
    void gradientThroughAnExpandSumsTheCopies() {
        Tensor x = leaf(new double[] {1, 2, 3}, 1, 3);
        x.expand(4, 3).mul(iota(4, 3)).sum().backward();
        assertGrad(x, new long[] {1, 3}, 1 + 4 + 7 + 10, 2 + 5 + 8 + 11, 3 + 6 + 9 + 12);
    }

    @Test
    void gradientThroughAReshapeAndAPermute() {
        Tensor x = leaf(iota(2, 3).toDoubleArray(), 2, 3);
        x.reshape(3, 2).mul(iota(3, 2)).sum().backward();
        assertGrad(x, new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
        x.clearGrad();
        Tensor y = leaf(iota(2, 3, 4).toDoubleArray(), 2, 3, 4);
        Tensor w = iota(4, 2, 3);
        y.permute(2, 0, 1).mul(w).sum().backward();
        // y[i, j, k] meets w[k, i, j]
        double[] expected = new double[24];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++) expected[i * 12 + j * 4 + k] = 1 + k * 6 + i * 3 + j;
        assertGrad(y, new long[] {2, 3, 4}, expected);
    }

    @Test
    void gradientThroughChainedViews() {
        Tensor x = leaf(iota(3, 4).toDoubleArray(), 3, 4);
        // column 1 of x^T's rows 1..2 is x[1, 1..3)... pick x^T[1:3, 1] = x[1, 1], x[1, 2]
        Tensor v = x.t().slice(0, 1, 3).select(1, 1);
        assertValues(new double[] {6, 7}, v, "values of the view");
        v.mul(Tensor.of(10.0, 100.0)).sum().backward();
        assertGrad(x, new long[] {3, 4},
                0, 0, 0, 0,
                0, 10, 100, 0,
                0, 0, 0, 0);
    }

    @Test
    void overlappingViewsOfOneLeafAccumulate() {
        Tensor x = leaf(1, 2, 3, 4);
        Tensor y = x.slice(0, 0, 3).add(x.slice(0, 1, 4)); // x0+x1, x1+x2, x2+x3
        y.sum().backward();
        assertGrad(x, new long[] {4}, 1, 2, 2, 1);
    }

    @Test
    void splitAndCatRoundTrip() {
        Tensor x = leaf(iota(6).toDoubleArray(), 6);
        List<Tensor> parts = x.split(2, 0);
        Tensor y = Tensor.cat(0, parts.get(2), parts.get(0)); // drops the middle part
        y.mul(iota(4)).sum().backward();
        assertGrad(x, new long[] {6}, 3, 4, 0, 0, 1, 2);
    }

    // ------------------------------------------------------------------ dtype

    @Test
    void f32LeavesGetF32Gradients() {
        Tensor x = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        x.mul(x).sum().backward();
        assertEquals(DType.F32, x.grad().dtype());
        assertArrayEquals(new float[] {2, 4, 6}, x.grad().toFloatArray());
    }

    @Test
    void gradientThroughACastComesBackInTheLeafDtype() {
        Tensor x = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        x.to(DType.F64).mul(2.0).sum().backward();
        assertEquals(DType.F32, x.grad().dtype());
        assertArrayEquals(new float[] {2, 2, 2}, x.grad().toFloatArray());
    }
}
