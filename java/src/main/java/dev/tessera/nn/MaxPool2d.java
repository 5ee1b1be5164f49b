// MaxPool2d: max pooling over [N, C, H, W] (or [C, H, W]) inputs, as torch.nn.MaxPool2d: stride
// defaults to the kernel; padding, dilation and ceil mode through a PoolWindow. No parameters.
package dev.tessera.nn;

import dev.tessera.ops.PoolWindow;
import dev.tessera.ops.Pooling;
import dev.tessera.tensor.Tensor;

public class MaxPool2d extends Module {
    private final PoolWindow window;

    /** kernel x kernel windows, stride = kernel. */
    public MaxPool2d(int kernel) { this(PoolWindow.of(kernel)); }

    public MaxPool2d(PoolWindow window) {
        if (window == null) throw new NullPointerException("MaxPool2d: window is null");
        this.window = window;
    }

    public PoolWindow window() { return window; }

    @Override
    public Tensor forward(Tensor x) { return Pooling.maxPool2d(x, window); }

    @Override
    protected String extraRepr() { return window.toString(); }
}
