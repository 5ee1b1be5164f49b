// Softmax: exp(x) / sum(exp(x)) along one dim; the dim defaults to -1 (the last, Keras' axis=-1).
package dev.tessera.nn;

import dev.tessera.tensor.Tensor;

public class Softmax extends Module {
    private final int dim;

    public Softmax() { this(-1); }

    public Softmax(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor x) { return x.softmax(dim); }

    @Override
    protected String extraRepr() { return "dim=" + dim; }
}
