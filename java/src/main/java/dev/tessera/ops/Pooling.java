// Pooling: 2-D max pooling (with indices), average pooling and adaptive average pooling over
// [N, C, H, W] (or unbatched [C, H, W]) inputs, with torch.nn.functional's arguments, output sizes
// and error cases; global average pooling on top. Forwards run the native kernels (Kernels.POOL,
// native/include/tessera/pool.h) on a contiguous copy when needed. Every pooling map is linear in
// its input once max pooling's indices are fixed, so each backward is the map's adjoint, run by the
// native backward kernel; when the backward itself is recorded (createGraph) the adjoint is a node
// whose own gradient is the map again (gather by the indices, or the average pool), so gradients
// of any order work.
package dev.tessera.ops;

import dev.tessera.autograd.Autograd;
import dev.tessera.autograd.Node;
import dev.tessera.backend.Backend;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.List;

public final class Pooling {
    private Pooling() {}

    public static final Op MAX_POOL2D = Op.of("max_pool2d", Op.Family.POOLING, true);
    public static final Op AVG_POOL2D = Op.of("avg_pool2d", Op.Family.POOLING, true);
    public static final Op ADAPTIVE_AVG_POOL2D = Op.of("adaptive_avg_pool2d", Op.Family.POOLING, true);

    public static final List<Op> ALL = List.of(MAX_POOL2D, AVG_POOL2D, ADAPTIVE_AVG_POOL2D);

    // ================================================================== max pooling

    /** Max over kernel x kernel windows with stride = kernel (torch's defaults). */
    public static Tensor maxPool2d(Tensor input, int kernel) { return maxPool2d(input, PoolWindow.of(kernel)); }

    /** Max over each window (padding counts as -inf; NaN propagates; the first of tied maxima is the one used). */
    public static Tensor maxPool2d(Tensor input, PoolWindow window) { return maxPool(input, window, false)[0]; }

    /**
     * [values, indices] as max_pool2d(..., return_indices=True): indices (I64, the values' shape)
     * hold each maximum's flat position h * W + w within its input plane. Indices carry no gradient.
     */
    public static List<Tensor> maxPool2dWithIndices(Tensor input, PoolWindow window) {
        Tensor[] r = maxPool(input, window, true);
        return List.of(r[0], r[1]);
    }

    private static Tensor[] maxPool(Tensor input, PoolWindow window, boolean returnIndices) {
        String op = MAX_POOL2D.name();
        long[] outShape = outputShape(op, input, window, true);
        Backend be = input.backend();
        boolean record = Autograd.needed(input);
        Tensor out = Tensor.empty(be, input.dtype(), outShape);
        Tensor indices = null;
        Tensor x = null;
        try {
            // Without a backward to feed and nobody asking, the kernel skips the indices.
            indices = returnIndices || record ? Tensor.empty(be, DType.I64, outShape) : null;
            x = KernelArgs.dense(input);
            if (out.numel() > 0) be.maxPool2dForward(x, window, out, indices);
        } catch (RuntimeException e) {
            out.close();
            if (indices != null) indices.close();
            throw e;
        } finally {
            KernelArgs.release(x, input);
        }
        if (record) {
            long[] inShape = input.shapeRef();
            Autograd.record(MAX_POOL2D, out, new Tensor[] {input}, new Tensor[] {indices},
                    (nd, g) -> new Tensor[] {maxPoolGrad(g, nd.saved(0), inShape)});
        }
        if (!returnIndices && indices != null) indices.close(); // the graph holds its own alias
        return new Tensor[] {out, indices};
    }

    /** g scattered to the positions of the maxima; its own gradient gathers from the same positions. */
    private static Tensor maxPoolGrad(Tensor g, Tensor indices, long[] inputShape) {
        long[] outShape = g.shapeRef().clone();
        int r = inputShape.length;
        long plane = inputShape[r - 2] * inputShape[r - 1], outPlane = outShape[r - 2] * outShape[r - 1];
        long planes = Shape.numel(inputShape) / plane;
        return adjoint(MAX_POOL2D, g, inputShape, (be, gd, gi) -> be.maxPool2dBackward(gd, indices, gi), indices,
                (nd, gg) -> Views.reshape(Indexing.gather(Views.reshape(gg, planes, plane), 1,
                        Views.reshape(nd.saved(0), planes, outPlane)), outShape));
    }

    // ================================================================== average pooling

    /** Mean over kernel x kernel windows with stride = kernel (torch's defaults). */
    public static Tensor avgPool2d(Tensor input, int kernel) { return avgPool2d(input, PoolWindow.of(kernel), true); }

