// Gradients through layers, checked by dev.tessera.autograd.GradCheck in float64 with respect to
// the input and every parameter: Linear, an MLP of Flatten/Linear/activations, a classifier head
// ending in LogSoftmax, tied weights, Dropout with a fixed mask, and a second-order check
// through Linear + Tanh.
package dev.tessera.nn;

import dev.tessera.autograd.GradCheck;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class NnGradCheckTest {
    private static final GradCheck.Options DEFAULTS = GradCheck.Options.defaults();

    /** The input (a fresh f64 leaf) followed by the module's parameters. */
    private static Tensor[] inputsAndParameters(Module m, long... inputShape) {
        List<Tensor> all = new ArrayList<>();
        all.add(Tensor.randn(new Generator(99), inputShape).to(DType.F64).requiresGrad(true));
        all.addAll(m.parameters());
        return all.toArray(new Tensor[0]);
    }

    private static void check(String what, Module m, long... inputShape) {
        Tensor[] inputs = inputsAndParameters(m, inputShape);
        GradCheck.Result r = GradCheck.assertPasses(what, xs -> m.forward(xs[0]), DEFAULTS, inputs);
        assertTrue(r.comparisons() > 0, what);
    }

    private static Linear linear(long in, long out, long seed) {
        return new Linear(in, out, true, DType.F64, new Generator(seed));
    }

    @Test
    void linear() {
        try (Scope s = Scope.open()) {
            check("Linear(4, 3)", linear(4, 3, 1), 2, 4);
            check("Linear(4, 3) on a 1-D input", linear(4, 3, 2), 4);
            check("Linear(4, 3, bias=false) on a batched input", new Linear(4, 3, false, DType.F64, new Generator(3)), 2, 2, 4);
        }
    }

    @Test
    void mlpWithSmoothActivations() {
        try (Scope s = Scope.open()) {
            Sequential mlp = new Sequential(new Flatten(), linear(6, 5, 1), new Tanh(), linear(5, 4, 2), new GELU(), linear(4, 3, 3),
                    new Sigmoid());
            check("Flatten-Linear-Tanh-Linear-GELU-Linear-Sigmoid", mlp, 3, 2, 3);
        }
    }

    @Test
    void mlpWithPiecewiseActivationsAndLogSoftmax() {
        try (Scope s = Scope.open()) {
            // Random inputs keep the kinks of ReLU/LeakyReLU/ELU away from the finite-difference steps.
            Sequential mlp = new Sequential(linear(5, 6, 4), new LeakyReLU(0.2), linear(6, 6, 5), new ELU(0.7), linear(6, 6, 6),
                    new ReLU(), linear(6, 4, 7), new LogSoftmax(1));
            check("Linear-LeakyReLU-Linear-ELU-Linear-ReLU-Linear-LogSoftmax", mlp, 3, 5);
            check("Softmax(0)", new Sequential(linear(5, 3, 8), new Softmax(0)), 4, 5);
        }
    }

    @Test
    void tiedWeightsAccumulateBothUses() {
        try (Scope s = Scope.open()) {
            Linear shared = linear(3, 3, 11);
            Sequential m = new Sequential(shared, new Tanh(), shared);
            assertEquals(2, m.parameters().size(), "the shared weight and bias appear once");
            check("Linear-Tanh-(same Linear)", m, 2, 3);
        }
    }

    @Test
    void dropoutWithAFixedMask() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(new Generator(1), 4, 5).to(DType.F64).requiresGrad(true);
            // A new generator per call: every evaluation draws the same mask.
            GradCheck.assertPasses("Dropout(0.4)", xs -> new Dropout(0.4, new Generator(7)).forward(xs[0]), DEFAULTS, x);
        }
    }

    @Test
    void secondOrderThroughLinearAndTanh() {
        try (Scope s = Scope.open()) {
            Sequential m = new Sequential(linear(3, 4, 9), new Tanh(), linear(4, 2, 10));
            Tensor[] inputs = inputsAndParameters(m, 2, 3);
            GradCheck.Result r = GradCheck.checkSecondOrder(xs -> m.forward(xs[0]), DEFAULTS, inputs);
            assertTrue(r.passed(), r.toString());
        }
    }
}
