// DataLoader: mini-batches of a Dataset for a training loop, optionally built ahead on a background
// thread. Each iteration is one epoch: with shuffle on, iterator() draws the next permutation from the
// Generator on the caller's thread, so a seed fixes every epoch's order with or without prefetch.
//
//   DataLoader loader = DataLoader.of(Dataset.of(x, y), 64).shuffle(new Generator(42)).dropLast(true).prefetch(2);
//   for (Batches.Batch b : loader)
//       try (b; Scope step = Scope.open()) { ... b.x() ... b.y() ... }
//
// Batches belong to the scope that is current when next() returns them (the loop's enclosing scope,
// exactly as Batches does), so `try (b; ...)` frees each at the end of its step.
//
// Prefetch (depth >= 1): a daemon thread "tessera-prefetch" builds batches in epoch order into a queue
// of that many. It opens no scope of its own beyond each batch's build, so a finished batch belongs to no
// scope; next() moves it into the consumer's current scope (scopes are confined to their thread, so
// ownership changes hands only through the queue, which orders the two threads' memory). A failure on
// the thread is rethrown by the next() that reaches it, after the batches built before it. Closing the
// epoch (DataLoader.Epoch is AutoCloseable) or dropping an unfinished one stops the thread and frees the
// batches it had built. Staging buffers are not recycled by hand: the CPU allocator's size classes already
// hand each batch the block a freed batch of the same size left (a pool hit).
package dev.tessera.data;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

public final class DataLoader implements Iterable<Batches.Batch> {
    /** Stops the prefetch thread of an epoch its consumer dropped without closing it. */
    private static final Cleaner ABANDONED = Cleaner.create();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Dataset data;
    private final int batchSize;
    private final Generator shuffle;
    private final boolean dropLast;
    private final int prefetch;

    private DataLoader(Dataset data, int batchSize, Generator shuffle, boolean dropLast, int prefetch) {
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.prefetch = prefetch;
    }

    /** Batches of {@code data} in order, the last one possibly smaller, built when next() is called. */
    public static DataLoader of(Dataset data, int batchSize) {
        if (data == null) throw new NullPointerException("DataLoader: data is null");
        if (batchSize < 1) throw new IllegalArgumentException("DataLoader: batch size must be at least 1, got " + batchSize);
        return new DataLoader(data, batchSize, null, false, 0);
    }

    /** The same batches in a new random order each epoch, drawn from g (null: in order). */
    public DataLoader shuffle(Generator g) { return new DataLoader(data, batchSize, g, dropLast, prefetch); }

    /** Whether a last batch smaller than the batch size is dropped. */
    public DataLoader dropLast(boolean drop) { return new DataLoader(data, batchSize, shuffle, drop, prefetch); }

    /** Builds up to {@code depth} batches ahead on a background thread (0: build each in next(), on the caller's thread). */
    public DataLoader prefetch(int depth) {
        if (depth < 0) throw new IllegalArgumentException("DataLoader: prefetch depth must be >= 0, got " + depth);
        return new DataLoader(data, batchSize, shuffle, dropLast, depth);
    }

    public Dataset dataset() { return data; }

    /** Number of samples in the data. */
    public long samples() { return data.size(); }

    public int batchSize() { return batchSize; }

    /** Batches built ahead on the prefetch thread (0: none). */
    public int prefetchDepth() { return prefetch; }

    /** Number of batches per epoch. */
    public int numBatches() {
        long n = samples();
        return (int) (dropLast ? n / batchSize : (n + batchSize - 1) / batchSize);
    }

    /** One pass over the data. Close it to stop its prefetch thread early; one run to the end needs no close. */
    public interface Epoch extends Iterator<Batches.Batch>, AutoCloseable {
        @Override
        void close();
    }

    /** One epoch. With shuffle on, each call draws the next permutation from the generator. */
    @Override
    public Epoch iterator() {
        int n = data.size();
        long[] order = shuffle == null ? Shuffle.identity(n) : Shuffle.permutation(n, shuffle);
        int count = numBatches();
        return prefetch == 0 ? new InlineEpoch(order, count) : new PrefetchEpoch(order, count);
    }