    /**
     * Mean over each window. Zero padding counts in the divisor when {@code countIncludePad}
     * (PyTorch's default), else only the input elements a window covers do. No dilation.
     */
    public static Tensor avgPool2d(Tensor input, PoolWindow window, boolean countIncludePad) {
        String op = AVG_POOL2D.name();
        long[] outShape = outputShape(op, input, window, false);
        Backend be = input.backend();
        Tensor out = Tensor.empty(be, input.dtype(), outShape);
        Tensor x = KernelArgs.dense(input);
        try {
            Outputs.written(out, () -> { if (out.numel() > 0) be.avgPool2dForward(x, window, countIncludePad, out); });
        } finally {
            KernelArgs.release(x, input);
        }
        if (Autograd.needed(input)) {
            long[] inShape = input.shapeRef();
            Autograd.record(AVG_POOL2D, out, new Tensor[] {input}, (nd, g) -> new Tensor[] {adjoint(AVG_POOL2D, g, inShape,
                    (b, gd, gi) -> b.avgPool2dBackward(gd, window, countIncludePad, gi), null,
                    (adj, gg) -> avgPool2d(gg, window, countIncludePad))});
        }
        return out;
    }

    // ================================================================== adaptive and global average pooling

    /** adaptive_avg_pool2d to size x size. */
    public static Tensor adaptiveAvgPool2d(Tensor input, int size) { return adaptiveAvgPool2d(input, size, size); }

    /**
     * Averages over outH x outW windows that tile the input as evenly as possible: output row i
     * covers input rows [floor(i H / outH), ceil((i + 1) H / outH)), likewise for columns.
     */
    public static Tensor adaptiveAvgPool2d(Tensor input, int outH, int outW) {
        String op = ADAPTIVE_AVG_POOL2D.name();
        checkInput(op, input);
        if (outH < 0 || outW < 0) {
            throw new IllegalArgumentException(op + ": output size " + PoolWindow.pair(outH, outW) + " must be >= 0, input "
                    + input.describe());
        }
        long[] outShape = input.shape();
        outShape[outShape.length - 2] = outH;
        outShape[outShape.length - 1] = outW;
        Backend be = input.backend();
        Tensor out = Tensor.empty(be, input.dtype(), outShape);
        Tensor x = KernelArgs.dense(input);
        try {
            Outputs.written(out, () -> { if (out.numel() > 0) be.adaptiveAvgPool2dForward(x, out); });
        } finally {
            KernelArgs.release(x, input);
        }
        if (Autograd.needed(input)) {
            long[] inShape = input.shapeRef();
            Autograd.record(ADAPTIVE_AVG_POOL2D, out, new Tensor[] {input}, (nd, g) -> new Tensor[] {adjoint(ADAPTIVE_AVG_POOL2D, g,
                    inShape, Backend::adaptiveAvgPool2dBackward, null, (adj, gg) -> adaptiveAvgPool2d(gg, outH, outW))});
        }
        return out;
    }

    /** The mean of each plane: [N, C, H, W] -> [N, C] (unbatched [C, H, W] -> [C]), adaptive pooling to 1x1. */
    public static Tensor globalAvgPool2d(Tensor input) {
        Tensor pooled = adaptiveAvgPool2d(input, 1, 1);
        try {
            return Views.flatten(pooled, -3, -1);
        } finally {
            pooled.close();
        }
    }

    // ================================================================== shared

    /** A backward kernel: writes gradInput from a contiguous gradOut. */
    private interface AdjointKernel {
        void run(Backend be, Tensor gradOut, Tensor gradInput);
    }

    /** The pooling map again, as the gradient of its adjoint's node (which saved what it needs). */
    private interface AdjointOfAdjoint {
        Tensor apply(Node adjointNode, Tensor gradOfGrad);
    }

    /**
     * The gradient of a pooling map for upstream g: the map's adjoint, run natively. When g is part
     * of a graph (a backward with createGraph), the result is recorded as op again, a linear node
     * that saves {@code saved} (may be null) and whose gradient is {@code adjointOfAdjoint} (the
     * map itself), itself differentiable.
     */
    private static Tensor adjoint(Op op, Tensor g, long[] inputShape, AdjointKernel kernel, Tensor saved,
                                  AdjointOfAdjoint adjointOfAdjoint) {
        Backend be = g.backend();
        Tensor gi = Tensor.empty(be, g.dtype(), inputShape);
        Tensor gd = KernelArgs.dense(g);
        try {
            Outputs.written(gi, () -> { if (gi.numel() > 0) kernel.run(be, gd, gi); });
        } finally {
            KernelArgs.release(gd, g);
        }
        if (Autograd.needed(g)) {
            Autograd.record(op, gi, new Tensor[] {g}, new Tensor[] {saved}, (nd, gg) -> new Tensor[] {adjointOfAdjoint.apply(nd, gg)});
        }
        return gi;
    }

