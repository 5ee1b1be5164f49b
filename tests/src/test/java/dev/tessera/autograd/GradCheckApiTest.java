// GradCheck as a public API: it passes correct gradients, FAILS deliberately wrong ones (custom
// backward formulas recorded with Autograd.record) in full, fast and second-order mode, reports the
// worst element (input, index, analytic, numeric, relative error), and validates its inputs.
package dev.tessera.autograd;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.Scope;
import dev.tessera.ops.Elementwise;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static dev.tessera.autograd.Grads.leaf;
import static org.junit.jupiter.api.Assertions.*;

class GradCheckApiTest {
    private Scope scope;
    private long liveBefore;

    @BeforeEach
    void open() {
        liveBefore = MemoryStats.cpu().liveBytes();
        scope = Scope.open();
    }

    @AfterEach
    void close() {
        scope.close();
        assertTrue(GradMode.isEnabled());
        assertEquals(liveBefore, MemoryStats.cpu().liveBytes(), "the test's scope left live bytes");
    }

    // ------------------------------------------------------------------ deliberately wrong ops

    /** -x with the gradient of +x: wrong everywhere on the diagonal. */
    static Tensor negWithWrongSign(Tensor x) {
        Tensor out;
        try (GradMode.Guard off = GradMode.noGrad()) {
            out = x.neg();
        }
        if (Autograd.needed(x)) Autograd.record(Elementwise.NEG, out, new Tensor[] {x}, (n, g) -> new Tensor[] {g});
        return out;
    }

    /** a * b with b's gradient wrong at element [1, 2] only (halved there). */
    static Tensor mulWrongAtOneElement(Tensor a, Tensor b) {
        Tensor out;
        try (GradMode.Guard off = GradMode.noGrad()) {
            out = a.mul(b);
        }
        if (Autograd.needed(a, b)) {
            Autograd.record(Elementwise.MUL, out, new Tensor[] {a, b}, new Tensor[] {a, b}, (n, g) -> {
                Tensor sa = n.saved(0);
                Tensor sb = n.saved(1);
                Tensor scale = Tensor.ones(DType.F64, 2, 3);
                scale.set(0.5, 1, 2);
                return new Tensor[] {g.mul(sb), g.mul(sa).mul(scale)};
            });
        }
        return out;
    }

    /** x^2 whose backward is right to first order but uses a detached x: its own gradient is lost. */
    static Tensor squareWithDetachedBackward(Tensor x) {
        Tensor out;
        try (GradMode.Guard off = GradMode.noGrad()) {
            out = x.mul(x);
        }
        if (Autograd.needed(x)) {
            Autograd.record(Elementwise.MUL, out, new Tensor[] {x}, new Tensor[] {x},
                    (n, g) -> new Tensor[] {g.mul(n.saved(0).detach().mul(2.0))});
        }
        return out;
    }

    // ------------------------------------------------------------------ passing

    @Test
    void correctGradientsPass() {
        Tensor a = leaf(new double[] {0.3, -0.7, 1.1, 0.5, -0.2, 0.9}, 2, 3);
        Tensor b = leaf(new double[] {0.4, 0.8, -1.3}, 3);
        Function<Tensor[], Tensor> f = xs -> xs[0].mul(xs[1]).tanh().add(xs[0].exp());
        GradCheck.Result r = GradCheck.check(f, a, b);
        assertTrue(r.passed(), r.toString());
        assertEquals(6 * 6 + 6 * 3, r.comparisons(), "full Jacobian: outputs x elements, per input");
        assertTrue(r.relativeError() < 1e-5, r.toString());
        assertTrue(r.toString().startsWith("gradcheck passed"), r.toString());
        assertTrue(GradCheck.check(f, GradCheck.Options.defaults().withFast(true), a, b).passed());
        assertTrue(GradCheck.checkSecondOrder(f, GradCheck.Options.defaults().withFast(true).withTolerances(1e-4, 1e-3), a, b).passed());
        assertNull(a.grad(), "gradcheck doesn't touch .grad");
        assertArrayEquals(new double[] {0.3, -0.7, 1.1, 0.5, -0.2, 0.9}, a.toDoubleArray(), 0, "inputs restored");
    }

    @Test
    void assertPassesReturnsTheResult() {
        Tensor x = leaf(0.5, 1.5);
        GradCheck.Result r = GradCheck.assertPasses("sin", xs -> xs[0].sin(), GradCheck.Options.defaults(), x);
        assertTrue(r.passed());
    }

