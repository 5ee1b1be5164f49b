// End to end on plain tensors: fit y = 3x - 1 with SGD, the PyTorch way (requiresGrad parameters,
// mse through ops, backward, step, zeroGrad, a scope per step), to within 0.05 of the line.
package dev.tessera.optim;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.MemoryTesting;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LinearFitTest {
    @Test
    void sgdFitsALine() {
        MemoryTesting.settle(MemoryStats.cpu()); // earlier tests' garbage reaches the Cleaner first
        long live = MemoryStats.cpu().liveBytes();
        try (Scope run = Scope.open()) {
            Tensor x = Tensor.linspace(-2, 2, 64);
            Tensor y = x.mul(3.0).sub(1.0);
            Tensor w = Tensor.zeros(1).requiresGrad(true), b = Tensor.zeros(1).requiresGrad(true);
            try (SGD opt = new SGD(List.of(w, b), 0.05, 0.5)) {
                double loss = Double.NaN;
                for (int epoch = 0; epoch < 200; epoch++) {
                    try (Scope step = Scope.open()) {
                        Tensor l = x.mul(w).add(b).sub(y).pow(2.0).mean();
                        l.backward();
                        opt.step();
                        opt.zeroGrad();
                        loss = l.item();
                    }
                }
                assertEquals(3, w.item(), 0.05, "slope");
                assertEquals(-1, b.item(), 0.05, "intercept");
                assertTrue(loss < 1e-3, "loss " + loss);
            }
        }
        assertEquals(live, MemoryStats.cpu().liveBytes());
    }
}
