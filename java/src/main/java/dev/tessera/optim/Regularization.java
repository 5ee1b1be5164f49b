// Regularization: weight penalties to add to the loss before backward(), as Keras's kernel
// regularizers define them — l1: lambda * sum |w|, l2: lambda * sum w^2 (no 1/2; its gradient is
// 2 lambda w, so l2(lambda) equals SGD's weight_decay = 2 lambda). Both are ordinary differentiable
// ops, returning a 0-d tensor of the parameters' (promoted) dtype in the current scope.
package dev.tessera.optim;

import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.util.List;

public final class Regularization {
    private Regularization() {}

    /** lambda * sum over all parameters of |w| (Keras regularizers.l1). */
    public static Tensor l1(List<Tensor> params, double lambda) {
        return penalty("l1", params, lambda, false);
    }

    /** lambda * sum over all parameters of w^2 (Keras regularizers.l2). */
    public static Tensor l2(List<Tensor> params, double lambda) {
        return penalty("l2", params, lambda, true);
    }

    private static Tensor penalty(String name, List<Tensor> params, double lambda, boolean square) {
        if (params == null) throw new NullPointerException(name + ": params is null");
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException(name + ": invalid lambda " + lambda);
        if (params.isEmpty()) return Tensor.scalar(DType.DEFAULT_FLOAT, 0);
        Tensor total = null;
        for (Tensor p : params) {
            if (p == null) throw new NullPointerException(name + ": a parameter is null");
            if (!p.dtype().isFloat()) throw new IllegalArgumentException(name + ": parameter " + p.describe() + " must be floating point");
            Tensor s = square ? p.mul(p).sum() : p.abs().sum();
            total = total == null ? s : total.add(s);
        }
        return total.mul(lambda);
    }
}
