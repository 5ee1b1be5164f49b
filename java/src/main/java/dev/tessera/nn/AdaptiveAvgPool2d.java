// AdaptiveAvgPool2d: average pooling to a fixed output size whatever the input's H and W, as
// torch.nn.AdaptiveAvgPool2d (the windows tile the input as evenly as possible). No parameters.
package dev.tessera.nn;

import dev.tessera.ops.Pooling;
import dev.tessera.tensor.Tensor;

public class AdaptiveAvgPool2d extends Module {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(int size) { this(size, size); }

    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH < 0 || outW < 0) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be >= 0, got " + outH + "x" + outW);
        }
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor x) { return Pooling.adaptiveAvgPool2d(x, outH, outW); }

    @Override
    protected String extraRepr() { return "outputSize=" + outH + "x" + outW; }
}
