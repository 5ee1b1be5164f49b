// CategoricalCrossEntropyLoss: cross entropy from logits [N, C] with one-hot or class-probability
// targets [N, C] (Keras "categorical_crossentropy" with from_logits=True, PyTorch CrossEntropyLoss
// with probability targets). Integer labels take CrossEntropyLoss ("sparse_categorical_crossentropy")
// instead, whose fused kernel is faster; this one is composed of differentiable ops (log_softmax,
// mul, sum), so its gradient, and the gradient of that, come from the ops' own backward.
package dev.tessera.nn.loss;

import dev.tessera.ops.Losses.Reduction;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;

public final class CategoricalCrossEntropyLoss implements Loss {
    private final Reduction reduction;

    public CategoricalCrossEntropyLoss() { this(Reduction.MEAN); }

    public CategoricalCrossEntropyLoss(Reduction reduction) {
        this.reduction = LossArgs.reduction("categorical_crossentropy", reduction);
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) {
        input.checkOpen(name());
        target.checkOpen(name());
        if (input.dim() != 2 || !Arrays.equals(input.shapeRef(), target.shapeRef())) {
            throw new IllegalArgumentException(name() + ": logits " + Shape.str(input.shapeRef()) + " and targets "
                    + Shape.str(target.shapeRef()) + " must both be [N, C] (for integer labels [N] use sparse_categorical_crossentropy)");
        }
        if (!input.dtype().isFloat()) throw new IllegalArgumentException(name() + ": logits must be floating point, got " + input.describe());
        Tensor perSample = input.logSoftmax(1).mul(target).sum(1).neg();
        switch (reduction) {
            case MEAN: return perSample.mean();
            case SUM: return perSample.sum();
            default: return perSample;
        }
    }

    @Override
    public String name() { return "categorical_crossentropy"; }

    @Override
    public String toString() { return "CategoricalCrossEntropyLoss(reduction=" + reduction + ")"; }
}