    /** A floating [N, C, H, W] or [C, H, W] input whose dims other than N are non-zero. */
    private static void checkInput(String op, Tensor input) {
        Check.tensor(op, input, "input");
        Check.floating(op, input);
        int r = input.dim();
        if (r != 3 && r != 4) {
            throw new IllegalArgumentException(op + ": input " + input.describe() + " must be 3-D [C, H, W] or 4-D [N, C, H, W]");
        }
        for (int i = r - 3; i < r; i++) {
            if (input.shapeRef()[i] == 0) {
                throw new IllegalArgumentException(op + ": input " + input.describe() + " has size 0 in dim " + i
                        + " (only the batch dim may be empty)");
            }
        }
    }

    /** Validates input and window as PyTorch's pool2d_shape_check and returns the output shape. */
    private static long[] outputShape(String op, Tensor input, PoolWindow w, boolean dilationAllowed) {
        checkInput(op, input);
        if (w == null) throw new NullPointerException(op + ": window is null");
        if (!dilationAllowed && (w.dilationH() != 1 || w.dilationW() != 1)) {
            throw new IllegalArgumentException(op + ": has no dilation, got " + w);
        }
        if (w.kernelH() < 1 || w.kernelW() < 1 || w.strideH() < 1 || w.strideW() < 1 || w.dilationH() < 1 || w.dilationW() < 1
                || w.padH() < 0 || w.padW() < 0) {
            throw new IllegalArgumentException(op + ": kernel, stride and dilation must be positive and padding >= 0, got " + w);
        }
        if (w.padH() > w.kernelH() / 2 || w.padW() > w.kernelW() / 2) {
            throw new IllegalArgumentException(op + ": padding " + PoolWindow.pair(w.padH(), w.padW())
                    + " must be at most half the kernel " + PoolWindow.pair(w.kernelH(), w.kernelW()));
        }
        long[] s = input.shapeRef();
        int r = s.length;
        long h = s[r - 2], wd = s[r - 1];
        long oh = w.outH(h), ow = w.outW(wd);
        if (oh < 1 || ow < 1) {
            String kernel = PoolWindow.pair(w.kernelH(), w.kernelW());
            String spans = w.dilationH() == 1 && w.dilationW() == 1 ? kernel : kernel + " with dilation "
                    + PoolWindow.pair(w.dilationH(), w.dilationW()) + " spans "
                    + PoolWindow.pair(PoolWindow.span(w.kernelH(), w.dilationH()), PoolWindow.span(w.kernelW(), w.dilationW())) + " and";
            String pad = w.padH() == w.padW() ? String.valueOf(w.padH()) : PoolWindow.pair(w.padH(), w.padW());
            throw new IllegalArgumentException(op + ": kernel " + spans + " is larger than the padded input "
                    + PoolWindow.pair(h + 2L * w.padH(), wd + 2L * w.padW()) + " (input " + Shape.str(s) + ", padding " + pad + ")");
        }
        checkWindowsReachInput(op, input, w, h, oh, w.kernelH(), w.strideH(), w.padH(), w.dilationH(), "row");
        checkWindowsReachInput(op, input, w, wd, ow, w.kernelW(), w.strideW(), w.padW(), w.dilationW(), "column");
        long[] out = s.clone();
        out[r - 2] = oh;
        out[r - 1] = ow;
        return out;
    }

    /**
     * With dilation, a window that starts in the padding can step over the whole input; PyTorch
     * then reads outside the plane. Windows starting inside the input always cover an element.
     */
    private static void checkWindowsReachInput(String op, Tensor input, PoolWindow w, long in, long out, int kernel, int stride,
                                               int pad, int dilation, String axis) {
        for (long o = 0; o < out && o * stride - pad < 0; o++) {
            long start = o * stride - pad;
            long firstTap = (-start + dilation - 1) / dilation; // the first tap at a position >= 0
            if (firstTap >= kernel || start + firstTap * dilation >= in) {
                throw new IllegalArgumentException(op + ": the window of output " + axis + " " + o + " covers only padding ("
                        + w + ", input " + input.describe() + ")");
            }
        }
    }
}
