// The engine keeps no shared state between passes: threads that each train their own parameters
// in their own scopes, at the same time, get exactly what one thread alone gets, and leave no
// live bytes behind. (A graph or a parameter shared between threads is not supported: scopes are
// confined to their thread and gradients are accumulated without locks.)
package dev.tessera.autograd;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.MemoryTesting;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

class ConcurrentBackwardTest {
    /** 50 steps of a small model with hooks and a second-order term; returns the final weights. */
    private static double[] train(long seed) {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.randn(new Generator(seed), 12, 6).to(DType.F64).mul(0.3).requiresGrad(true);
            Tensor b = Tensor.zeros(DType.F64, 6).requiresGrad(true);
            Tensor x = Tensor.randn(new Generator(seed + 1), 10, 12).to(DType.F64);
            b.registerHook(g -> g.mul(0.5));
            for (int i = 0; i < 50; i++) {
                try (Scope step = Scope.open()) {
                    Tensor h = x.matmul(w).add(b).tanh();
                    Tensor loss = h.mul(h).mean();
                    Tensor[] gw = Autograd.grad(loss, null, true, w);
                    loss.add(gw[0].mul(gw[0]).sum().mul(0.1)).backward();
                    try (GradMode.Guard off = GradMode.noGrad()) {
                        w.subInPlace(w.grad().mul(0.1));
                        b.subInPlace(b.grad().mul(0.1));
                    }
                    w.zeroGrad();
                    b.zeroGrad();
                }
            }
            return w.toDoubleArray();
        }
    }

    @Test
    void independentTrainingLoopsOnSeveralThreads() throws Exception {
        MemoryStats st = MemoryStats.cpu();
        MemoryTesting.settle(st);
        long live = st.liveBytes();
        long leaks = st.leakedToGc();
        int threads = 4;
        double[][] alone = new double[threads][];
        for (int t = 0; t < threads; t++) alone[t] = train(100 + t * 10L);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<double[]>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    long seed = 100 + t * 10L;
                    results.add(pool.submit(() -> {
                        assertTrue(GradMode.isEnabled());
                        return train(seed);
                    }));
                }
                for (int t = 0; t < threads; t++) {
                    assertArrayEquals(alone[t], results.get(t).get(), 0.0, "thread " + t + ", round " + round);
                }
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(live, st.liveBytes(), st.snapshot().toString());
        assertEquals(leaks, st.leakedToGc(), st.snapshot().toString());
    }
}
