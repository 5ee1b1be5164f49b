// PoolWindow: the window of a 2-D pooling op, per axis (H, W): kernel, stride, padding, dilation, and
// ceil_mode, with the arguments and defaults of torch.nn.functional.max_pool2d (stride = kernel,
// no padding, dilation 1, floor mode). PoolWindow.of(3).stride(2).padding(1) reads like the call it
// replaces. The op using it (ops.Pooling) validates the values, so its messages name the op.
package dev.tessera.ops;

public record PoolWindow(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int dilationH, int dilationW,
                         boolean ceilMode) {

    /** A square kernel with stride = kernel (PyTorch's default). */
    public static PoolWindow of(int kernel) { return of(kernel, kernel); }

    public static PoolWindow of(int kernelH, int kernelW) {
        return new PoolWindow(kernelH, kernelW, kernelH, kernelW, 0, 0, 1, 1, false);
    }

    public PoolWindow stride(int stride) { return stride(stride, stride); }

    public PoolWindow stride(int h, int w) {
        return new PoolWindow(kernelH, kernelW, h, w, padH, padW, dilationH, dilationW, ceilMode);
    }

    /** Implicit padding on both sides of each axis (-inf for max pooling, 0 for average pooling). */
    public PoolWindow padding(int padding) { return padding(padding, padding); }

    public PoolWindow padding(int h, int w) {
        return new PoolWindow(kernelH, kernelW, strideH, strideW, h, w, dilationH, dilationW, ceilMode);
    }

    /** The spacing of the kernel's taps (max pooling only). */
    public PoolWindow dilation(int dilation) { return dilation(dilation, dilation); }

    public PoolWindow dilation(int h, int w) {
        return new PoolWindow(kernelH, kernelW, strideH, strideW, padH, padW, h, w, ceilMode);
    }

    /** Ceil instead of floor in the output size: a last, partial window is kept if it starts inside the input or left padding. */
    public PoolWindow ceilMode(boolean on) {
        return new PoolWindow(kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, on);
    }

    /** Output rows for {@code h} input rows (PyTorch's pooling_output_shape); < 1 when the window doesn't fit. */
    public long outH(long h) { return outputSize(h, kernelH, strideH, padH, dilationH, ceilMode); }

    public long outW(long w) { return outputSize(w, kernelW, strideW, padW, dilationW, ceilMode); }

    static long outputSize(long in, int kernel, int stride, int pad, int dilation, boolean ceil) {
        long span = in + 2L * pad - (long) dilation * (kernel - 1) - 1 + (ceil ? stride - 1 : 0);
        long out = Math.floorDiv(span, stride) + 1;
        // In ceil mode the last window must start inside the input or its left padding.
        if (ceil && (out - 1) * stride >= in + pad) out--;
        return out;
    }

    /** The extent one window spans along an axis: dilation * (kernel - 1) + 1. */
    static long span(int kernel, int dilation) { return (long) dilation * (kernel - 1) + 1; }

    /** "kernel 3x3, stride 2x2, padding 1x1" plus dilation and ceil_mode when they differ from the defaults. */
    @Override
    public String toString() {
        String s = "kernel " + pair(kernelH, kernelW) + ", stride " + pair(strideH, strideW) + ", padding " + pair(padH, padW);
        if (dilationH != 1 || dilationW != 1) s += ", dilation " + pair(dilationH, dilationW);
        return ceilMode ? s + ", ceil_mode" : s;
    }

    static String pair(long h, long w) { return h + "x" + w; }
}
