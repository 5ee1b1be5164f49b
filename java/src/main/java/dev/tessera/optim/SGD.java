// SGD: stochastic gradient descent with optional momentum (heavy ball or Nesterov), dampening and
// L2 weight decay, exactly torch.optim.SGD: g = grad + wd p; buf = first ? g : momentum buf +
// (1 - dampening) g; g = nesterov ? g + momentum buf : buf; p -= lr g. One fused kernel per
// parameter (Backend.sgdStep); the momentum buffer exists only when momentum != 0.
package dev.tessera.optim;

import dev.tessera.tensor.Tensor;

import java.util.List;

public final class SGD extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;

    /** Plain SGD with PyTorch's default learning rate 1e-3. */
    public SGD(List<Tensor> params) { this(params, 1e-3); }

    /** Plain SGD: p -= lr grad. */
    public SGD(List<Tensor> params, double lr) { this(params, lr, 0); }

    /** SGD with heavy-ball momentum (no dampening, no weight decay). */
    public SGD(List<Tensor> params, double lr, double momentum) { this(params, lr, momentum, 0, false, 0); }

    /** Every option; {@link #builder} reads better. */
    public SGD(List<Tensor> params, double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
        super("sgd", params, lr, momentum != 0 ? new String[] {"momentum_buffer"} : new String[0]);
        this.momentum = check("momentum", momentum, 0, Double.POSITIVE_INFINITY);
        this.dampening = check("dampening", dampening, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        this.weightDecay = check("weight_decay", weightDecay, 0, Double.POSITIVE_INFINITY);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("sgd: Nesterov momentum requires a momentum > 0 and zero dampening (got momentum "
                    + momentum + ", dampening " + dampening + ")");
        }
        this.nesterov = nesterov;
    }

    public static Builder builder(List<Tensor> params) { return new Builder(params); }

    public double momentum() { return momentum; }
    public double dampening() { return dampening; }
    public boolean nesterov() { return nesterov; }
    public double weightDecay() { return weightDecay; }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] buffers, long step) {
        Tensor buf = buffers.length > 0 ? buffers[0] : null;
        param.backend().sgdStep(param, grad, buf, lr(), momentum, dampening, weightDecay, nesterov, step == 1);
    }

    @Override
    protected List<String> options() {
        return List.of("momentum=" + momentum, "dampening=" + dampening, "nesterov=" + nesterov, "weight_decay=" + weightDecay);
    }

    /** SGD's options with PyTorch's defaults: lr 1e-3, momentum 0, dampening 0, nesterov off, weight decay 0. */
    public static final class Builder {
        private final List<Tensor> params;
        private double lr = 1e-3;
        private double momentum;
        private double dampening;
        private boolean nesterov;
        private double weightDecay;

        private Builder(List<Tensor> params) { this.params = params; }

        public Builder lr(double v) { lr = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder dampening(double v) { dampening = v; return this; }
        public Builder nesterov(boolean v) { nesterov = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }

        public SGD build() { return new SGD(params, lr, momentum, dampening, nesterov, weightDecay); }
    }
}
