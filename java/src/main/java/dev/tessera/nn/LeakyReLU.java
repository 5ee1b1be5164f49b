// LeakyReLU: x for x >= 0, slope * x below (default slope 0.01, as torch.nn.LeakyReLU).
package dev.tessera.nn;

import dev.tessera.tensor.Tensor;

public class LeakyReLU extends Module {
    private final double negativeSlope;

    public LeakyReLU() { this(0.01); }

    public LeakyReLU(double negativeSlope) { this.negativeSlope = negativeSlope; }

    @Override
    public Tensor forward(Tensor x) { return x.leakyRelu(negativeSlope); }

    @Override
    protected String extraRepr() { return "negativeSlope=" + negativeSlope; }
}
