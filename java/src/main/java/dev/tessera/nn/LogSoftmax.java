// LogSoftmax: x - logsumexp(x) along one dim (stabler than log(softmax)); the dim defaults to -1 (the last, Keras' axis=-1).
package dev.tessera.nn;

import dev.tessera.tensor.Tensor;

public class LogSoftmax extends Module {
    private final int dim;

    public LogSoftmax() { this(-1); }

    public LogSoftmax(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor x) { return x.logSoftmax(dim); }

    @Override
    protected String extraRepr() { return "dim=" + dim; }
}
