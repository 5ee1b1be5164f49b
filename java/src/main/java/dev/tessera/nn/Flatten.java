// Flatten: merges dims startDim..endDim into one (default: everything but the batch dim), as
// torch.nn.Flatten. A view when the input's strides allow, else a copy (Tensor.flatten).
package dev.tessera.nn;

import dev.tessera.tensor.Tensor;

public class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    public Flatten() { this(1, -1); }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x) { return x.flatten(startDim, endDim); }

    @Override
    protected String extraRepr() { return "startDim=" + startDim + ", endDim=" + endDim; }
}
