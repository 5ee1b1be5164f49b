// Dataset: the samples a DataLoader batches. Implement size() and get(i) for data that is indexed one
// sample at a time (decoded from files, generated...); the default gather stacks those samples into a
// batch. Data already in tensors whose first dimension indexes the samples is Dataset.of(x, y), which
// gathers a whole batch with one index_select per tensor.
//
// get and gather return new tensors that the caller owns. A DataLoader may call them on its prefetch
// thread, so an implementation must allow being called from a thread other than the one that made it
// (reading its own tensors from another thread is fine: see DESIGN.md "Tensors and memory").
package dev.tessera.data;

import dev.tessera.tensor.Tensor;

public interface Dataset {

    /** One sample, or a batch of them: inputs x and targets y (null when the data has none). Closing frees both. */
    record Sample(Tensor x, Tensor y) implements AutoCloseable {
        @Override
        public void close() {
            x.close();
            if (y != null) y.close();
        }
    }

    /** Number of samples. */
    int size();

    /** Sample {@code index} (0 <= index < size()), without a batch dimension. */
    Sample get(int index);

    /** The samples at these positions, stacked along a new first dimension (x [k, ...], y [k, ...] or null). */
    default Sample gather(long[] indices) {
        Sample[] samples = new Sample[indices.length];
        try {
            Tensor[] xs = new Tensor[indices.length];
            Tensor[] ys = new Tensor[indices.length];
            for (int i = 0; i < indices.length; i++) {
                samples[i] = get(Math.toIntExact(indices[i]));
                xs[i] = samples[i].x();
                ys[i] = samples[i].y();
                if ((ys[i] == null) != (ys[0] == null)) {
                    throw new IllegalStateException("Dataset: sample " + indices[i] + (ys[i] == null ? " has no" : " has a")
                            + " target, unlike sample " + indices[0]);
                }
            }
            return new Sample(Tensor.stack(0, xs), ys[0] == null ? null : Tensor.stack(0, ys));
        } finally {
            for (Sample s : samples) if (s != null) s.close();
        }
    }

    /** The rows of x [n, ...] and y [n, ...] (y may be null) as samples; the tensors stay the caller's. */
    static Dataset of(Tensor x, Tensor y) { return new TensorDataset(x, y); }
}
