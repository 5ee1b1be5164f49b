// IndexedRows: the data the batching tests (BatchesTest, DataLoaderTest) draw batches from: row i of
// x is [i, 2i, 3i] and y[i] = i, so any batch shows which samples it holds and in what order.
package dev.tessera.data;

import dev.tessera.tensor.Tensor;

final class IndexedRows {
    private IndexedRows() {}

    /** x [n, 3] f32 and y [n] i64, created in the current scope. */
    static Tensor[] make(int n) {
        float[] xv = new float[n * 3];
        long[] yv = new long[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) xv[3 * i + k] = i * (k + 1);
            yv[i] = i;
        }
        return new Tensor[] {Tensor.of(xv).reshape(n, 3), Tensor.of(yv)};
    }
}