    /** Batch k of an epoch; its tensors belong to the scope that is current when this is called. */
    private Batches.Batch build(long[] order, int k) {
        int from = k * batchSize;
        int to = Math.min(order.length, from + batchSize);
        // The inner scope frees whatever a Dataset's gather makes along the way; only the batch is kept.
        try (Scope build = Scope.open()) {
            Dataset.Sample s = data.gather(Arrays.copyOfRange(order, from, to));
            s.x().keep();
            if (s.y() != null) s.y().keep();
            return new Batches.Batch(s.x(), s.y(), k);
        }
    }

    private final class InlineEpoch implements Epoch {
        private final long[] order;
        private final int count;
        private int next;

        InlineEpoch(long[] order, int count) {
            this.order = order;
            this.count = count;
        }

        @Override
        public boolean hasNext() { return next < count; }

        @Override
        public Batches.Batch next() {
            if (next >= count) throw new NoSuchElementException("DataLoader: epoch finished after " + count + " batches");
            return build(order, next++);
        }

        @Override
        public void close() { next = count; }
    }

    /** What the prefetch thread hands over: a batch, or the error that ended it. */
    private record Failure(Throwable error) {}

    /** The prefetch thread's side; it holds no reference to its epoch, so a dropped epoch can be collected. */
    private static final class Prefetcher implements Runnable {
        final BlockingQueue<Object> queue;
        final DataLoader loader;
        final long[] order;
        final int count;
        final Thread thread;
        volatile boolean stopped;

        Prefetcher(DataLoader loader, long[] order, int count) {
            this.queue = new ArrayBlockingQueue<>(loader.prefetch);
            this.loader = loader;
            this.order = order;
            this.count = count;
            this.thread = new Thread(this, "tessera-prefetch-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                for (int k = 0; k < count && !stopped; k++) {
                    Object item;
                    try {
                        item = loader.build(order, k);
                    } catch (Throwable t) {
                        item = new Failure(t);
                    }
                    try {
                        queue.put(item);
                    } catch (InterruptedException e) {
                        release(item);
                        return;
                    }
                    if (item instanceof Failure) return;
                }
            } finally {
                if (stopped) drain(); // batches put after the consumer's own drain
            }
        }

        /** Ends the thread and frees the batches it built that nobody took (idempotent). */
        void stop() {
            stopped = true;
            thread.interrupt();
            drain();
        }

        private void drain() {
            for (Object item; (item = queue.poll()) != null; ) release(item);
        }

        private static void release(Object item) {
            if (item instanceof Batches.Batch b) b.close();
        }
    }

    private final class PrefetchEpoch implements Epoch {
        private final Prefetcher prefetcher;
        private final Cleaner.Cleanable cleanable;
        private final int count;
        private int next;

        PrefetchEpoch(long[] order, int count) {
            this.count = count;
            this.prefetcher = new Prefetcher(DataLoader.this, order, count);
            Prefetcher p = prefetcher; // the cleaning action must not reach this epoch
            this.cleanable = ABANDONED.register(this, p::stop);
            p.thread.start();
        }

        @Override
        public boolean hasNext() { return next < count; }

        @Override
        public Batches.Batch next() {
            if (next >= count) throw new NoSuchElementException("DataLoader: epoch finished after " + count + " batches");
            Object item;
            try {
                item = prefetcher.queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("DataLoader: interrupted while waiting for batch " + next, e);
            }
            if (item instanceof Failure f) {
                close();
                throw rethrow(f.error());
            }
            Batches.Batch b = (Batches.Batch) item;
            Scope consumer = Scope.current();
            Scope.moveInto(b.x(), consumer);
            if (b.y() != null) Scope.moveInto(b.y(), consumer);
            if (++next == count) cleanable.clean(); // the thread has finished; nothing is left to free
            return b;
        }

        @Override
        public void close() {
            next = count;
            cleanable.clean();
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("DataLoader: building a batch failed: " + t, t);
    }
}
