// MatmulVersionsTest: every version of the matmul kernel family (Kernels.MATMUL: 0 = OpenBLAS,
// then native/gemm/gemm_v*.cc), not only the default, against the float64 reference: f32 and f64,
// transposed operands, 1-D operands, batched broadcasting, and sizes that are no multiple of any
// block size. A version the CPU can't run is skipped with the features it needs.
package dev.tessera.opdb;

import dev.tessera.kernels.KernelVersion;
import dev.tessera.kernels.Kernels;
import dev.tessera.opdb.Sample.In;
import dev.tessera.opdb.Sample.Tol;
import dev.tessera.opdb.Sample.Values;
import dev.tessera.ops.LinearAlgebra;
import dev.tessera.tensor.DType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.tessera.opdb.Sample.In.t;

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
    };

    @TestFactory
    Stream<DynamicNode> everyVersionMatchesTheReference() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (KernelVersion v : Kernels.MATMUL.versions()) {
            List<DynamicTest> tests = new ArrayList<>();
            for (In[] c : CASES) {
                for (DType dt : List.of(DType.F32, DType.F64)) {
                    Sample s = new Sample(LinearAlgebra.MATMUL, "v" + v.number(), dt, List.of(c[0].values(Values.uniform(-1, 1)),
                            c[1].values(Values.uniform(-1, 1))), in -> LinearAlgebra.matmul(in.get(0), in.get(1), v.number()),
                            r -> Ref.matmul(r.get(0), r.get(1)), rdt -> tolerance(rdt, c));
                    tests.add(DynamicTest.dynamicTest(s.name(), () -> {
                        Assumptions.assumeTrue(v.supported(), () -> v + " needs CPU features " + v.requiredFeatureNames());
                        Checks.matchesReference(s);
                    }));
                }
            }
            nodes.add(DynamicContainer.dynamicContainer(v.toString(), tests));
        }
        return nodes.stream();
    }

    /** Rounding error grows with the inner dimension k (values are in [-1, 1]). */
    private static Tol tolerance(DType dt, In[] c) {
        long[] a = c[0].shape();
        long k = a[a.length - 1];
        return dt == DType.F32 ? new Tol(1e-5, 1e-6 * Math.max(k, 1)) : new Tol(1e-12, 1e-14 * Math.max(k, 1));
    }
}
