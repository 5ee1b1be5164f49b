// The Optimizer contract beyond the update formulas: parameter validation, byName, the learning
// rate setter, zeroGrad keeping the gradient's memory, skipping parameters without a gradient,
// version bumps, state inspection, stateDict round trips and their validation, and closing.
package dev.tessera.optim;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class OptimizerApiTest {
    private static Tensor param(double... values) {
        return Tensor.of(values).requiresGrad(true);
    }

    /** loss = sum(w * w) for each w, backward: grad = 2 w. */
    private static void backward(List<Tensor> ws) {
        Tensor loss = null;
        for (Tensor w : ws) loss = loss == null ? w.mul(w).sum() : loss.add(w.mul(w).sum());
        loss.backward();
    }

    @Test
    void rejectsBadParameterLists() {
        try (Scope s = Scope.open()) {
            Tensor w = param(1, 2);
            assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1));
            assertThrows(NullPointerException.class, () -> new SGD(null, 0.1));
            IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(w, w), 0.1));
            assertTrue(dup.getMessage().contains("same tensor as parameter 0"), dup.getMessage());
            Tensor ints = Tensor.of(1L, 2L);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(ints)));
            assertTrue(e.getMessage().contains("floating point"), e.getMessage());
            Tensor nonLeaf = w.mul(2.0);
            e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(nonLeaf)));
            assertTrue(e.getMessage().contains("not a leaf"), e.getMessage());
            Tensor strided = Tensor.zeros(DType.F64, 3, 2).t().detach().requiresGrad(true);
            e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(strided), 0.1));
            assertTrue(e.getMessage().contains("not contiguous"), e.getMessage());
            Tensor closed = param(1);
            closed.close();
            assertThrows(IllegalStateException.class, () -> new SGD(List.of(closed), 0.1));
        }
    }

    @Test
    void rejectsBadHyperParameters() {
        try (Scope s = Scope.open()) {
            List<Tensor> ps = List.of(param(1, 2));
            assertThrows(IllegalArgumentException.class, () -> new SGD(ps, -0.1));
            assertThrows(IllegalArgumentException.class, () -> new SGD(ps, Double.NaN));
            assertThrows(IllegalArgumentException.class, () -> new SGD(ps, 0.1, -0.5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SGD.builder(ps).lr(0.1).nesterov(true).build());
            assertTrue(e.getMessage().contains("Nesterov"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SGD.builder(ps).momentum(0.9).dampening(0.1).nesterov(true).build());
            assertThrows(IllegalArgumentException.class, () -> Adam.builder(ps).betas(1.0, 0.999).build());
            assertThrows(IllegalArgumentException.class, () -> Adam.builder(ps).betas(0.9, -0.1).build());
            assertThrows(IllegalArgumentException.class, () -> AdamW.builder(ps).eps(-1).build());
            assertThrows(IllegalArgumentException.class, () -> RMSprop.builder(ps).alpha(-0.1).build());
            assertThrows(IllegalArgumentException.class, () -> Adagrad.builder(ps).lrDecay(-1).build());
            assertThrows(IllegalArgumentException.class, () -> Adagrad.builder(ps).initialAccumulatorValue(-1).build());
            Optimizer opt = new SGD(ps, 0.1);
            assertThrows(IllegalArgumentException.class, () -> opt.setLr(-1));
            assertEquals(0.1, opt.lr());
        }
    }

    @Test
    void defaultsArePyTorchs() {
        try (Scope s = Scope.open()) {
            List<Tensor> ps = List.of(param(1, 2));
            Adam adam = new Adam(ps);
            assertEquals(1e-3, adam.lr());
            assertEquals(0.9, adam.beta1());
            assertEquals(0.999, adam.beta2());
            assertEquals(1e-8, adam.eps());
            assertEquals(0, adam.weightDecay());
            assertFalse(adam.amsgrad());
            AdamW adamw = new AdamW(ps);
            assertEquals(1e-2, adamw.weightDecay());
            assertEquals(1e-2, AdamW.builder(ps).build().weightDecay());
            assertEquals("adamw", adamw.name());
            RMSprop rms = new RMSprop(ps);
            assertEquals(1e-2, rms.lr());
            assertEquals(0.99, rms.alpha());
            assertEquals(1e-8, rms.eps());
            Adagrad ada = new Adagrad(ps);
            assertEquals(1e-2, ada.lr());
            assertEquals(1e-10, ada.eps());
            SGD sgd = new SGD(ps, 0.1);
            assertEquals(0, sgd.momentum());
            assertTrue(sgd.bufferNames().isEmpty());
            assertEquals(List.of("momentum_buffer"), new SGD(ps, 0.1, 0.9).bufferNames());
            assertEquals(List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq"), Adam.builder(ps).amsgrad(true).build().bufferNames());
            assertEquals(List.of("square_avg", "momentum_buffer", "grad_avg"),
                    RMSprop.builder(ps).momentum(0.5).centered(true).build().bufferNames());
            assertTrue(adam.toString().startsWith("Adam(lr=0.001"), adam.toString());
        }
    }

    @Test
    void byNameKnowsTheFiveAndListsThemOtherwise() {
        try (Scope s = Scope.open()) {
            List<Tensor> ps = List.of(param(1, 2));
            assertInstanceOf(SGD.class, Optimizer.byName("sgd", ps, 0.1));
            assertInstanceOf(Adam.class, Optimizer.byName("Adam", ps, 0.1));
            assertInstanceOf(AdamW.class, Optimizer.byName("ADAMW", ps, 0.1));
            assertInstanceOf(RMSprop.class, Optimizer.byName("rmsprop", ps, 0.1));
            assertInstanceOf(Adagrad.class, Optimizer.byName("adagrad", ps, 0.1));
            assertEquals(0.25, Optimizer.byName("adam", ps, 0.25).lr());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizer.byName("lbfgs", ps, 0.1));
            assertTrue(e.getMessage().contains("lbfgs") && e.getMessage().contains("sgd, adam, adamw, rmsprop, adagrad"), e.getMessage());
        }
    }

    @Test
    void lrSetterTakesEffectOnTheNextStep() {
        try (Scope s = Scope.open()) {
            Tensor w = param(1.0);
            SGD opt = new SGD(List.of(w), 0.1);
            backward(List.of(w)); // grad 2
            opt.step();
            assertEquals(1.0 - 0.1 * 2, w.get(0), 1e-15);
            opt.setLr(0.01);
            assertEquals(0.01, opt.lr());
            opt.step(); // same grad (not zeroed)
            assertEquals(0.8 - 0.01 * 2, w.get(0), 1e-15);
        }
    }

    @Test
    void zeroGradKeepsTheGradientsMemory() {
        try (Scope s = Scope.open()) {
            Tensor w = param(1, 2, 3);
            Adam opt = new Adam(List.of(w), 0.1);
            backward(List.of(w));
            Tensor g = w.grad();
            long address = g.address("test");
            opt.step();
            opt.zeroGrad();
            assertSame(g, w.grad(), "zeroGrad must not replace the gradient tensor");
            assertFalse(g.isClosed());
            assertArrayEquals(new double[] {0, 0, 0}, g.toDoubleArray());
            backward(List.of(w));
            assertSame(g, w.grad(), "backward accumulates into the zeroed gradient");
            assertEquals(address, w.grad().address("test"));
            assertArrayEquals(w.mul(2.0).toDoubleArray(), w.grad().toDoubleArray(), 1e-15);
        }
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        try (Scope s = Scope.open()) {
            Tensor a = param(1, 2), b = param(3, 4);
            Tensor frozen = Tensor.of(5.0, 6.0); // requiresGrad off: allowed, never updated
            Adam opt = new Adam(List.of(a, b, frozen), 0.1);
            backward(List.of(a)); // only a gets a gradient
            opt.step();
            assertArrayEquals(new double[] {3, 4}, b.toDoubleArray());
            assertArrayEquals(new double[] {5, 6}, frozen.toDoubleArray());
            assertNotNull(opt.state(a));
            assertNull(opt.state(b), "no state before a parameter's first update");
            assertNull(opt.state(2));
            assertEquals(1, opt.state().size());
            backward(List.of(a, b));
            opt.step();
            assertEquals(2, opt.state(a).step());
            assertEquals(1, opt.state(b).step(), "b's step count starts at its own first update");
            a.clearGrad();
            opt.step();
            assertEquals(2, opt.state(a).step(), "a cleared gradient skips the parameter");
            assertEquals(2, opt.state(b).step());
            assertThrows(IllegalArgumentException.class, () -> opt.state(Tensor.of(1.0)));
        }
    }

    @Test
    void stepBumpsTheParametersVersionAndRecordsNoGraph() {
        try (Scope s = Scope.open()) {
            Tensor w = param(1, 2);
            SGD opt = new SGD(List.of(w), 0.1, 0.9);
            backward(List.of(w));
            int before = w.storage().version();
            opt.step();
            assertTrue(w.storage().version() > before, "an in-place update bumps the version counter");
            assertTrue(w.isLeaf() && w.requiresGrad());
            Tensor saved = w.mul(w); // saves w for backward
            opt.step();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> saved.sum().backward());
            assertNotNull(e.getMessage());
        }
    }

    @Test
    void stateIsInspectableByName() {
        try (Scope s = Scope.open()) {
            Tensor w = param(1, -2);
            RMSprop opt = RMSprop.builder(List.of(w)).lr(0.1).momentum(0.5).centered(true).build();
            backward(List.of(w)); // grad = [2, -4]
            opt.step();
            Optimizer.ParamState st = opt.state(w);
            assertEquals(1, st.step());
            assertEquals(List.of("square_avg", "momentum_buffer", "grad_avg"), List.copyOf(st.buffers().keySet()));
            assertArrayEquals(new double[] {0.01 * 4, 0.01 * 16}, st.buffer("square_avg").toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {0.01 * 2, 0.01 * -4}, st.buffer("grad_avg").toDoubleArray(), 1e-15);
            assertThrows(IllegalArgumentException.class, () -> st.buffer("exp_avg"));
        }
    }

    @Test
    void stateDictRoundTripContinuesTheSameTrajectory() {
        try (Scope s = Scope.open()) {
            Tensor a = param(1, -2, 3), b = param(0.5);
            Adam opt = Adam.builder(List.of(a, b)).lr(0.05).amsgrad(true).build();
            for (int t = 0; t < 3; t++) {
                backward(List.of(a, b));
                opt.step();
                opt.zeroGrad();
            }
            Optimizer.StateDict dict = opt.stateDict();
            assertEquals(Map.of("lr", 0.05, "0.step", 3.0, "1.step", 3.0), dict.scalars());
            assertEquals(List.of("0.exp_avg", "0.exp_avg_sq", "0.max_exp_avg_sq", "1.exp_avg", "1.exp_avg_sq", "1.max_exp_avg_sq"),
                    List.copyOf(dict.tensors().keySet()));
            assertSame(opt.state(a).buffer("exp_avg"), dict.tensors().get("0.exp_avg"), "the dict holds the optimizer's own buffers");

            // A second optimizer over copies of the parameters, loaded from the dict (values copied, not shared).
            Tensor a2 = a.detach().copy().requiresGrad(true), b2 = b.detach().copy().requiresGrad(true);
            Adam opt2 = Adam.builder(List.of(a2, b2)).lr(0.5).amsgrad(true).build();
            opt2.loadStateDict(dict);
            assertEquals(0.05, opt2.lr());
            assertEquals(3, opt2.state(b2).step());
            assertNotSame(opt.state(a).buffer("exp_avg"), opt2.state(a2).buffer("exp_avg"));
            for (int t = 0; t < 2; t++) {
                backward(List.of(a, b));
                backward(List.of(a2, b2));
                opt.step();
                opt2.step();
                opt.zeroGrad();
                opt2.zeroGrad();
            }
            assertArrayEquals(a.toDoubleArray(), a2.toDoubleArray(), 0);
            assertArrayEquals(b.toDoubleArray(), b2.toDoubleArray(), 0);
            assertEquals(5, opt2.state(a2).step());

            // Loading an empty state (only lr) forgets everything: the next step is a first step again.
            opt2.loadStateDict(new Optimizer.StateDict(Map.of(), Map.of("lr", 0.01)));
            assertNull(opt2.state(a2));
            assertEquals(0.01, opt2.lr());
        }
    }

    @Test
    void loadStateDictRejectsMismatchesBeforeChangingAnything() {
        try (Scope s = Scope.open()) {
            Tensor a = param(1, 2);
            SGD opt = new SGD(List.of(a), 0.1, 0.9);
            backward(List.of(a));
            opt.step();
            Optimizer.StateDict good = opt.stateDict();
            Tensor buf = good.tensors().get("0.momentum_buffer");

            Map<String, Tensor> tensors = new HashMap<>(good.tensors());
            tensors.put("0.exp_avg", buf);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> opt.loadStateDict(new Optimizer.StateDict(tensors, good.scalars())));
            assertTrue(e.getMessage().contains("0.exp_avg"), e.getMessage());

            Map<String, Tensor> wrongShape = Map.of("0.momentum_buffer", Tensor.zeros(DType.F64, 3));
            e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(new Optimizer.StateDict(wrongShape, good.scalars())));
            assertTrue(e.getMessage().contains("doesn't match parameter 0"), e.getMessage());

            Map<String, Tensor> wrongIndex = Map.of("1.momentum_buffer", buf);
            e = assertThrows(IllegalArgumentException.class,
                    () -> opt.loadStateDict(new Optimizer.StateDict(wrongIndex, Map.of("lr", 0.1, "1.step", 1.0))));
            assertTrue(e.getMessage().contains("parameter 1"), e.getMessage());

            e = assertThrows(IllegalArgumentException.class,
                    () -> opt.loadStateDict(new Optimizer.StateDict(good.tensors(), Map.of("lr", 0.1))));
            assertTrue(e.getMessage().contains("0.step"), e.getMessage());

            e = assertThrows(IllegalArgumentException.class,
                    () -> opt.loadStateDict(new Optimizer.StateDict(good.tensors(), Map.of("0.step", 1.0))));
            assertTrue(e.getMessage().contains("'lr'"), e.getMessage());

            assertEquals(1, opt.state(a).step(), "a rejected dict changes nothing");
            assertFalse(buf.isClosed());
            opt.loadStateDict(good); // its own dict: a no-op
            assertEquals(1, opt.state(a).step());
        }
    }

    @Test
    void aClosedOptimizerRefusesToStep() {
        try (Scope s = Scope.open()) {
            Tensor w = param(1, 2);
            Adam opt = new Adam(List.of(w), 0.1);
            backward(List.of(w));
            opt.step();
            Tensor m = opt.state(w).buffer("exp_avg");
            opt.close();
            opt.close();
            assertTrue(m.isClosed(), "close() frees the state");
            assertTrue(opt.isClosed());
            IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void anOptimizerOutlivingItsScopeSaysSo() {
        try (Scope outer = Scope.open()) {
            Tensor w = param(1, 2);
            Adam opt;
            try (Scope inner = Scope.open()) {
                opt = new Adam(List.of(w), 0.1);
                backward(List.of(w));
                opt.step();
            }
            Adam o = opt;
            IllegalStateException e = assertThrows(IllegalStateException.class, o::step);
            assertTrue(e.getMessage().contains("scope the optimizer was made in is closed"), e.getMessage());
        }
    }
}
