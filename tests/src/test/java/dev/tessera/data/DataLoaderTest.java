// DataLoader: prefetching changes nothing a loop can see (same batches in the same order, seeded
// shuffling, drop-last), batches belong to the consumer's scope, a failure on the prefetch thread
// reaches the consumer after the batches built before it, closing or dropping an epoch stops its
// thread and frees what it built, and an indexable Dataset is batched by stacking its samples.
package dev.tessera.data;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DataLoaderTest {
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

    @AfterEach
    void close() { scope.close(); }

    /** The targets of each batch of one epoch, checking that x rows pair with them. */
    private static List<long[]> epoch(Iterable<Batches.Batch> loader) {
        List<long[]> out = new ArrayList<>();
        for (Batches.Batch b : loader) {
            try (b) {
                long[] ids = b.y().toLongArray();
                float[] rows = b.x().toFloatArray();
                for (int r = 0; r < ids.length; r++) assertEquals(ids[r] * 3f, rows[3 * r + 2], "x row pairs with y");
                assertEquals(out.size(), b.index());
                out.add(ids);
            }
        }
        return out;
    }

    private static void assertSameEpochs(List<long[]> a, List<long[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), "batch " + i);
    }

    private static long prefetchThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("tessera-prefetch") && t.isAlive()).count();
    }

    private static void awaitNoPrefetchThreads(long baseline) throws InterruptedException {
        for (int i = 0; i < 200 && prefetchThreads() > baseline; i++) {
            System.gc();
            Thread.sleep(25);
        }
        assertEquals(baseline, prefetchThreads(), "prefetch threads still running");
    }

    @Test
    void prefetchGivesTheSameBatchesInTheSameOrder() {
        Dataset data = Dataset.of(x, y);
        for (int depth : new int[] {1, 2, 8}) {
            DataLoader inline = DataLoader.of(data, 10).shuffle(new Generator(4));
            DataLoader ahead = DataLoader.of(data, 10).shuffle(new Generator(4)).prefetch(depth);
            for (int e = 0; e < 3; e++) assertSameEpochs(epoch(inline), epoch(ahead));
        }
        // drop-last and an unshuffled pass, with prefetch
        List<long[]> dropped = epoch(DataLoader.of(data, 10).dropLast(true).prefetch(3));
        assertEquals(10, dropped.size());
        for (long[] ids : dropped) assertEquals(10, ids.length);
        long[] all = dropped.stream().flatMapToLong(Arrays::stream).toArray();
        for (int i = 0; i < all.length; i++) assertEquals(i, all[i]);
    }

    @Test
    void batchesAreOwnedByTheConsumersScope() throws InterruptedException {
        MemoryStats st = MemoryStats.cpu();
        long live = st.liveBytes();
        long threads = prefetchThreads();
        DataLoader loader = DataLoader.of(Dataset.of(x, y), 8).shuffle(new Generator(3)).prefetch(2);
        for (int e = 0; e < 2; e++) {
            try (Scope outer = Scope.open()) {
                for (Batches.Batch b : loader) {
                    assertTrue(outer.owns(b.x()) && outer.owns(b.y()), "the batch belongs to the scope open when next() returned it");
                    try (Scope step = Scope.open()) {
                        assertTrue(b.x().sum().item() >= 0);
                    }
                }
            } // closing the outer scope frees every batch, none of them closed by hand
            assertTrue(st.liveBytes() <= live, "batches left live memory: " + st.snapshot());
        }
        awaitNoPrefetchThreads(threads);
    }

    @Test
    void aFailureOnThePrefetchThreadReachesTheConsumerInOrder() throws InterruptedException {
        long threads = prefetchThreads();
        Dataset failing = new Dataset() {
            @Override public int size() { return 20; }

            @Override
            public Sample get(int index) {
                if (index == 13) throw new IllegalStateException("sample 13 is unreadable");
                return new Sample(Tensor.full(index, 2), Tensor.scalar(index));
            }
        };
        List<Integer> seen = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            for (Batches.Batch b : DataLoader.of(failing, 4).prefetch(2)) {
                try (b) {
                    seen.add(b.index());
                }
            }
        });
        assertEquals("sample 13 is unreadable", e.getMessage());
        assertEquals(List.of(0, 1, 2), seen, "the batches before the failing one arrive first");
        awaitNoPrefetchThreads(threads);
    }

    @Test
    void closingOrDroppingAnEpochStopsItsThreadAndFreesItsBatches() throws InterruptedException {
        MemoryStats st = MemoryStats.cpu();
        long threads = prefetchThreads();
        long live = st.liveBytes();
        DataLoader loader = DataLoader.of(Dataset.of(x, y), 4).prefetch(3);
        try (DataLoader.Epoch epoch = loader.iterator()) {
            epoch.next().close();
            assertTrue(epoch.hasNext());
        }
        awaitNoPrefetchThreads(threads);
        assertEquals(live, st.liveBytes(), "the batches the thread had built are freed: " + st.snapshot());

        loader.iterator().next().close(); // dropped after one batch: the Cleaner stops its thread
        awaitNoPrefetchThreads(threads);
        for (int i = 0; i < 100 && st.liveBytes() > live; i++) Thread.sleep(10);
        assertEquals(live, st.liveBytes(), "the dropped epoch's batches are freed: " + st.snapshot());
    }

    @Test
    void anIndexableDatasetIsBatchedByStackingSamples() {
        Dataset squares = new Dataset() {
            @Override public int size() { return 7; }

            @Override
            public Sample get(int i) { return new Sample(Tensor.of((float) i, (float) i * i), null); }
        };
        List<float[]> batches = new ArrayList<>();
        for (Batches.Batch b : DataLoader.of(squares, 3).prefetch(1)) {
            try (b) {
                assertNull(b.y());
                assertEquals(2, b.x().dim());
                batches.add(b.x().toFloatArray());
            }
        }
        assertEquals(3, batches.size());
        assertArrayEquals(new float[] {0, 0, 1, 1, 2, 4}, batches.get(0));
        assertArrayEquals(new float[] {6, 36}, batches.get(2));
    }

    @Test
    void badArguments() {
        Dataset data = Dataset.of(x, y);
        assertThrows(IllegalArgumentException.class, () -> DataLoader.of(data, 0));
        assertThrows(IllegalArgumentException.class, () -> DataLoader.of(data, 4).prefetch(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.of(x, y.slice(0, 0, 5)));
        assertTrue(e.getMessage().contains("first dimension"), e.getMessage());
    }
}
