// Adagrad exactly as torch.optim.Adagrad: sum += g^2; p -= clr g / (sqrt(sum) + eps) with the decayed
// rate clr = lr / (1 + (step - 1) lr_decay) and L2 weight decay added to the gradient. One fused
// kernel per parameter (Backend.adagradStep); state: sum, starting at initial_accumulator_value.
package dev.tessera.optim;

import dev.tessera.tensor.Tensor;

import java.util.List;

public final class Adagrad extends Optimizer {
    private final double lrDecay;
    private final double weightDecay;
    private final double initialAccumulatorValue;
    private final double eps;

    /** Adagrad with PyTorch's defaults: lr 1e-2, no lr decay, no weight decay, accumulator 0, eps 1e-10. */
    public Adagrad(List<Tensor> params) { this(params, 1e-2); }

    public Adagrad(List<Tensor> params, double lr) { this(params, lr, 0, 0, 0, 1e-10); }

    /** Every option; {@link #builder} reads better. */
    public Adagrad(List<Tensor> params, double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps) {
        super("adagrad", params, lr, "sum");
        this.lrDecay = check("lr_decay", lrDecay, 0, Double.POSITIVE_INFINITY);
        this.weightDecay = check("weight_decay", weightDecay, 0, Double.POSITIVE_INFINITY);
        this.initialAccumulatorValue = check("initial_accumulator_value", initialAccumulatorValue, 0, Double.POSITIVE_INFINITY);
        this.eps = check("eps", eps, 0, Double.POSITIVE_INFINITY);
    }

    public static Builder builder(List<Tensor> params) { return new Builder(params); }

    public double lrDecay() { return lrDecay; }
    public double weightDecay() { return weightDecay; }
    public double initialAccumulatorValue() { return initialAccumulatorValue; }
    public double eps() { return eps; }

    @Override
    protected double initialValue(String buffer) { return initialAccumulatorValue; }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] buffers, long step) {
        param.backend().adagradStep(param, grad, buffers[0], step, lr(), lrDecay, weightDecay, eps);
    }

    @Override
    protected List<String> options() {
        return List.of("lr_decay=" + lrDecay, "weight_decay=" + weightDecay, "initial_accumulator_value=" + initialAccumulatorValue,
                "eps=" + eps);
    }

    /** Adagrad's options with PyTorch's defaults. */
    public static final class Builder {
        private final List<Tensor> params;
        private double lr = 1e-2;
        private double lrDecay;
        private double weightDecay;
        private double initialAccumulatorValue;
        private double eps = 1e-10;

        private Builder(List<Tensor> params) { this.params = params; }

        public Builder lr(double v) { lr = v; return this; }
        public Builder lrDecay(double v) { lrDecay = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder initialAccumulatorValue(double v) { initialAccumulatorValue = v; return this; }
        public Builder eps(double v) { eps = v; return this; }

        public Adagrad build() { return new Adagrad(params, lr, lrDecay, weightDecay, initialAccumulatorValue, eps); }
    }
}
