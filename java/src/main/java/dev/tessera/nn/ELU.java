// ELU: x for x > 0, alpha * (exp(x) - 1) below (default alpha 1, as torch.nn.ELU).
package dev.tessera.nn;

import dev.tessera.tensor.Tensor;

public class ELU extends Module {
    private final double alpha;

    public ELU() { this(1.0); }

    public ELU(double alpha) { this.alpha = alpha; }

    @Override
    public Tensor forward(Tensor x) { return x.elu(alpha); }

    @Override
    protected String extraRepr() { return "alpha=" + alpha; }
}
