// TensorDataset: Dataset.of(x, y), samples that are the rows of tensors. A batch is one index_select
// per tensor, so nothing is copied until a batch is asked for.
package dev.tessera.data;

import dev.tessera.tensor.Tensor;

final class TensorDataset implements Dataset {
    private final Tensor x;
    private final Tensor y;

    TensorDataset(Tensor x, Tensor y) {
        if (x == null) throw new NullPointerException("Dataset: x is null");
        if (x.dim() < 1) throw new IllegalArgumentException("Dataset: x must have a batch dimension, got " + x.describe());
        if (y != null && (y.dim() < 1 || y.size(0) != x.size(0))) {
            throw new IllegalArgumentException("Dataset: x " + x.describe() + " and y " + y.describe() + " differ in their first dimension");
        }
        if (x.size(0) > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("Dataset: too many samples: " + x.size(0));
        this.x = x;
        this.y = y;
    }

    @Override
    public int size() {
        x.checkOpen("Dataset");
        if (y != null) y.checkOpen("Dataset");
        return (int) x.size(0);
    }

    @Override
    public Sample get(int index) {
        return new Sample(x.select(0, index), y == null ? null : y.select(0, index)); // views, no copy
    }

    @Override
    public Sample gather(long[] indices) {
        try (Tensor idx = Tensor.of(indices)) {
            return new Sample(x.indexSelect(0, idx), y == null ? null : y.indexSelect(0, idx));
        }
    }
}
