// RMSprop exactly as torch.optim.RMSprop: v = alpha v + (1 - alpha) g^2, optionally centered (divide
// by the estimated variance, sqrt(v - mean(g)^2)) and with momentum on the scaled step; L2 weight
// decay added to the gradient. One fused kernel per parameter (Backend.rmspropStep); state:
// square_avg, plus momentum_buffer when momentum > 0 and grad_avg when centered.
package dev.tessera.optim;

import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

public final class RMSprop extends Optimizer {
    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;

    /** RMSprop with PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay, no momentum. */
    public RMSprop(List<Tensor> params) { this(params, 1e-2); }

    public RMSprop(List<Tensor> params, double lr) { this(params, lr, 0.99, 1e-8, 0, 0, false); }

    /** Every option; {@link #builder} reads better. */
    public RMSprop(List<Tensor> params, double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        super("rmsprop", params, lr, bufferNames(momentum, centered));
        this.alpha = check("alpha", alpha, 0, Double.POSITIVE_INFINITY);
        this.eps = check("eps", eps, 0, Double.POSITIVE_INFINITY);
        this.weightDecay = check("weight_decay", weightDecay, 0, Double.POSITIVE_INFINITY);
        this.momentum = check("momentum", momentum, 0, Double.POSITIVE_INFINITY);
        this.centered = centered;
    }

    private static String[] bufferNames(double momentum, boolean centered) {
        List<String> names = new ArrayList<>(List.of("square_avg"));
        if (momentum > 0) names.add("momentum_buffer");
        if (centered) names.add("grad_avg");
        return names.toArray(new String[0]);
    }

    public static Builder builder(List<Tensor> params) { return new Builder(params); }

    public double alpha() { return alpha; }
    public double eps() { return eps; }
    public double weightDecay() { return weightDecay; }
    public double momentum() { return momentum; }
    public boolean centered() { return centered; }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] buffers, long step) {
        int k = 1;
        Tensor buf = momentum > 0 ? buffers[k++] : null;
        Tensor gradAvg = centered ? buffers[k] : null;
        param.backend().rmspropStep(param, grad, buffers[0], gradAvg, buf, lr(), alpha, eps, weightDecay, momentum, centered);
    }

    @Override
    protected List<String> options() {
        return List.of("alpha=" + alpha, "eps=" + eps, "weight_decay=" + weightDecay, "momentum=" + momentum, "centered=" + centered);
    }

    /** RMSprop's options with PyTorch's defaults. */
    public static final class Builder {
        private final List<Tensor> params;
        private double lr = 1e-2;
        private double alpha = 0.99;
        private double eps = 1e-8;
        private double weightDecay;
        private double momentum;
        private boolean centered;

        private Builder(List<Tensor> params) { this.params = params; }

        public Builder lr(double v) { lr = v; return this; }
        public Builder alpha(double v) { alpha = v; return this; }
        public Builder eps(double v) { eps = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder centered(boolean v) { centered = v; return this; }

        public RMSprop build() { return new RMSprop(params, lr, alpha, eps, weightDecay, momentum, centered); }
    }
}