    // ------------------------------------------------------------------ failing

    @Test
    void aWrongGradientFailsAndIsReported() {
        Tensor x = leaf(0.5, -1.0, 2.0);
        GradCheck.Result r = GradCheck.check(xs -> negWithWrongSign(xs[0]), x);
        assertFalse(r.passed(), r.toString());
        assertEquals(0, r.input());
        assertEquals(1, r.index().length);
        assertEquals(1.0, r.analytic(), 1e-9);
        assertEquals(-1.0, r.numeric(), 1e-6);
        assertEquals(2.0, r.relativeError(), 1e-5);
        assertTrue(r.toString().startsWith("gradcheck FAILED") && r.toString().contains("analytic")
                && r.toString().contains("numeric"), r.toString());
        AssertionError e = assertThrows(AssertionError.class,
                () -> GradCheck.assertPasses("neg with a wrong sign", xs -> negWithWrongSign(xs[0]), GradCheck.Options.defaults(), x));
        assertTrue(e.getMessage().contains("neg with a wrong sign") && e.getMessage().contains("FAILED"), e.getMessage());
    }

    @Test
    void theWorstElementIsLocated() {
        Tensor a = leaf(new double[] {0.3, -0.7, 1.1, 0.5, -0.2, 0.9}, 2, 3);
        Tensor b = leaf(new double[] {0.4, 0.8, -1.3, 0.6, -0.9, 1.7}, 2, 3);
        GradCheck.Result r = GradCheck.check(xs -> mulWrongAtOneElement(xs[0], xs[1]), a, b);
        assertFalse(r.passed(), r.toString());
        assertEquals(1, r.input(), "the wrong gradient is b's: " + r);
        assertArrayEquals(new long[] {1, 2}, r.index(), r.toString());
        assertEquals(0.9 * 0.5, r.analytic(), 1e-9, r.toString());
        assertEquals(0.9, r.numeric(), 1e-6, r.toString());
        assertEquals(0.5, r.relativeError(), 1e-5, r.toString());
        assertTrue(r.toString().contains("input 1 at [1, 2]"), r.toString());
    }

    @Test
    void theReportedElementOfAFailedCheckIsAFailingOne() {
        // Element 0 has a large relative error but passes (within atol); element 1 fails with a
        // smaller relative error: the report must show element 1.
        Tensor x = leaf(0.5, 0.7);
        Tensor c = Tensor.of(1e-9, 1.0);
        Tensor wrong = Tensor.of(2e-9, 0.5);
        Function<Tensor[], Tensor> f = xs -> {
            Tensor out;
            try (GradMode.Guard off = GradMode.noGrad()) {
                out = xs[0].mul(c);
            }
            if (Autograd.needed(xs[0])) {
                Autograd.record(Elementwise.MUL, out, new Tensor[] {xs[0]}, (n, g) -> new Tensor[] {g.mul(wrong)});
            }
            return out;
        };
        GradCheck.Result r = GradCheck.check(f, x);
        assertFalse(r.passed(), r.toString());
        assertArrayEquals(new long[] {1}, r.index(), r.toString());
        assertEquals(0.5, r.analytic(), 1e-12, r.toString());
        assertEquals(1.0, r.numeric(), 1e-6, r.toString());
    }

    @Test
    void fastModeCatchesWrongGradients() {
        GradCheck.Options fast = GradCheck.Options.defaults().withFast(true);
        Tensor x = leaf(0.5, -1.0, 2.0);
        GradCheck.Result r = GradCheck.check(xs -> negWithWrongSign(xs[0]), fast, x);
        assertFalse(r.passed(), r.toString());
        Tensor a = leaf(new double[] {0.3, -0.7, 1.1, 0.5, -0.2, 0.9}, 2, 3);
        Tensor b = leaf(new double[] {0.4, 0.8, -1.3, 0.6, -0.9, 1.7}, 2, 3);
        GradCheck.Result r2 = GradCheck.check(xs -> mulWrongAtOneElement(xs[0], xs[1]), fast, a, b);
        assertFalse(r2.passed(), r2.toString());
        assertEquals(1, r2.input(), r2.toString());
        assertEquals(2, r2.comparisons(), "one projection per input");
        // Different seeds give different projections; each still catches it.
        for (long seed = 1; seed <= 5; seed++) {
            GradCheck.Options o = new GradCheck.Options(1e-6, 1e-5, 1e-3, true, seed);
            assertFalse(GradCheck.check(xs -> mulWrongAtOneElement(xs[0], xs[1]), o, a, b).passed(), "seed " + seed);
        }
    }

