// Transforms: the small tensor helpers a data pipeline needs: u8 pixels to f32 in [0, 1], the mean
// and standard deviation of a data set, (x - mean) / std standardisation, and one-hot labels.
// Intermediates are closed as soon as they are used, so the helpers are safe inside or outside a Scope.
package dev.tessera.data;

import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

public final class Transforms {
    private Transforms() {}

    /** Mean and (population) standard deviation of a data set. */
    public record MeanStd(double mean, double std) {}

    /** u8 pixels 0..255 as f32 in [0, 1] (x / 255). */
    public static Tensor toUnitRange(Tensor pixels) {
        if (pixels.dtype() != DType.U8) throw new IllegalArgumentException("toUnitRange: expected u8 pixels, got " + pixels.describe());
        try (Tensor f = pixels.to(DType.F32)) {
            return f.div(255.0);
        }
    }

    /** Mean and population standard deviation over all elements, computed in f64. */
    public static MeanStd meanStd(Tensor x) {
        if (x.numel() == 0) throw new IllegalArgumentException("meanStd: empty tensor " + x.describe());
        try (Tensor d = x.to(DType.F64); Tensor m = d.mean()) {
            double mean = m.item();
            try (Tensor c = d.sub(mean); Tensor sq = c.mul(c); Tensor v = sq.mean()) {
                return new MeanStd(mean, Math.sqrt(v.item()));
            }
        }
    }

    /** (x - mean) / std, in x's dtype. */
    public static Tensor standardize(Tensor x, double mean, double std) {
        if (!(std > 0)) throw new IllegalArgumentException("standardize: std must be positive, got " + std);
        try (Tensor c = x.sub(mean)) {
            return c.div(std);
        }
    }

    public static Tensor standardize(Tensor x, MeanStd stats) { return standardize(x, stats.mean(), stats.std()); }

    /** Labels [n] (any integer dtype, values in 0..classes-1) as f32 [n, classes] with a 1 at each label. */
    public static Tensor oneHot(Tensor labels, int classes) {
        if (labels.dim() != 1 || !labels.dtype().isIntegral() || labels.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("oneHot: labels must be a 1-D integer tensor, got " + labels.describe());
        }
        if (classes < 1) throw new IllegalArgumentException("oneHot: classes must be at least 1, got " + classes);
        if (labels.numel() > 0) {
            long lo;
            long hi;
            try (Tensor mn = labels.min(); Tensor mx = labels.max()) {
                lo = (long) mn.item();
                hi = (long) mx.item();
            }
            if (lo < 0 || hi >= classes) {
                throw new IllegalArgumentException("oneHot: labels must be in 0.." + (classes - 1) + ", got values from " + lo + " to " + hi);
            }
        }
        try (Tensor l = labels.to(DType.I64);
             Tensor col = l.unsqueeze(1);
             Tensor range = Tensor.arange(classes);
             Tensor hit = col.eq(range)) {
            return hit.to(DType.F32);
        }
    }
}
