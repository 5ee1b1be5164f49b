// Dropout: in training a fraction ~p of elements is zeroed and the rest scaled by 1/(1-p) (so the
// mean is kept), the gradient follows the same mask, eval mode is the identity, seeded generators
// give identical masks, p=0 and p=1 are exact, and p outside [0, 1] is rejected.
package dev.tessera.nn;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DropoutTest {
    private static final int N = 100_000;

    @Test
    void trainingDropsAboutPAndScalesTheRest() {
        try (Scope s = Scope.open()) {
            for (double p : new double[] {0.1, 0.3, 0.5, 0.8}) {
                float[] y = new Dropout(p, new Generator(11)).forward(Tensor.ones(N)).toFloatArray();
                int zeros = 0;
                double sum = 0;
                float kept = (float) (1 / (1 - p));
                for (float v : y) {
                    if (v == 0) zeros++;
                    else assertEquals(kept, v, 1e-6f, "kept elements are scaled by 1/(1-p)");
                    sum += v;
                }
                // Binomial std of the dropped fraction is sqrt(p(1-p)/N) <= 0.0016; allow 5 of them.
                assertEquals(p, zeros / (double) N, 0.008, "fraction dropped for p=" + p);
                assertEquals(1.0, sum / N, 0.03, "inverted dropout keeps the mean for p=" + p);
            }
        }
    }

    @Test
    void gradientFollowsTheMask() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.ones(DType.F64, 1000).requiresGrad(true);
            Tensor y = new Dropout(0.4, new Generator(5)).forward(x);
            assertEquals(DType.F64, y.dtype());
            y.sum().backward();
            double[] out = y.toDoubleArray();
            double[] g = x.grad().toDoubleArray();
            for (int i = 0; i < out.length; i++) assertEquals(out[i], g[i], 1e-12, "dy/dx = mask / (1 - p) at " + i);
        }
    }

    @Test
    void evalModeIsTheIdentity() {
        try (Scope s = Scope.open()) {
            Dropout d = new Dropout(0.5);
            Tensor x = Tensor.randn(new Generator(1), 10, 10);
            d.eval();
            assertSame(x, d.forward(x));
            d.train();
            assertNotSame(x, d.forward(x));
        }
    }

    @Test
    void seededGeneratorsGiveIdenticalMasksAndStepsDiffer() {
        try (Scope s = Scope.open()) {
            Dropout a = new Dropout(0.5, new Generator(123));
            Dropout b = new Dropout(0.5, new Generator(123));
            Tensor x = Tensor.ones(1000);
            float[] a1 = a.forward(x).toFloatArray();
            float[] b1 = b.forward(x).toFloatArray();
            float[] a2 = a.forward(x).toFloatArray();
            assertArrayEquals(a1, b1, "same seed, same mask");
            assertFalse(java.util.Arrays.equals(a1, a2), "the generator advances between calls");
        }
    }

    @Test
    void edgeProbabilities() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(new Generator(2), 50);
            assertSame(x, new Dropout(0).forward(x), "p = 0 is the identity even in training");
            for (float v : new Dropout(1).forward(x).toFloatArray()) assertEquals(0f, Math.abs(v), "p = 1 drops everything");
            for (double bad : new double[] {-0.1, 1.1, Double.NaN}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(bad));
                assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
            }
        }
    }
}
