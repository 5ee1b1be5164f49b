// The native gemm splits C across the pool's threads in blocks of 16 rows or columns; these shapes
// make the last block partial (and are big enough to be split), with 2 and 3 threads, and must
// match OpenBLAS everywhere — a split that dropped the partial block once left rows unwritten.
package dev.tessera.opdb;

import dev.tessera.backend.cpu.NativeThreads;
import dev.tessera.memory.Scope;
import dev.tessera.ops.LinearAlgebra;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

class GemmSplitTest {
    @ParameterizedTest(name = "{0}x{1}x{2} on {3} threads")
    @CsvSource({"1000, 784, 128, 2", "100, 100, 200, 2", "33, 4000, 17, 2", "1000, 128, 10, 2", "1000, 784, 128, 3",
            "100, 100, 200, 3", "250, 300, 1000, 3"})
    void partialBlocksAreComputed(long m, long k, long n, int threads) {
        int before = NativeThreads.count();
        NativeThreads.set(threads);
        try (Scope s = Scope.open()) {
            Generator g = new Generator(m * 131 + k * 17 + n);
            Tensor a = Tensor.rand(g, m, k).sub(0.5);
            Tensor b = Tensor.rand(g, k, n).sub(0.5);
            // Poison the pool: the result block of the native product reuses these bytes.
            Tensor.full(Float.NaN, m, n).close();
            float[] reference = LinearAlgebra.matmul(a, b, 0).toFloatArray();
            float[] mine = LinearAlgebra.matmul(a, b, 1).toFloatArray();
            double scale = Math.sqrt(k) * 0.25;
            for (int i = 0; i < reference.length; i++) {
                double err = Math.abs(reference[i] - mine[i]) / scale;
                assertTrue(err < 1e-4, "element " + i + " (row " + i / n + ", column " + i % n + "): " + mine[i]
                        + " vs OpenBLAS " + reference[i]);
            }
        } finally {
            NativeThreads.set(before);
        }
    }
}
