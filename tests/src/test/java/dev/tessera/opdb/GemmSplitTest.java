// Every native gemm version splits C across the pool's threads (gemm.cc's run_split for v1-v4, its
// own split for v5): these shapes make the last block partial and are big enough to be split. For
// each version, dtype and transposition case the result must match OpenBLAS, and be bit for bit the
// same on 1, 2 and 3 threads (each element of C is computed by one thread, summed over k in the same
// order, whatever the split) — a split that dropped the partial block once left rows unwritten.
package dev.tessera.opdb;

import dev.tessera.backend.cpu.NativeThreads;
import dev.tessera.kernels.KernelVersion;
import dev.tessera.kernels.Kernels;
import dev.tessera.memory.Scope;
import dev.tessera.ops.LinearAlgebra;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

class GemmSplitTest {
    /** m, k, n: partial last blocks of rows or columns for every tile size, split by rows and by columns. */
    private static final long[][] SHAPES = {{300, 500, 200}, {33, 17, 1000}, {1000, 10, 100}, {250, 100, 300}, {130, 1000, 70}};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (KernelVersion v : Kernels.MATMUL.versions()) {
            if (v.number() == 0) continue;
            for (long[] s : SHAPES)
                for (DType dt : List.of(DType.F32, DType.F64))
                    for (int t = 0; t < 4; t++) out.add(Arguments.of(v.number(), v.name(), s[0], s[1], s[2], dt, (t & 1) != 0, (t & 2) != 0));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "v{0} {1}: {2}x{3}·{3}x{4} {5} transA={6} transB={7}")
    @MethodSource("cases")
    void sameResultOnAnyThreadCount(int version, String name, long m, long k, long n, DType dtype, boolean transA, boolean transB) {
        KernelVersion v = Kernels.MATMUL.versions().stream().filter(x -> x.number() == version).findFirst().orElseThrow();
        Assumptions.assumeTrue(v.supported(), () -> v + " needs CPU features " + v.requiredFeatureNames());
        int before = NativeThreads.count();
        try (Scope s = Scope.open()) {
            Generator g = new Generator(m * 131 + k * 17 + n);
            // Stored transposed where asked, so gemm reads them with trans flags (views, no copies).
            Tensor a = transA ? Tensor.rand(g, k, m).sub(0.5).to(dtype).t() : Tensor.rand(g, m, k).sub(0.5).to(dtype);
            Tensor b = transB ? Tensor.rand(g, n, k).sub(0.5).to(dtype).t() : Tensor.rand(g, k, n).sub(0.5).to(dtype);
            double[] reference = LinearAlgebra.matmul(a, b, 0).toDoubleArray();
            double[] one = null;
            for (int threads : new int[] {1, 2, 3}) {
                NativeThreads.set(threads);
                Tensor.full(Float.NaN, m, n).close(); // poison the pool: the result block may reuse these bytes
                double[] mine = LinearAlgebra.matmul(a, b, version).toDoubleArray();
                if (one == null) {
                    one = mine;
                    double scale = Math.sqrt(k) * 0.25 * (dtype == DType.F32 ? 1e-4 : 1e-12);
                    for (int i = 0; i < reference.length; i++) {
                        int at = i;
                        assertTrue(Math.abs(reference[i] - mine[i]) <= scale, () -> "element " + at + " (row " + at / n
                                + ", column " + at % n + "): " + mine[at] + " vs OpenBLAS " + reference[at]);
                    }
                } else {
                    assertTrue(Arrays.equals(one, mine), threads + " threads differ from 1 thread");
                }
            }
        } finally {
            NativeThreads.set(before);
        }
    }
}
