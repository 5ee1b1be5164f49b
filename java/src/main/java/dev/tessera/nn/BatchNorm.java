// BatchNorm: what BatchNorm1d and BatchNorm2d share, as PyTorch's _BatchNorm. Parameters weight
// (ones) and bias (zeros) when affine; buffers running_mean (zeros), running_var (ones) and
// num_batches_tracked (an i64 scalar) when tracking running statistics, under PyTorch's names so
// state dicts load both ways. In training mode each batch is normalised with its own statistics
// and the running ones move by momentum; in eval mode the running ones are used (or, without
// tracking, the batch's again). The subclasses only say which input ranks they accept.
package dev.tessera.nn;

import dev.tessera.autograd.GradMode;
import dev.tessera.ops.Normalization;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

public abstract class BatchNorm extends Module {
    /** PyTorch's defaults. */
    public static final double DEFAULT_EPS = 1e-5;
    public static final double DEFAULT_MOMENTUM = 0.1;

    private final long numFeatures;
    private final double eps;
    private final double momentum;
    private final boolean affine;
    private final boolean trackRunningStats;

    protected BatchNorm(long numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats, DType dtype) {
        String name = typeName();
        if (numFeatures < 1) throw new IllegalArgumentException(name + ": numFeatures must be >= 1, got " + numFeatures);
        if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException(name + ": eps must be >= 0 and finite, got " + eps);
        if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException(name + ": momentum must be in [0, 1], got " + momentum);
        if (dtype == null || !dtype.isFloat()) throw new IllegalArgumentException(name + ": dtype must be f32 or f64, got " + dtype);
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        if (affine) {
            registerParameter("weight", Tensor.ones(dtype, numFeatures));
            registerParameter("bias", Tensor.zeros(dtype, numFeatures));
        }
        if (trackRunningStats) {
            registerBuffer("running_mean", Tensor.zeros(dtype, numFeatures));
            registerBuffer("running_var", Tensor.ones(dtype, numFeatures));
            registerBuffer("num_batches_tracked", Tensor.zeros(DType.I64));
        }
    }

    /** Throws when x's rank is not one this layer normalises (x's dim 1 is always the channel dim). */
    protected abstract void checkRank(Tensor x);

    public long numFeatures() { return numFeatures; }

    public double eps() { return eps; }

    public double momentum() { return momentum; }

    /** The scale, or null without affine. */
    public Tensor weight() { return affine ? parameter("weight") : null; }

    /** The shift, or null without affine. */
    public Tensor bias() { return affine ? parameter("bias") : null; }

    /** The running mean, or null when running statistics are not tracked. */
    public Tensor runningMean() { return trackRunningStats ? buffer("running_mean") : null; }

    /** The running (unbiased) variance, or null when running statistics are not tracked. */
    public Tensor runningVar() { return trackRunningStats ? buffer("running_var") : null; }

    /** Training batches seen so far (0 when running statistics are not tracked). */
    public long numBatchesTracked() { return trackRunningStats ? buffer("num_batches_tracked").getLong() : 0; }

    @Override
    public Tensor forward(Tensor x) {
        if (x == null) throw new NullPointerException(typeName() + ": input is null");
        checkRank(x);
        if (x.shapeRef()[1] != numFeatures) {
            throw new IllegalArgumentException(typeName() + ": input " + x.describe() + " has " + x.shapeRef()[1]
                    + " channels (dim 1), expected numFeatures = " + numFeatures);
        }
        boolean batchStats = isTraining() || !trackRunningStats;
        Tensor out = Normalization.batchNorm(x, runningMean(), runningVar(), weight(), bias(), batchStats, momentum, eps);
        if (isTraining() && trackRunningStats) {
            try (GradMode.Guard off = GradMode.noGrad()) {
                buffer("num_batches_tracked").addInPlace(1.0);
            }
        }
        return out;
    }

    @Override
    protected String extraRepr() {
        return "numFeatures=" + numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + affine
                + ", trackRunningStats=" + trackRunningStats;
    }
}
