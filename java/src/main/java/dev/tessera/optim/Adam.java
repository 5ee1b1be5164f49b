// Adam (Kingma & Ba) exactly as torch.optim.Adam: optional L2 weight decay added to the gradient,
// bias-corrected first and second moments, and the AMSGrad variant (running max of the second
// moment). AdamW is the same kernel with decoupled weight decay (see AdamW). One fused kernel per
// parameter (Backend.adamStep); state: exp_avg, exp_avg_sq (and max_exp_avg_sq with amsgrad).
package dev.tessera.optim;

import dev.tessera.tensor.Tensor;

import java.util.List;

public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean amsgrad;
    private final boolean decoupled;

    /** Adam with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(List<Tensor> params) { this(params, 1e-3); }

    public Adam(List<Tensor> params, double lr) { this(params, lr, 0.9, 0.999, 1e-8, 0, false); }

    /** Every option; {@link #builder} reads better. */
    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        this("adam", params, lr, beta1, beta2, eps, weightDecay, amsgrad, false);
    }

    Adam(String name, List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
         boolean decoupled) {
        super(name, params, lr, amsgrad ? new String[] {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}
                                        : new String[] {"exp_avg", "exp_avg_sq"});
        this.beta1 = check("beta1", beta1, 0, 1);
        this.beta2 = check("beta2", beta2, 0, 1);
        this.eps = check("eps", eps, 0, Double.POSITIVE_INFINITY);
        this.weightDecay = check("weight_decay", weightDecay, 0, Double.POSITIVE_INFINITY);
        this.amsgrad = amsgrad;
        this.decoupled = decoupled;
    }

    public static Builder builder(List<Tensor> params) { return new Builder(params, 0); }

    public double beta1() { return beta1; }
    public double beta2() { return beta2; }
    public double eps() { return eps; }
    public double weightDecay() { return weightDecay; }
    public boolean amsgrad() { return amsgrad; }

    @Override
    protected final void update(Tensor param, Tensor grad, Tensor[] buffers, long step) {
        param.backend().adamStep(param, grad, buffers[0], buffers[1], amsgrad ? buffers[2] : null, step, lr(), beta1, beta2, eps,
                weightDecay, decoupled);
    }

    @Override
    protected final List<String> options() {
        return List.of("betas=(" + beta1 + ", " + beta2 + ")", "eps=" + eps, "weight_decay=" + weightDecay, "amsgrad=" + amsgrad);
    }

    /** Adam's options with PyTorch's defaults (AdamW's builder starts with weight decay 1e-2). */
    public static class Builder {
        final List<Tensor> params;
        double lr = 1e-3;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        double weightDecay;
        boolean amsgrad;

        Builder(List<Tensor> params, double weightDecay) {
            this.params = params;
            this.weightDecay = weightDecay;
        }

        public Builder lr(double v) { lr = v; return this; }
        public Builder betas(double b1, double b2) { beta1 = b1; beta2 = b2; return this; }
        public Builder eps(double v) { eps = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder amsgrad(boolean v) { amsgrad = v; return this; }

        public Adam build() { return new Adam(params, lr, beta1, beta2, eps, weightDecay, amsgrad); }
    }
}
