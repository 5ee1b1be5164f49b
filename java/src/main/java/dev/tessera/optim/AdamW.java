// AdamW (Loshchilov & Hutter) exactly as torch.optim.AdamW: Adam whose weight decay is decoupled
// from the gradient — p *= 1 - lr weight_decay before the Adam update — with PyTorch's default
// weight decay 1e-2. Same fused kernel and state as Adam.
package dev.tessera.optim;

import dev.tessera.tensor.Tensor;

import java.util.List;

public final class AdamW extends Adam {
    /** AdamW with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2. */
    public AdamW(List<Tensor> params) { this(params, 1e-3); }

    public AdamW(List<Tensor> params, double lr) { this(params, lr, 0.9, 0.999, 1e-8, 1e-2, false); }

    /** Every option; {@link #builder} reads better. */
    public AdamW(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        super("adamw", params, lr, beta1, beta2, eps, weightDecay, amsgrad, true);
    }

    public static Builder builder(List<Tensor> params) { return new Builder(params); }

    /** AdamW's options with PyTorch's defaults (weight decay 1e-2). */
    public static final class Builder extends Adam.Builder {
        private Builder(List<Tensor> params) { super(params, 1e-2); }

        @Override public Builder lr(double v) { super.lr(v); return this; }
        @Override public Builder betas(double b1, double b2) { super.betas(b1, b2); return this; }
        @Override public Builder eps(double v) { super.eps(v); return this; }
        @Override public Builder weightDecay(double v) { super.weightDecay(v); return this; }
        @Override public Builder amsgrad(boolean v) { super.amsgrad(v); return this; }

        @Override
        public AdamW build() { return new AdamW(params, lr, beta1, beta2, eps, weightDecay, amsgrad); }
    }
}
