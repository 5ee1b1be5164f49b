// L1 and L2 penalties (Keras convention: lambda * sum|w|, lambda * sum w^2): values and gradients.
package dev.tessera.optim;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RegularizationTest {
    @Test
    void l1ValueAndGradient() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(1.0, -2.0, 3.0).requiresGrad(true);
            Tensor b = Tensor.fromArray(new double[][] {{-0.5, 0.25}}).requiresGrad(true);
            Tensor penalty = Regularization.l1(List.of(a, b), 0.1);
            assertEquals(0, penalty.dim());
            assertEquals(0.1 * (1 + 2 + 3 + 0.5 + 0.25), penalty.item(), 1e-15);
            penalty.backward();
            assertArrayEquals(new double[] {0.1, -0.1, 0.1}, a.grad().toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {-0.1, 0.1}, b.grad().toDoubleArray(), 1e-15);
        }
    }

    @Test
    void l2ValueAndGradient() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(1.0, -2.0, 3.0).requiresGrad(true);
            Tensor b = Tensor.fromArray(new double[][] {{-0.5, 0.25}}).requiresGrad(true);
            Tensor penalty = Regularization.l2(List.of(a, b), 0.1);
            assertEquals(0.1 * (1 + 4 + 9 + 0.25 + 0.0625), penalty.item(), 1e-15);
            penalty.backward();
            assertArrayEquals(new double[] {0.2, -0.4, 0.6}, a.grad().toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {-0.1, 0.05}, b.grad().toDoubleArray(), 1e-15);
        }
    }

    @Test
    void addedToALossItActsAsWeightDecay() {
        // l2(lambda) in the loss == SGD weight_decay 2 lambda.
        try (Scope s = Scope.open()) {
            Tensor w1 = Tensor.of(1.0, -2.0).requiresGrad(true), w2 = Tensor.of(1.0, -2.0).requiresGrad(true);
            Tensor target = Tensor.of(0.5, 0.5);
            SGD withPenalty = new SGD(List.of(w1), 0.1);
            SGD withDecay = SGD.builder(List.of(w2)).lr(0.1).weightDecay(2 * 0.05).build();
            for (int i = 0; i < 3; i++) {
                w1.sub(target).pow(2.0).sum().add(Regularization.l2(List.of(w1), 0.05)).backward();
                w2.sub(target).pow(2.0).sum().backward();
                withPenalty.step();
                withDecay.step();
                withPenalty.zeroGrad();
                withDecay.zeroGrad();
            }
            assertArrayEquals(w2.toDoubleArray(), w1.toDoubleArray(), 1e-14);
        }
    }

    @Test
    void emptyListAndBadLambda() {
        try (Scope s = Scope.open()) {
            assertEquals(0, Regularization.l2(List.of(), 0.1).item());
            assertThrows(IllegalArgumentException.class, () -> Regularization.l1(List.of(Tensor.of(1.0)), -1));
            assertThrows(IllegalArgumentException.class, () -> Regularization.l1(List.of(Tensor.zeros(DType.I64, 2)), 1));
        }
    }
}
