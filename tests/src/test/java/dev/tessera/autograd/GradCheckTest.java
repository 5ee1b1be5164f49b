// Runs every case of the gradcheck database: first derivatives over the full Jacobian, the same in
// fast (random projection) mode, and second derivatives (double backward) in fast mode. Each case
// runs in its own scope and must leave no live bytes behind.
package dev.tessera.autograd;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradCheckTest {
    /** Cases whose first-order check passed, for GradCoverageTest. */
    static final Set<GradCases.Case> PASSED = Collections.newSetFromMap(new IdentityHashMap<>());

    @TestFactory
    Stream<DynamicTest> firstOrder() {
        return GradCases.all().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            run(c, c.options());
            PASSED.add(c);
        }));
    }

    @TestFactory
    Stream<DynamicTest> fastMode() {
        return GradCases.all().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> run(c, c.options().withFast(true))));
    }

    @TestFactory
    Stream<DynamicTest> secondOrder() {
        return GradCases.all().stream()
                .filter(c -> c.options().eps() == GradCheck.Options.defaults().eps()) // skip the float-rounding cast case
                .map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
                    long live = MemoryStats.cpu().liveBytes();
                    try (Scope s = Scope.open()) {
                        Tensor[] xs = c.inputs().get();
                        GradCheck.Result r = GradCheck.checkSecondOrder(c.f(), c.options().withFast(true)
                                .withTolerances(1e-4, 1e-3), xs);
                        assertTrue(r.passed(), c + ": " + r);
                    }
                    assertEquals(live, MemoryStats.cpu().liveBytes(), c + " left live bytes");
                }));
    }

    private static void run(GradCases.Case c, GradCheck.Options o) {
        long live = MemoryStats.cpu().liveBytes();
        try (Scope s = Scope.open()) {
            Tensor[] xs = c.inputs().get();
            GradCheck.Result r = GradCheck.check(c.f(), o, xs);
            assertTrue(r.passed(), c + ": " + r);
            assertTrue(r.comparisons() > 0, c + ": nothing compared");
        }
        assertEquals(live, MemoryStats.cpu().liveBytes(), c + " left live bytes");
    }

    static Map<String, Integer> countByOp() {
        Map<String, Integer> m = new java.util.TreeMap<>();
        for (GradCases.Case c : GradCases.all()) m.merge(c.op().name(), 1, Integer::sum);
        return m;
    }
}
