// MatmulVersionsTest: every version of the matmul kernel family (Kernels.MATMUL: 0 = OpenBLAS,
// then native/gemm/gemm_v*.cc: naive, blocked, packed_avx2, avx512, tuned), not only the default,
// against the float64 reference: f32 and f64, on 1 and 2 pool threads, all four transposition cases,
// strided rows (a column slice: lda > k), 1-D operands, batched broadcasting, sizes around every
// register tile (6x16 ... 14x32) and past the cache blocks (k > 384, m > 168), and the training
// shapes. A version the CPU can't run is skipped with the features it needs.
package dev.tessera.opdb;

import dev.tessera.backend.cpu.NativeThreads;
import dev.tessera.kernels.KernelVersion;
import dev.tessera.kernels.Kernels;
import dev.tessera.opdb.Sample.In;
import dev.tessera.opdb.Sample.Tol;
import dev.tessera.opdb.Sample.Values;
import dev.tessera.memory.Scope;
import dev.tessera.ops.LinearAlgebra;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.tessera.opdb.Sample.In.t;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatmulVersionsTest {

    /** m x k times k x n, and the shapes around it that exercise other paths. */
    private static final In[][] CASES = {
        {t(1, 1), t(1, 1)},
        {t(7, 13), t(13, 5)},
        {t(65, 33), t(33, 129)},
        {t(128, 128), t(128, 128)},
        {t(17, 31).transposed(), t(31, 9)},
        {t(17, 31), t(31, 9).transposed()},
        {t(33, 65).transposed(), t(65, 17).transposed()},
        {t(9, 20).stepped(), t(20, 6)},
        {t(2, 1, 7, 13), t(3, 13, 5)},
        {t(4, 6, 5).expandedFrom(1, 6, 5), t(4, 5, 3).transposed()},
        {t(13), t(13)},
        {t(13), t(13, 5)},
        {t(7, 13), t(13)},
        {t(13), t(2, 13, 5)},
        {t(0, 4), t(4, 3)},
        {t(3, 0), t(0, 2)},
        {t(14, 16), t(16, 32)},
        {t(15, 17), t(17, 33)},
        {t(29, 800), t(800, 17)},
        {t(37, 300).transposed(), t(300, 45).transposed()},
        {t(200, 40), t(40, 70).transposed()},
        {t(32, 784), t(784, 128)},
        {t(32, 784), t(784, 128).transposed()},
        {t(784, 32).transposed(), t(32, 128)},
        {t(64, 1152), t(1152, 64)},
    };

    /** Pool sizes every case runs with (the big cases split C across threads). */
    private static final int[] THREADS = {1, 2};

    @TestFactory
    Stream<DynamicNode> everyVersionMatchesTheReference() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (KernelVersion v : Kernels.MATMUL.versions()) {
            List<DynamicTest> tests = new ArrayList<>();
            for (In[] c : CASES) {
                for (DType dt : List.of(DType.F32, DType.F64)) {
                    for (int threads : THREADS) {
                        Sample s = new Sample(LinearAlgebra.MATMUL, "v" + v.number() + ", " + threads + " threads", dt,
                                List.of(c[0].values(Values.uniform(-1, 1)), c[1].values(Values.uniform(-1, 1))),
                                in -> LinearAlgebra.matmul(in.get(0), in.get(1), v.number()),
                                r -> Ref.matmul(r.get(0), r.get(1)), rdt -> tolerance(rdt, c));
                        tests.add(DynamicTest.dynamicTest(s.name(), () -> {
                            Assumptions.assumeTrue(v.supported(), () -> v + " needs CPU features " + v.requiredFeatureNames());
                            int before = NativeThreads.count();
                            NativeThreads.set(threads);
                            try {
                                Checks.matchesReference(s);
                            } finally {
                                NativeThreads.set(before);
                            }
                        }));
                    }
                }
                if (plain(c)) tests.add(stridedRows(v, c));
            }
            nodes.add(DynamicContainer.dynamicContainer(v.toString(), tests));
        }
        return nodes.stream();
    }

    /**
     * The case with A and B cut out of wider tensors (a column slice, so the row stride lda/ldb is
     * larger than the row) and compared with OpenBLAS in float64 on the same slices (plain 2-D cases).
     */
    private static DynamicTest stridedRows(KernelVersion v, In[] c) {
        long[] sa = c[0].shape(), sb = c[1].shape();
        return DynamicTest.dynamicTest("v" + v.number() + " strided rows " + java.util.Arrays.toString(sa) + "·"
                + java.util.Arrays.toString(sb), () -> {
            Assumptions.assumeTrue(v.supported(), () -> v + " needs CPU features " + v.requiredFeatureNames());
            try (Scope scope = Scope.open()) {
                Generator g = new Generator(sa[0] * 7 + sa[1] * 3 + sb[1]);
                Tensor a = Tensor.rand(g, sa[0], sa[1] + 5).sub(0.5).slice(1, 2, 2 + sa[1]);
                Tensor b = Tensor.rand(g, sb[0], sb[1] + 3).sub(0.5).slice(1, 1, 1 + sb[1]);
                double[] want = LinearAlgebra.matmul(a.to(DType.F64), b.to(DType.F64), 0).toDoubleArray();
                double[] got = LinearAlgebra.matmul(a, b, v.number()).toDoubleArray();
                double tol = 1e-5 * Math.max(1, sa[1]);
                for (int i = 0; i < want.length; i++) {
                    int at = i;
                    assertTrue(Math.abs(want[i] - got[i]) <= tol, () -> "element " + at + ": " + got[at] + " vs " + want[at]);
                }
            }
        });
    }

    private static boolean plain(In[] c) {
        return c[0].rank() == 2 && c[1].rank() == 2 && c[0].layout() == Sample.Layout.CONTIGUOUS
                && c[1].layout() == Sample.Layout.CONTIGUOUS && c[0].shape()[0] > 0 && c[0].shape()[1] > 0;
    }

    /** Rounding error grows with the inner dimension k (values are in [-1, 1]). */
    private static Tol tolerance(DType dt, In[] c) {
        long[] a = c[0].shape();
        long k = a[a.length - 1];
        return dt == DType.F32 ? new Tol(1e-5, 1e-6 * Math.max(k, 1)) : new Tol(1e-12, 1e-14 * Math.max(k, 1));
    }
}
