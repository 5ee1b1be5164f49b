// SliceBatches: (x, y) in order as batches that are views (slices along dim 0), for evaluation and
// validation, where the order doesn't matter and a copy per batch (Batches' index_select) would be
// wasted. Closing a batch closes only its views; x and y stay open.
package dev.tessera.train;

import dev.tessera.data.Batches;
import dev.tessera.tensor.Tensor;

import java.util.Iterator;
import java.util.NoSuchElementException;

final class SliceBatches implements Iterable<Batches.Batch> {
    private final Tensor x;
    private final Tensor y;
    private final int batchSize;

    SliceBatches(Tensor x, Tensor y, int batchSize) {
        x.checkOpen("evaluate");
        y.checkOpen("evaluate");
        if (x.dim() < 1 || y.dim() < 1 || x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("evaluate: x " + x.describe() + " and y " + y.describe() + " must have the same first dimension");
        }
        if (batchSize < 1) throw new IllegalArgumentException("evaluate: batch size must be at least 1, got " + batchSize);
        this.x = x;
        this.y = y;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Batches.Batch> iterator() {
        long n = x.size(0);
        return new Iterator<>() {
            private long from;
            private int index;

            @Override
            public boolean hasNext() { return from < n; }

            @Override
            public Batches.Batch next() {
                if (from >= n) throw new NoSuchElementException("evaluate: no batch left");
                long to = Math.min(n, from + batchSize);
                Batches.Batch b = new Batches.Batch(x.slice(0, from, to), y.slice(0, from, to), index++);
                from = to;
                return b;
            }
        };
    }
}
