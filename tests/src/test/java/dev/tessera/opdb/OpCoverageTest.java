// OpCoverageTest: the meta-tests that keep the op database complete. The build fails when an op
// of OpRegistry has no samples (naming the missing ops), when an op's samples never pass it a
// non-contiguous tensor, or when the database holds samples of an op the registry doesn't list.
package dev.tessera.opdb;

import dev.tessera.memory.Scope;
import dev.tessera.ops.Op;
import dev.tessera.ops.OpRegistry;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

class OpCoverageTest {

    @Test
    void everyRegisteredOpHasSamples() {
        Set<Op> covered = new HashSet<>();
        for (Sample s : OpSamples.all()) covered.add(s.op());
        List<String> missing = new ArrayList<>();
        for (Op op : OpRegistry.all()) if (!covered.contains(op)) missing.add(op.name());
        assertTrue(missing.isEmpty(), "ops without samples in the op database (add an entry to OpSamples): " + missing);
    }

    @Test
    void everySampledOpIsRegistered() {
        List<String> unknown = new ArrayList<>();
        for (Op op : OpSamples.ops()) if (!OpRegistry.all().contains(op)) unknown.add(op.name());
        assertTrue(unknown.isEmpty(), "op database entries for ops the registry doesn't list: " + unknown);
    }

    @Test
    void everyOpGetsANonContiguousInput() {
        Set<Op> strided = new HashSet<>();
        for (Sample s : OpSamples.all()) {
            if (strided.contains(s.op())) continue;
            try (Scope scope = Scope.open()) {
                for (Tensor t : s.materialize(s.refs())) if (!t.isContiguous()) strided.add(s.op());
            }
        }
        List<String> missing = new ArrayList<>();
        for (Op op : OpRegistry.all()) if (!strided.contains(op)) missing.add(op.name());
        assertTrue(missing.isEmpty(), "ops whose samples never pass a non-contiguous tensor: " + missing);
    }

    @Test
    void everyOpHasAnEmptySample() {
        List<String> noEmpty = new ArrayList<>();
        for (Op op : OpRegistry.all()) {
            boolean empty = OpSamples.all().stream().filter(s -> s.op() == op)
                    .anyMatch(s -> s.inputs().stream().anyMatch(in -> Ref.numel(in.shape()) == 0));
            if (!empty) noEmpty.add(op.name());
        }
        assertTrue(noEmpty.isEmpty(), "ops without an empty (size-0) sample: " + noEmpty);
    }
}
