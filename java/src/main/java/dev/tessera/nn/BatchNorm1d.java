// BatchNorm1d: batch norm of [N, C] features or [N, C, L] sequences per channel C, as
// torch.nn.BatchNorm1d (statistics over N, and L when present). See BatchNorm.
package dev.tessera.nn;

import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

public class BatchNorm1d extends BatchNorm {
    /** eps 1e-5, momentum 0.1, affine, tracking running statistics, f32 (PyTorch's defaults). */
    public BatchNorm1d(long numFeatures) { this(numFeatures, DEFAULT_EPS, DEFAULT_MOMENTUM, true, true, DType.DEFAULT_FLOAT); }

    public BatchNorm1d(long numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats, DType dtype) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, dtype);
    }

    @Override
    protected void checkRank(Tensor x) {
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException("BatchNorm1d: expected a 2-D [N, C] or 3-D [N, C, L] input, got " + x.describe());
        }
    }
}
