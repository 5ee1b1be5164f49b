// OpenBLAS (matmul version 0) runs on as many threads as the native pool (TESSERA_NUM_THREADS /
// NativeThreads.set), so the two never oversubscribe the cores and `bench gemm --threads` compares
// like with like; in deterministic mode it runs on one thread, as its results follow its thread count.
package dev.tessera.backend;

import dev.tessera.backend.cpu.Determinism;
import dev.tessera.backend.cpu.NativeThreads;
import dev.tessera.backend.cpu.OpenBlas;
import dev.tessera.memory.Scope;
import dev.tessera.ops.LinearAlgebra;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class OpenBlasThreadsTest {
    @Test
    void followsThePoolSize() {
        int before = NativeThreads.count();
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.ones(8, 8);
            for (int t : new int[] {1, 2, 3, 1}) {
                NativeThreads.set(t);
                LinearAlgebra.matmul(a, a, 0);
                assertEquals(t, OpenBlas.threads(), "OpenBLAS threads with a pool of " + t);
            }
        } finally {
            NativeThreads.set(before);
        }
    }

    @Test
    void runsOnOneThreadInDeterministicMode() {
        int before = NativeThreads.count();
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.ones(8, 8);
            NativeThreads.set(2);
            Determinism.set(true);
            LinearAlgebra.matmul(a, a, 0);
            assertEquals(1, OpenBlas.threads(), "deterministic mode");
            Determinism.set(false);
            LinearAlgebra.matmul(a, a, 0);
            assertEquals(2, OpenBlas.threads(), "back to the pool size");
        } finally {
            Determinism.set(false);
            NativeThreads.set(before);
        }
    }

    @Test
    void namesItsKernels() {
        assertFalse(OpenBlas.core().isBlank());
        assertFalse(OpenBlas.core().equals("unknown"), "the core OpenBLAS picked is readable once it is loaded");
    }
}
