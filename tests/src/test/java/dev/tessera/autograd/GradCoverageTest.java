// The meta-test of DESIGN.md: a differentiable op without a passing gradcheck fails the build.
// Uses the cases GradCheckTest saw pass when it ran first in the same JVM, and re-checks any op it
// has not seen pass, so the class order does not matter.
package dev.tessera.autograd;

import dev.tessera.memory.Scope;
import dev.tessera.ops.Op;
import dev.tessera.ops.OpRegistry;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

class GradCoverageTest {
    @Test
    void everyDifferentiableOpHasAPassingGradcheck() {
        Set<String> missing = new TreeSet<>();
        for (Op op : OpRegistry.all()) {
            if (!op.differentiable()) continue;
            boolean passed = false;
            for (GradCases.Case c : GradCases.all()) {
                if (c.op() != op) continue;
                if (GradCheckTest.PASSED.contains(c)) {
                    passed = true;
                    break;
                }
                try (Scope s = Scope.open()) {
                    Tensor[] xs = c.inputs().get();
                    if (GradCheck.check(c.f(), c.options(), xs).passed()) {
                        passed = true;
                        break;
                    }
                }
            }
            if (!passed) missing.add(op.name());
        }
        assertTrue(missing.isEmpty(), "differentiable ops without a passing gradcheck: " + missing);
    }
}
