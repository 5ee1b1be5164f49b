// Batches: mini-batches of tensors (x, y) for a training loop, the common case of a DataLoader
// (Dataset.of(x, y), no prefetch) under a short name. Each iteration of a Batches is one epoch: with
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
// frees it at the end of the step, together with everything the step created.) Batch is also what a
// DataLoader yields, so code written against Iterable<Batches.Batch> takes either.
package dev.tessera.data;

import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.util.Iterator;

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

    private final DataLoader loader;

    private Batches(DataLoader loader) { this.loader = loader; }

    /** Batches of x [n, ...] and y [n, ...] (y may be null) in order, the last one possibly smaller. */
    public static Batches of(Tensor x, Tensor y, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("Batches: batch size must be at least 1, got " + batchSize);
        return new Batches(DataLoader.of(Dataset.of(x, y), batchSize));
    }

    /** The same batches in a new random order each epoch, drawn from g (null: in order). */
    public Batches shuffle(Generator g) { return new Batches(loader.shuffle(g)); }

    /** Whether a last batch smaller than the batch size is dropped. */
    public Batches dropLast(boolean drop) { return new Batches(loader.dropLast(drop)); }

    /** Number of samples in the data. */
    public long samples() { return loader.samples(); }

    public int batchSize() { return loader.batchSize(); }

    /** Number of batches per epoch. */
    public int numBatches() { return loader.numBatches(); }

    /** One epoch. With shuffle on, each call draws the next permutation from the generator. */
    @Override
    public Iterator<Batch> iterator() { return loader.iterator(); }
}
