// Gradient clipping as torch.nn.utils.clip_grad_norm_ / clip_grad_value_: the total norm returned,
// gradients scaled together by maxNorm / (total + 1e-6) only when over, 1-, 2- and inf-norms, value
// clamping, parameters without a gradient skipped, gradient memory kept.
package dev.tessera.optim;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.MemoryTesting;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ClipTest {
    /** A parameter whose gradient is {@code grad} (by backward of sum(p * grad)). */
    private static Tensor withGrad(double... grad) {
        Tensor p = Tensor.zeros(DType.F64, grad.length).requiresGrad(true);
        p.mul(Tensor.of(grad)).sum().backward();
        return p;
    }

    @Test
    void normOverAllGradientsIsReturnedAndScalesWhenOver() {
        try (Scope s = Scope.open()) {
            Tensor a = withGrad(3, -4), b = withGrad(12);
            Tensor none = Tensor.zeros(DType.F64, 2).requiresGrad(true); // no gradient: skipped
            Tensor ga = a.grad();
            double total = Clip.gradNorm(List.of(a, b, none), 6.5);
            assertEquals(13, total, 1e-12, "sqrt(9 + 16 + 144)");
            double coef = 6.5 / (13 + 1e-6);
            assertArrayEquals(new double[] {3 * coef, -4 * coef}, a.grad().toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {12 * coef}, b.grad().toDoubleArray(), 1e-12);
            assertSame(ga, a.grad(), "clipped in place");
            assertNull(none.grad());
            assertEquals(6.5, Clip.gradNorm(List.of(a, b), 100), 1e-5, "the clipped gradients have norm maxNorm");
        }
    }

    @Test
    void underTheLimitNothingChanges() {
        try (Scope s = Scope.open()) {
            Tensor a = withGrad(3, -4);
            assertEquals(5, Clip.gradNorm(List.of(a), 5.0), 1e-12); // 5 / (5 + 1e-6) < 1 scales by a hair, as PyTorch
            Tensor b = withGrad(3, -4);
            assertEquals(5, Clip.gradNorm(List.of(b), 10.0), 1e-12);
            assertArrayEquals(new double[] {3, -4}, b.grad().toDoubleArray(), 0);
        }
    }

    @Test
    void infAndOneNorms() {
        try (Scope s = Scope.open()) {
            Tensor a = withGrad(3, -4), b = withGrad(-12, 1);
            assertEquals(12, Clip.gradNorm(List.of(a, b), 100, Double.POSITIVE_INFINITY), 0);
            assertEquals(20, Clip.gradNorm(List.of(a, b), 100, 1), 1e-12);
            double total = Clip.gradNorm(List.of(a, b), 6, Double.POSITIVE_INFINITY);
            assertEquals(12, total, 0);
            double coef = 6 / (12 + 1e-6);
            assertArrayEquals(new double[] {-12 * coef, coef}, b.grad().toDoubleArray(), 1e-12);
            assertEquals(6, Clip.gradNorm(List.of(a, b), 100, Double.POSITIVE_INFINITY), 1e-5);
            double p3 = Math.pow(Math.pow(3, 3) + Math.pow(4, 3) + Math.pow(12, 3) + 1, 1.0 / 3) * coef;
            assertEquals(p3, Clip.gradNorm(List.of(a, b), 100, 3), 1e-9);
        }
    }

    @Test
    void noGradientsGivesZero() {
        try (Scope s = Scope.open()) {
            assertEquals(0, Clip.gradNorm(List.of(Tensor.zeros(2).requiresGrad(true)), 1.0));
            assertThrows(IllegalArgumentException.class, () -> Clip.gradNorm(List.of(), -1));
            assertThrows(IllegalArgumentException.class, () -> Clip.gradNorm(List.of(), 1, -2));
        }
    }

    @Test
    void valueClipClampsEachElementInPlace() {
        try (Scope s = Scope.open()) {
            Tensor a = withGrad(3, -4, 0.5), b = withGrad(-12);
            Tensor ga = a.grad();
            Clip.gradValue(List.of(a, b), 3.5);
            assertArrayEquals(new double[] {3, -3.5, 0.5}, a.grad().toDoubleArray(), 0);
            assertArrayEquals(new double[] {-3.5}, b.grad().toDoubleArray(), 0);
            assertSame(ga, a.grad());
            assertThrows(IllegalArgumentException.class, () -> Clip.gradValue(List.of(a), -1));
        }
    }

    @Test
    void clippingLeavesNoTemporariesBehind() {
        try (Scope s = Scope.open()) {
            Tensor a = withGrad(3, -4), b = withGrad(12);
            int owned = s.size();
            MemoryTesting.settle(MemoryStats.cpu());
            long live = MemoryStats.cpu().liveBytes();
            Clip.gradNorm(List.of(a, b), 1.0);
            Clip.gradNorm(List.of(a, b), 1.0, Double.POSITIVE_INFINITY);
            Clip.gradValue(List.of(a, b), 0.1);
            assertEquals(owned, s.size());
            assertEquals(live, MemoryStats.cpu().liveBytes());
        }
    }
}
