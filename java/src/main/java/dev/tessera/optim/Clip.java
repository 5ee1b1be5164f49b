// Clip: gradient clipping between backward() and the optimizer's step, as torch.nn.utils'
// clip_grad_norm_ and clip_grad_value_. Gradients are changed in place (no graph recorded, their
// memory kept); parameters without a gradient are skipped. Temporaries die in a scope of their own.
package dev.tessera.optim;

import dev.tessera.autograd.GradMode;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.Tensor;

import java.util.List;

public final class Clip {
    private Clip() {}

    /** {@link #gradNorm(List, double, double)} with the 2-norm. */
    public static double gradNorm(List<Tensor> params, double maxNorm) {
        return gradNorm(params, maxNorm, 2.0);
    }

    /**
     * Scales all gradients together so that their total {@code normType}-norm (the norm of the
     * vector of every gradient element; {@code Double.POSITIVE_INFINITY} = largest |g|) is at most
     * {@code maxNorm}: each is multiplied by maxNorm / (total + 1e-6) when that is below 1.
     * Returns the total norm before clipping, computed in double from each gradient's norm (0 when no
     * parameter has a gradient). A NaN or infinite total scales the gradients to NaN / 0 as PyTorch's
     * does. normType 0 counts the non-zero elements of all gradients.
     */
    public static double gradNorm(List<Tensor> params, double maxNorm, double normType) {
        if (params == null) throw new NullPointerException("clip_grad_norm: params is null");
        if (Double.isNaN(maxNorm) || maxNorm < 0) throw new IllegalArgumentException("clip_grad_norm: max_norm must be >= 0, got " + maxNorm);
        if (Double.isNaN(normType) || normType < 0) {
            throw new IllegalArgumentException("clip_grad_norm: norm_type must be >= 0 or infinity, got " + normType);
        }
        boolean inf = normType == Double.POSITIVE_INFINITY;
        double total = 0;
        boolean any = false;
        try (GradMode.Guard off = GradMode.noGrad(); Scope temps = Scope.open()) {
            for (Tensor p : params) {
                Tensor g = grad(p);
                if (g == null) continue;
                any = true;
                double n = g.norm(normType, null, false).item();
                if (inf) total = Math.max(total, n); // Math.max propagates NaN
                else if (normType == 0) total += n;
                else total += Math.pow(n, normType);
            }
            if (!any) return 0;
            if (!inf && normType != 0) total = Math.pow(total, 1 / normType);
            double coef = maxNorm / (total + 1e-6);
            if (coef < 1 || Double.isNaN(coef)) {
                for (Tensor p : params) {
                    Tensor g = grad(p);
                    if (g != null) g.mulInPlace(coef);
                }
            }
        }
        return total;
    }

    /** Clamps every gradient element into [-clipValue, clipValue] in place. */
    public static void gradValue(List<Tensor> params, double clipValue) {
        if (params == null) throw new NullPointerException("clip_grad_value: params is null");
        if (!(clipValue >= 0)) throw new IllegalArgumentException("clip_grad_value: clip_value must be >= 0, got " + clipValue);
        try (GradMode.Guard off = GradMode.noGrad(); Scope temps = Scope.open()) {
            for (Tensor p : params) {
                Tensor g = grad(p);
                if (g != null) g.copyFrom(g.clamp(-clipValue, clipValue));
            }
        }
    }

    private static Tensor grad(Tensor p) {
        if (p == null) throw new NullPointerException("clip: a parameter is null");
        Tensor g = p.grad();
        return g == null || g.isClosed() ? null : g;
    }
}
