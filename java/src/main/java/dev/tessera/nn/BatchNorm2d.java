// BatchNorm2d: batch norm of [N, C, H, W] feature maps per channel C (statistics over N, H and W),
// as torch.nn.BatchNorm2d. See BatchNorm.
package dev.tessera.nn;

import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

public class BatchNorm2d extends BatchNorm {
    /** eps 1e-5, momentum 0.1, affine, tracking running statistics, f32 (PyTorch's defaults). */
    public BatchNorm2d(long numFeatures) { this(numFeatures, DEFAULT_EPS, DEFAULT_MOMENTUM, true, true, DType.DEFAULT_FLOAT); }

    public BatchNorm2d(long numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats, DType dtype) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, dtype);
    }

    @Override
    protected void checkRank(Tensor x) {
        if (x.dim() != 4) throw new IllegalArgumentException("BatchNorm2d: expected a 4-D input [N, C, H, W], got " + x.describe());
    }
}
