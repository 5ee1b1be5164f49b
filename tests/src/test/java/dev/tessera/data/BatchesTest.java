// Batches: every sample appears exactly once per epoch (shuffled or not), drop-last drops only the
// short tail, the same seed gives the same epochs, successive epochs differ, batches pair x and y rows,
// and a loop with a scope per step frees every batch.
package dev.tessera.data;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BatchesTest {
    private static final int N = 103;
    private Scope scope;
    private Tensor x;
    private Tensor y;

    @BeforeEach
    void data() {
        scope = Scope.open();
        Tensor[] rows = IndexedRows.make(N);
        x = rows[0];
        y = rows[1];
    }

    @AfterEach void close() { scope.close(); }

    /** The y values of each batch of one epoch, checking that x rows match. */
    private static List<long[]> epoch(Batches batches) {
        List<long[]> out = new ArrayList<>();
        int index = 0;
        for (Batches.Batch b : batches) {
            try (b) {
                assertEquals(index++, b.index());
                long[] ids = b.y().toLongArray();
                float[] rows = b.x().toFloatArray();
                assertEquals(DType.F32, b.x().dtype());
                assertArrayEquals(new long[] {ids.length, 3}, b.x().shape());
                for (int r = 0; r < ids.length; r++) assertEquals(ids[r] * 2f, rows[3 * r + 1], "x row pairs with y");
                out.add(ids);
            }
        }
        assertEquals(batches.numBatches(), out.size());
        return out;
    }

    private static long[] all(List<long[]> batches) {
        return batches.stream().flatMapToLong(Arrays::stream).toArray();
    }

    @Test
    void inOrderWithoutShuffle() {
        List<long[]> e = epoch(Batches.of(x, y, 10));
        assertEquals(11, e.size());
        assertEquals(3, e.get(10).length, "last batch holds the remainder");
        long[] ids = all(e);
        for (int i = 0; i < N; i++) assertEquals(i, ids[i]);
    }

    @Test
    void shuffledEpochCoversEverySampleOnce() {
        Batches b = Batches.of(x, y, 16).shuffle(new Generator(5));
        long[] first = all(epoch(b));
        long[] second = all(epoch(b));
        assertFalse(Arrays.equals(first, second), "each epoch draws a new order");
        for (long[] ids : new long[][] {first, second}) {
            assertFalse(Arrays.equals(Shuffle.identity(N), ids), "shuffled");
            long[] sorted = ids.clone();
            Arrays.sort(sorted);
            assertArrayEquals(Shuffle.identity(N), sorted, "every sample exactly once");
        }
    }

    @Test
    void dropLast() {
        Batches b = Batches.of(x, y, 10).shuffle(new Generator(1)).dropLast(true);
        assertEquals(10, b.numBatches());
        List<long[]> e = epoch(b);
        for (long[] ids : e) assertEquals(10, ids.length);
        long[] ids = all(e);
        assertEquals(100, Arrays.stream(ids).distinct().count(), "no sample repeats");
        assertEquals(1, Batches.of(x, y, N).dropLast(true).numBatches());
        assertEquals(0, Batches.of(x, y, N + 1).dropLast(true).numBatches());
        assertEquals(1, Batches.of(x, y, N + 1).numBatches());
    }

    @Test
    void sameSeedSameEpochs() {
        Batches a = Batches.of(x, y, 7).shuffle(new Generator(99));
        Batches b = Batches.of(x, y, 7).shuffle(new Generator(99));
        for (int e = 0; e < 3; e++) assertArrayEquals(all(epoch(a)), all(epoch(b)), "epoch " + e);
        assertFalse(Arrays.equals(all(epoch(Batches.of(x, y, 7).shuffle(new Generator(98)))),
                all(epoch(Batches.of(x, y, 7).shuffle(new Generator(99))))));
    }

    @Test
    void withoutTargets() {
        int rows = 0;
        for (Batches.Batch b : Batches.of(x, null, 50)) {
            try (b) {
                assertNull(b.y());
                rows += b.size();
            }
        }
        assertEquals(N, rows);
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> Batches.of(x, y, 0));
        Tensor shortY = y.slice(0, 0, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Batches.of(x, shortY, 4));
        assertTrue(e.getMessage().contains("first dimension"), e.getMessage());
    }

    @Test
    void aScopePerStepFreesEveryBatch() {
        MemoryStats st = MemoryStats.cpu();
        Batches batches = Batches.of(x, y, 8).shuffle(new Generator(3));
        long live = st.liveBytes();
        int before = scope.size();
        for (int epoch = 0; epoch < 3; epoch++) {
            for (Batches.Batch b : batches) {
                try (b; Scope step = Scope.open()) {
                    Tensor s = b.x().sum();
                    assertTrue(s.item() >= 0);
                }
            }
            assertEquals(before, scope.size(), "nothing accumulates in the enclosing scope");
            // at most: the Cleaner may free earlier tests' garbage meanwhile
            assertTrue(st.liveBytes() <= live, "live bytes grew in epoch " + epoch + ": " + st.snapshot());
        }
    }
}
