// Batches: mini-batches of (x, y) for a training loop. Each iteration of a Batches is one epoch: with
// shuffle on, it draws a new permutation from the Generator (so a seed fixes every epoch's order),
// then yields batches lazily, each built with one index_select per tensor when next() is called.
// Nothing is copied up front, so a loop frees each batch when its step ends:
//
//   Batches batches = Batches.of(x, y, 64).shuffle(new Generator(42)).dropLast(true);
//   for (int epoch = 0; epoch < 10; epoch++)
//       for (Batch b : batches)
//           try (b; Scope step = Scope.open()) { ... b.x() ... b.y() ... }
//
// (next() runs before the body, so the batch itself belongs to the enclosing scope; `try (b; ...)`
// frees it at the end of the step, together with everything the step created.)
package dev.tessera.data;

import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

public final class Batches implements Iterable<Batches.Batch> {

    /** One mini-batch: rows of x and y (y null when there are no targets), and its position in the epoch. */
    public record Batch(Tensor x, Tensor y, int index) implements AutoCloseable {
        /** Number of samples in this batch. */
        public long size() { return x.size(0); }

        @Override
        public void close() {
            x.close();
            if (y != null) y.close();
        }
    }

    private final Tensor x;
    private final Tensor y;
    private final int batchSize;
    private final Generator shuffle;
    private final boolean dropLast;

    private Batches(Tensor x, Tensor y, int batchSize, Generator shuffle, boolean dropLast) {
        this.x = x;
        this.y = y;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
    }

    /** Batches of x [n, ...] and y [n, ...] (y may be null) in order, the last one possibly smaller. */
    public static Batches of(Tensor x, Tensor y, int batchSize) {
        if (x == null) throw new NullPointerException("Batches: x is null");
        if (x.dim() < 1) throw new IllegalArgumentException("Batches: x must have a batch dimension, got " + x.describe());
        if (y != null && (y.dim() < 1 || y.size(0) != x.size(0))) {
            throw new IllegalArgumentException("Batches: x " + x.describe() + " and y " + y.describe() + " differ in their first dimension");
        }
        if (batchSize < 1) throw new IllegalArgumentException("Batches: batch size must be at least 1, got " + batchSize);
        if (x.size(0) > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("Batches: too many samples: " + x.size(0));
        return new Batches(x, y, batchSize, null, false);
    }

    /** The same batches in a new random order each epoch, drawn from g (null: in order). */
    public Batches shuffle(Generator g) { return new Batches(x, y, batchSize, g, dropLast); }

    /** Whether a last batch smaller than the batch size is dropped. */
    public Batches dropLast(boolean drop) { return new Batches(x, y, batchSize, shuffle, drop); }

    /** Number of samples in the data. */
    public long samples() { return x.size(0); }

    public int batchSize() { return batchSize; }

    /** Number of batches per epoch. */
    public int numBatches() {
        long n = samples();
        return (int) (dropLast ? n / batchSize : (n + batchSize - 1) / batchSize);
    }

    /** One epoch. With shuffle on, each call draws the next permutation from the generator. */
    @Override
    public Iterator<Batch> iterator() {
        x.checkOpen("Batches");
        if (y != null) y.checkOpen("Batches");
        int n = (int) samples();
        long[] order = shuffle == null ? Shuffle.identity(n) : Shuffle.permutation(n, shuffle);
        int count = numBatches();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() { return next < count; }

            @Override
            public Batch next() {
                if (next >= count) throw new NoSuchElementException("Batches: epoch finished after " + count + " batches");
                int from = next * batchSize;
                int to = Math.min(n, from + batchSize);
                try (Tensor idx = Tensor.of(Arrays.copyOfRange(order, from, to))) {
                    Tensor bx = x.indexSelect(0, idx);
                    Tensor by = y == null ? null : y.indexSelect(0, idx);
                    return new Batch(bx, by, next++);
                }
            }
        };
    }
}