    @Test
    void secondOrderCatchesABackwardThatIsNotDifferentiable() {
        Tensor x = leaf(0.5, -1.0, 2.0);
        Function<Tensor[], Tensor> f = xs -> squareWithDetachedBackward(xs[0]);
        assertTrue(GradCheck.check(f, x).passed(), "first order is right");
        GradCheck.Options o = GradCheck.Options.defaults().withTolerances(1e-4, 1e-3);
        GradCheck.Result r = GradCheck.checkSecondOrder(f, o, x);
        assertFalse(r.passed(), r.toString());
        GradCheck.Result rf = GradCheck.checkSecondOrder(f, o.withFast(true), x);
        assertFalse(rf.passed(), rf.toString());
        // The same op with a differentiable backward passes.
        assertTrue(GradCheck.checkSecondOrder(xs -> xs[0].mul(xs[0]), o, x).passed());
    }

    @Test
    void secondOrderChecksTheBackwardAgainstItselfNotTheFunction() {
        // The second-order check differentiates the vector-Jacobian product the backward computes;
        // a backward that is wrong but smooth is consistent with itself, so only the first-order
        // check catches it (run both, as GradCheckTest does).
        Tensor x = leaf(0.5, -1.0, 2.0);
        Function<Tensor[], Tensor> f = xs -> mulSquareWrong(xs[0]);
        assertFalse(GradCheck.check(f, x).passed());
        assertTrue(GradCheck.checkSecondOrder(f, GradCheck.Options.defaults().withTolerances(1e-4, 1e-3), x).passed());
    }

    /** x^2 with backward 3x g: differentiable, but wrong, so its derivative (3 g) is wrong too. */
    private static Tensor mulSquareWrong(Tensor x) {
        Tensor out;
        try (GradMode.Guard off = GradMode.noGrad()) {
            out = x.mul(x);
        }
        if (Autograd.needed(x)) {
            Autograd.record(Elementwise.MUL, out, new Tensor[] {x}, new Tensor[] {x}, (n, g) -> new Tensor[] {g.mul(n.saved(0)).mul(3.0)});
        }
        return out;
    }

    @Test
    void tolerancesAreHonoured() {
        // A 0.05% error passes the default rtol 1e-3 and fails a tighter one.
        Tensor x = leaf(0.5, -1.0, 2.0);
        Function<Tensor[], Tensor> f = xs -> slightlyWrongScale(xs[0]);
        assertTrue(GradCheck.check(f, x).passed());
        assertFalse(GradCheck.check(f, GradCheck.Options.defaults().withTolerances(1e-8, 1e-5), x).passed());
    }

    private static Tensor slightlyWrongScale(Tensor x) {
        Tensor out;
        try (GradMode.Guard off = GradMode.noGrad()) {
            out = x.mul(2.0);
        }
        if (Autograd.needed(x)) {
            Autograd.record(Elementwise.MUL, out, new Tensor[] {x}, (n, g) -> new Tensor[] {g.mul(2.001)});
        }
        return out;
    }

    // ------------------------------------------------------------------ input validation

    @Test
    void nonF64InputsAreRejected() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradCheck.check(xs -> xs[0].exp(), x));
        assertTrue(e.getMessage().contains("f64") && e.getMessage().contains("f32"), e.getMessage());
    }

    @Test
    void nonLeafInputsAreRejected() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradCheck.check(xs -> xs[0].exp(), y));
        assertTrue(e.getMessage().contains("leaf"), e.getMessage());
    }

    @Test
    void inputsWithoutRequiresGradAreRejected() {
        Tensor x = Tensor.of(1.0, 2.0);
        Tensor ok = leaf(1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradCheck.check(xs -> xs[0].mul(xs[1]), ok, x));
        assertTrue(e.getMessage().contains("input 1") && e.getMessage().contains("requiresGrad"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> GradCheck.checkSecondOrder(xs -> xs[0].mul(xs[1]), GradCheck.Options.defaults(), ok, x));
    }
}
