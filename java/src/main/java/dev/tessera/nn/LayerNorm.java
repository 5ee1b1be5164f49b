// LayerNorm: normalises each sample over its trailing dims (normalizedShape), as torch.nn.LayerNorm,
// with an elementwise weight (ones) and bias (zeros) of that shape when elementwiseAffine. The same
// in training and eval mode.
package dev.tessera.nn;

import dev.tessera.ops.Normalization;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

public class LayerNorm extends Module {
    private final long[] normalizedShape;
    private final double eps;
    private final boolean elementwiseAffine;

    /** eps 1e-5 with weight and bias, f32. */
    public LayerNorm(long... normalizedShape) { this(normalizedShape, 1e-5, true, DType.DEFAULT_FLOAT); }

    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine, DType dtype) {
        if (normalizedShape == null || normalizedShape.length == 0) {
            throw new IllegalArgumentException("LayerNorm: normalizedShape must name at least one dim");
        }
        for (long d : normalizedShape) {
            if (d < 1) {
                throw new IllegalArgumentException("LayerNorm: normalizedShape " + Shape.str(normalizedShape) + " must be positive");
            }
        }
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("LayerNorm: eps must be >= 0 and finite, got " + eps);
        }
        if (dtype == null || !dtype.isFloat()) {
            throw new IllegalArgumentException("LayerNorm: dtype must be f32 or f64, got " + dtype);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        if (elementwiseAffine) {
            registerParameter("weight", Tensor.ones(dtype, normalizedShape));
            registerParameter("bias", Tensor.zeros(dtype, normalizedShape));
        }
    }

    public long[] normalizedShape() { return normalizedShape.clone(); }

    /** The scale, or null without elementwiseAffine. */
    public Tensor weight() { return elementwiseAffine ? parameter("weight") : null; }

    /** The shift, or null without elementwiseAffine. */
    public Tensor bias() { return elementwiseAffine ? parameter("bias") : null; }

    @Override
    public Tensor forward(Tensor x) { return Normalization.layerNorm(x, normalizedShape, weight(), bias(), eps); }

    @Override
    protected String extraRepr() {
        return "normalizedShape=" + Shape.str(normalizedShape) + ", eps=" + eps + ", elementwiseAffine=" + elementwiseAffine;
    }
}
