// OpDatabaseTest: every sample of the op database (OpSamples) run against its float64 reference,
// one dynamic test per sample grouped by op, each inside its own Scope; a last test asserts the
// CPU allocator's live bytes came back to where they were before the database ran.
package dev.tessera.opdb;

import dev.tessera.memory.MemoryStats;
import dev.tessera.ops.Op;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpDatabaseTest {

    @TestFactory
    Stream<DynamicNode> everySampleMatchesItsReference() {
        Map<Op, List<Sample>> byOp = new LinkedHashMap<>();
        for (Sample s : OpSamples.all()) byOp.computeIfAbsent(s.op(), k -> new java.util.ArrayList<>()).add(s);
        MemoryStats stats = MemoryStats.cpu();
        long[] before = new long[2];
        DynamicTest start = DynamicTest.dynamicTest("memory: record live bytes", () -> {
            before[0] = stats.liveBytes();
            before[1] = stats.leakedToGc();
        });
        Stream<DynamicNode> ops = byOp.entrySet().stream().map(e -> DynamicContainer.dynamicContainer(e.getKey().name(),
                e.getValue().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> Checks.matchesReference(s)))));
        DynamicTest end = DynamicTest.dynamicTest("memory: live bytes back to start after the database", () -> {
            long live = stats.liveBytes();
            if (stats.leakedToGc() == before[1]) {
                assertEquals(before[0], live, "live CPU bytes before and after the op database: " + stats.snapshot());
            } else {
                // The GC freed some other test's unscoped tensor meanwhile: we can only say we added nothing.
                assertTrue(live <= before[0], "live CPU bytes grew from " + before[0] + " to " + live + ": " + stats.snapshot());
            }
        });
        return Stream.concat(Stream.of(start), Stream.concat(ops, Stream.of(end)));
    }
}
