// StridedPathsTest: every sample run twice with the same values, once with all inputs contiguous
// and once with all of them non-contiguous (the transpose of a transposed copy; a stepped slice
// for 1-D), asserting identical results: kernels that honour strides and kernels that get a
// contiguous copy must agree. Integer and bool results must match exactly; float elementwise
// results within 2 ulp (the contiguous loops are vectorised and may contract a*b+c into an FMA
// where the strided loop doesn't); reductions and matmul may sum in another order, so they get
// the sample's tolerance.
package dev.tessera.opdb;

import dev.tessera.ops.Op;
import dev.tessera.ops.Views;
import dev.tessera.tensor.DType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StridedPathsTest {

    @TestFactory
    Stream<DynamicTest> contiguousAndStridedInputsGiveTheSameResult() {
        // Samples that differ only in layout collapse to one pair; 0-d-only samples have no strides to vary;
        // view is defined to fail where strides can't express the new shape.
        Map<String, Sample> unique = new LinkedHashMap<>();
        for (Sample s : OpSamples.all()) {
            if (s.op() != Views.VIEW && s.inputs().stream().anyMatch(in -> in.rank() > 0)) unique.putIfAbsent(s.relayout(false).name(), s);
        }
        return unique.values().stream().map(s -> DynamicTest.dynamicTest(s.relayout(true).name(), () -> samePaths(s)));
    }

    private static void samePaths(Sample s) {
        List<Checks.Result> dense = Checks.run(s.relayout(false));
        List<Checks.Result> strided = Checks.run(s.relayout(true));
        assertEquals(dense.size(), strided.size(), "number of results");
        boolean summed = s.op().family() == Op.Family.REDUCTION || s.op().family() == Op.Family.LINALG;
        for (int i = 0; i < dense.size(); i++) {
            Checks.Result d = dense.get(i), t = strided.get(i);
            String what = s.name() + " result " + i + ": strided vs contiguous";
            assertArrayEquals(d.shape(), t.shape(), what + " shape");
            assertEquals(d.dtype(), t.dtype(), what + " dtype");
            Sample.Tol tol = summed ? s.tol().apply(d.dtype()) : ulps(d.dtype());
            Checks.close(what, d.shape(), d.values(), t.values(), tol);
        }
    }

    /** Elementwise kernels round identically on both paths (native/CMakeLists.txt: no FMA contraction). */
    private static Sample.Tol ulps(DType dt) {
        return Sample.Tol.EXACT;
    }
}
