// AvgPool2d: average pooling over [N, C, H, W] (or [C, H, W]) inputs, as torch.nn.AvgPool2d:
// stride defaults to the kernel, and zero padding counts in the divisor unless countIncludePad is
// false. No parameters.
package dev.tessera.nn;

import dev.tessera.ops.PoolWindow;
import dev.tessera.ops.Pooling;
import dev.tessera.tensor.Tensor;

public class AvgPool2d extends Module {
    private final PoolWindow window;
    private final boolean countIncludePad;

    /** kernel x kernel windows, stride = kernel. */
    public AvgPool2d(int kernel) { this(PoolWindow.of(kernel), true); }

    public AvgPool2d(PoolWindow window, boolean countIncludePad) {
        if (window == null) throw new NullPointerException("AvgPool2d: window is null");
        this.window = window;
        this.countIncludePad = countIncludePad;
    }

    public PoolWindow window() { return window; }

    @Override
    public Tensor forward(Tensor x) { return Pooling.avgPool2d(x, window, countIncludePad); }

    @Override
    protected String extraRepr() { return window + ", countIncludePad=" + countIncludePad; }
}
