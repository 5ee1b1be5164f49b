// Convolution: conv2d and conv1d with the semantics of torch.nn.functional.conv2d / conv1d: input
// [N, C, H, W] or unbatched [C, H, W] ([N, C, L] or [C, L] for conv1d), weight [out, C / groups,
// kH, kW] ([out, C / groups, k]), optional bias [out], stride, zero padding (sizes, VALID or
// SAME), dilation and groups (depthwise included), F32 and F64 with one dtype for all tensors.
// Everything is checked here, with messages naming the shapes; the kernels (Backend.conv2d*, the
// versions of Kernels.CONV2D) run on contiguous copies when the tensors aren't. conv1d is conv2d
// over a height of 1. The backward sits next to the forward: the input gradient is the transposed
// convolution of the output gradient (conv2dBackwardInput), the weight gradient the correlation of
// the output gradient with the input (conv2dBackwardWeight), the bias gradient a sum. Both kernels
// are linear in each argument, so when a backward pass builds a graph (createGraph) each is
// recorded as an op whose gradients are conv2d and the other kernel: gradients of any order work.
package dev.tessera.ops;

import dev.tessera.autograd.Autograd;
import dev.tessera.autograd.GradMode;
import dev.tessera.backend.Backend;
import dev.tessera.kernels.Kernels;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

public final class Convolution {
    private Convolution() {}

    public static final Op CONV1D = Op.of("conv1d", Op.Family.CONVOLUTION, true);
    public static final Op CONV2D = Op.of("conv2d", Op.Family.CONVOLUTION, true);

    public static final List<Op> ALL = List.of(CONV1D, CONV2D);

    // conv2d's two gradient kernels as recorded ops: only reached through conv2d's backward (as
    // Views.VIEW_BACKWARD through slice's), and checked by conv2d's second-order gradcheck.
    static final Op CONV2D_BACKWARD_INPUT = Op.of("conv2d_backward_input", Op.Family.CONVOLUTION, true);
    static final Op CONV2D_BACKWARD_WEIGHT = Op.of("conv2d_backward_weight", Op.Family.CONVOLUTION, true);

    /**
     * Implicit zero padding around the input: explicit sizes (one for every spatial dim, or one per
     * dim, the same on both sides as PyTorch's {@code padding=int|tuple}), {@link #VALID} or
     * {@link #SAME}. Checked where it is used, against the op and its kernel.
     */
    public static final class Padding {
        /** No padding (PyTorch's {@code padding='valid'}). */
        public static final Padding VALID = new Padding(new int[] {0}, false);

        /**
         * The output as large as the input (PyTorch's {@code padding='same'}): dilation * (kernel - 1)
         * zeros per axis, split evenly, the odd one at the bottom / right. Stride 1 only.
         */
        public static final Padding SAME = new Padding(new int[0], true);

        private final int[] sizes;
        private final boolean same;

        private Padding(int[] sizes, boolean same) {
            this.sizes = sizes;
            this.same = same;
        }

        /** The same padding on both sides of each spatial dim: one size for all dims, or one per dim (H, W). */
        public static Padding of(int... sizes) {
            if (sizes == null) throw new NullPointerException("Padding.of: sizes are null");
            return new Padding(sizes.clone(), false);
        }

        public boolean isSame() { return same; }

        /** The explicit sizes as given (empty for SAME). */
        public int[] sizes() { return sizes.clone(); }

        @Override
        public boolean equals(Object o) {
            return o instanceof Padding p && p.same == same && Arrays.equals(p.sizes, sizes);
        }

        @Override
        public int hashCode() { return Arrays.hashCode(sizes) * 31 + (same ? 1 : 0); }

        /** "same", or the sizes as given, e.g. "[1]" or "[1, 2]". */
        @Override
        public String toString() { return same ? "same" : Arrays.toString(sizes); }
    }

    // ================================================================== conv2d

    /** conv2d with stride 1, no padding, dilation 1, one group; bias may be null. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
        return conv2d(input, weight, bias, 1, Padding.VALID, 1, 1);
    }

    /** conv2d with the same stride and padding along H and W. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(input, weight, bias, stride, Padding.of(padding), 1, 1);
    }

    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, Padding padding, int dilation, int groups) {
        return conv2d(input, weight, bias, new int[] {stride}, padding, new int[] {dilation}, groups);
    }

    /** stride and dilation: one value for both axes or one per axis (H, W). */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation,
                                int groups) {
        return conv2d(input, weight, bias, stride, padding, dilation, groups, Kernels.CONV2D.selected().number());
    }

    /** conv2d run by an explicit kernel version of Kernels.CONV2D (the tests run every version this way). */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation,
                                int groups, int version) {
        return convolve(CONV2D, 2, input, weight, bias, stride, padding, dilation, groups, version);
    }

    // ================================================================== conv1d

    /** conv1d of [N, C, L] (or [C, L]) by weight [out, C / groups, k]: stride 1, no padding, dilation 1, one group. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias) {
        return conv1d(input, weight, bias, 1, Padding.VALID, 1, 1);
    }

    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        return conv1d(input, weight, bias, stride, Padding.of(padding), 1, 1);
    }

    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, Padding padding, int dilation, int groups) {
        return conv1d(input, weight, bias, stride, padding, dilation, groups, Kernels.CONV2D.selected().number());
    }

    /** conv1d run by an explicit kernel version of Kernels.CONV2D. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, Padding padding, int dilation, int groups,
                                int version) {
        return convolve(CONV1D, 1, input, weight, bias, new int[] {stride}, padding, new int[] {dilation}, groups, version);
    }

    // ================================================================== checks

    /**
     * Checks the attributes of a convolution over {@code dims} spatial dims (1 or 2) before any
     * tensor is seen, with messages starting with {@code op} (the nn layers call it from their
     * constructors): stride and dilation >= 1, one value or one per dim; groups >= 1; padding sizes
     * >= 0, one or one per dim; SAME only with stride 1.
     */
    public static void checkAttributes(String op, int dims, int[] stride, Padding padding, int[] dilation, int groups) {
        perDim(op, "stride", stride, dims, 1);
        perDim(op, "dilation", dilation, dims, 1);
        if (padding == null) throw new NullPointerException(op + ": padding is null");
        if (padding.isSame()) {
            for (int s : stride) {
                if (s != 1) {
                    throw new IllegalArgumentException(op + ": padding SAME needs stride 1, got stride " + Arrays.toString(stride)
                            + " (PyTorch doesn't support padding='same' for strided convolutions either)");
                }
            }
        } else {
            perDim(op, "padding", padding.sizes, dims, 0);
        }
        if (groups < 1) throw new IllegalArgumentException(op + ": groups must be >= 1, got " + groups);
    }

    /** values has one entry, or one per spatial dim, each >= min. */
    private static void perDim(String op, String what, int[] values, int dims, int min) {
        if (values == null) throw new NullPointerException(op + ": " + what + " is null");
        if (values.length != 1 && values.length != dims) {
            throw new IllegalArgumentException(op + ": " + what + " needs 1" + (dims > 1 ? " or " + dims : "") + " values, got "
                    + Arrays.toString(values));
        }
        for (int v : values) {
            if (v < min) throw new IllegalArgumentException(op + ": " + what + " must be >= " + min + ", got " + Arrays.toString(values));
        }
    }

    /** The value of a checked per-dim attribute for spatial dim d. */
    private static int at(int[] values, int d) { return values[values.length == 1 ? 0 : d]; }

    // ================================================================== the op

    private static Tensor convolve(Op op, int dims, Tensor input, Tensor weight, Tensor bias, int[] stride, Padding padding,
                                   int[] dilation, int groups, int version) {
        String name = op.name();
        Check.tensor(name, input, "input");
        Check.tensor(name, weight, "weight");
        Check.sameDevice(name, input, weight);
        if (bias != null) {
            Check.tensor(name, bias, "bias");
            Check.sameDevice(name, input, bias);
        }
        checkAttributes(name, dims, stride, padding, dilation, groups);
        checkVersion(name, version);
        String layout = dims == 2 ? "H, W" : "L";
        if (input.dim() != dims + 1 && input.dim() != dims + 2) {
            throw new IllegalArgumentException(name + ": input " + input.describe() + " must be " + (dims + 1) + "-D (unbatched [C, "
                    + layout + "]) or " + (dims + 2) + "-D ([N, C, " + layout + "])");
        }
        if (weight.dim() != dims + 2) {
            throw new IllegalArgumentException(name + ": weight " + weight.describe() + " must be " + (dims + 2)
                    + "-D [out_channels, in_channels / groups, " + (dims == 2 ? "kH, kW" : "k") + "]");
        }
        DType dt = input.dtype();
        if (!dt.isFloat()) throw new IllegalArgumentException(name + ": input " + input.describe() + " must be f32 or f64");
        for (Tensor t : bias == null ? new Tensor[] {weight} : new Tensor[] {weight, bias}) {
            if (t.dtype() != dt) {
                throw new IllegalArgumentException(name + ": input " + input.describe() + " and " + (t == weight ? "weight " : "bias ")
                        + t.describe() + " must have the same dtype (convert one with .to())");
            }
        }
        boolean batched = input.dim() == dims + 2;
        long[] in = input.shapeRef();
        long[] w = weight.shapeRef();
        long channels = in[batched ? 1 : 0];
        if (w[1] * groups != channels) {
            throw new IllegalArgumentException(String.format("%s: input %s has %d channels but weight %s expects %d (groups=%d)", name,
                    Shape.str(in), channels, Shape.str(w), w[1] * groups, groups));
        }
        if (w[0] % groups != 0) {
            throw new IllegalArgumentException(String.format("%s: weight %s has %d output channels, not divisible by groups=%d", name,
                    Shape.str(w), w[0], groups));
        }
        if (bias != null && (bias.dim() != 1 || bias.shapeRef()[0] != w[0])) {
            throw new IllegalArgumentException(name + ": bias " + bias.describe() + " must be 1-D with " + w[0]
                    + " elements (weight " + Shape.str(w) + " has " + w[0] + " output channels)");
        }
        long[] kernel = Arrays.copyOfRange(w, 2, w.length);
        long[] spatial = Arrays.copyOfRange(in, in.length - dims, in.length);
        for (long k : kernel) {
            if (k < 1) throw new IllegalArgumentException(name + ": weight " + Shape.str(w) + " has an empty kernel " + Shape.str(kernel));
        }
        Conv2dParams p = params(dims, stride, padding, dilation, groups, kernel);
        checkFits(name, dims, in, spatial, kernel, p);

        // The kernels see [N, C, H, W]: add the batch dim and, for conv1d, a height of 1.
        Tensor x4 = input;
        Tensor w4 = weight;
        try {
            if (!batched) x4 = Views.unsqueeze(input, 0);
            if (dims == 1) {
                Tensor flat = x4;
                x4 = Views.unsqueeze(flat, 2);
                if (flat != input) flat.close();
                w4 = Views.unsqueeze(weight, 2);
            }
            Tensor out = forward(op, x4, w4, bias, p, version);
            if (x4 == input) return out;
            long[] outShape = out.shape();
            long[] shape = dims == 2 ? Arrays.copyOfRange(outShape, 1, 4)                    // [N=1, O, H, W] -> [O, H, W]
                    : batched ? new long[] {outShape[0], outShape[1], outShape[3]}           // [N, O, 1, L] -> [N, O, L]
                    : new long[] {outShape[1], outShape[3]};                                  // [1, O, 1, L] -> [O, L]
            try {
                return Views.reshape(out, shape);
            } finally {
                out.close();
            }
        } finally {
            if (x4 != input) x4.close();
            if (w4 != weight) w4.close();
        }
    }

    private static void checkVersion(String op, int version) {
        try {
            Kernels.CONV2D.version(version);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(op + ": kernel version " + version + ": " + e.getMessage(), e);
        }
    }

    /** The kernels' parameters: conv1d's single spatial dim is W. */
    private static Conv2dParams params(int dims, int[] stride, Padding padding, int[] dilation, int groups, long[] kernel) {
        int[] before = new int[2];
        int[] after = new int[2];
        for (int d = 0; d < dims; d++) {
            int axis = d + 2 - dims;  // conv1d: W
            if (padding.isSame()) {
                int total = Math.toIntExact(Conv2dParams.span(kernel[d], at(dilation, d)) - 1);
                before[axis] = total / 2;
                after[axis] = total - total / 2;
            } else {
                before[axis] = after[axis] = at(padding.sizes, d);
            }
        }
        int sh = dims == 2 ? at(stride, 0) : 1;
        int dh = dims == 2 ? at(dilation, 0) : 1;
        return new Conv2dParams(sh, at(stride, dims - 1), before[0], after[0], before[1], after[1], dh, at(dilation, dims - 1),
                groups);
    }

    /** The kernel's span must fit the padded input along every spatial dim. */
    private static void checkFits(String op, int dims, long[] in, long[] spatial, long[] kernel, Conv2dParams p) {
        long[] padded = new long[dims];
        long[] span = new long[dims];
        long[] dilation = new long[dims];
        boolean fits = true;
        for (int d = 0; d < dims; d++) {
            boolean height = dims == 2 && d == 0;
            padded[d] = spatial[d] + (height ? p.padTop() + p.padBottom() : p.padLeft() + p.padRight());
            dilation[d] = height ? p.dilationH() : p.dilationW();
            span[d] = Conv2dParams.span(kernel[d], (int) dilation[d]);
            fits &= span[d] <= padded[d];
        }
        if (fits) return;
        boolean dilated = Arrays.stream(dilation).anyMatch(v -> v != 1);
        int[] pads = dims == 2 ? new int[] {p.padTop(), p.padBottom(), p.padLeft(), p.padRight()} : new int[] {p.padLeft(), p.padRight()};
        boolean even = Arrays.stream(pads).allMatch(v -> v == pads[0]);
        String padding = even ? String.valueOf(pads[0])
                : (dims == 2 ? "top/bottom/left/right " : "left/right ") + Arrays.stream(pads).mapToObj(String::valueOf)
                .collect(Collectors.joining("/"));
        throw new IllegalArgumentException(op + ": kernel " + axes(kernel) + (dilated ? " with dilation " + axes(dilation) + " spans "
                + axes(span) + "," : " is") + " larger than the padded input " + axes(padded) + " (input " + Shape.str(in)
                + ", padding " + padding + ")");
    }

    /** 3x3 or 5. */
    private static String axes(long[] sizes) {
        return sizes.length == 2 ? sizes[0] + "x" + sizes[1] : String.valueOf(sizes[0]);
    }

    // ================================================================== kernels and their gradients (4-D)

    /** conv2d of checked 4-D tensors, recorded for autograd under {@code op}. */
    private static Tensor forward(Op op, Tensor x, Tensor w, Tensor b, Conv2dParams p, int version) {
        long[] xs = x.shapeRef();
        long[] ws = w.shapeRef();
        long[] outShape = {xs[0], ws[0], p.outH(xs[2], ws[2]), p.outW(xs[3], ws[3])};
        Backend be = x.backend();
        Tensor out = Tensor.empty(be, x.dtype(), outShape);
        Tensor xd = null;
        Tensor wd = null;
        Tensor bd = null;
        try {
            xd = KernelArgs.dense(x);
            wd = KernelArgs.dense(w);
            bd = KernelArgs.dense(b);
            be.conv2dForward(version, xd, wd, bd, p, out);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        } finally {
            KernelArgs.release(xd, x);
            KernelArgs.release(wd, w);
            KernelArgs.release(bd, b);
        }
        if (Autograd.needed(x, w, b)) {
            // x is needed only for the weight's gradient, w only for the input's.
            Tensor[] save = {w.requiresGrad() ? x : null, x.requiresGrad() ? w : null};
            Autograd.record(op, out, new Tensor[] {x, w, b}, save, (nd, g) -> new Tensor[] {
                nd.needsInputGrad(0) ? backwardInput(nd.saved(1), g, p, version, nd.inputShape(0)) : null,
                nd.needsInputGrad(1) ? backwardWeight(nd.saved(0), g, p, version, nd.inputShape(1)) : null,
                nd.needsInputGrad(2) ? biasGradient(g) : null});
        }
        return out;
    }

    /** d(sum(conv2d(x, weight) * gradOut)) / dx, of shape inputShape. */
    private static Tensor backwardInput(Tensor weight, Tensor gradOut, Conv2dParams p, int version, long[] inputShape) {
        Backend be = gradOut.backend();
        Tensor gin = Tensor.empty(be, gradOut.dtype(), inputShape);
        Tensor gd = null;
        Tensor wd = null;
        try {
            gd = KernelArgs.dense(gradOut);
            wd = KernelArgs.dense(weight);
            be.conv2dBackwardInput(version, gd, wd, p, gin);
        } catch (RuntimeException | Error e) {
            gin.close();
            throw e;
        } finally {
            KernelArgs.release(gd, gradOut);
            KernelArgs.release(wd, weight);
        }
        if (Autograd.needed(gradOut, weight)) {
            long[] weightShape = weight.shapeRef();
            Tensor[] save = {weight.requiresGrad() ? gradOut : null, gradOut.requiresGrad() ? weight : null};
            // gin is linear in each argument: <h, gin(g, w)> = <conv2d(h, w), g> = <gradWeight(h, g), w>.
            Autograd.record(CONV2D_BACKWARD_INPUT, gin, new Tensor[] {gradOut, weight}, save, (nd, h) -> new Tensor[] {
                nd.needsInputGrad(0) ? forward(CONV2D, h, nd.saved(1), null, p, version) : null,
                nd.needsInputGrad(1) ? backwardWeight(h, nd.saved(0), p, version, weightShape) : null});
        }
        return gin;
    }

    /** d(sum(conv2d(input, w) * gradOut)) / dw, of shape weightShape. */
    private static Tensor backwardWeight(Tensor input, Tensor gradOut, Conv2dParams p, int version, long[] weightShape) {
        Backend be = gradOut.backend();
        Tensor gw = Tensor.empty(be, gradOut.dtype(), weightShape);
        Tensor xd = null;
        Tensor gd = null;
        try {
            xd = KernelArgs.dense(input);
            gd = KernelArgs.dense(gradOut);
            be.conv2dBackwardWeight(version, xd, gd, p, gw);
        } catch (RuntimeException | Error e) {
            gw.close();
            throw e;
        } finally {
            KernelArgs.release(xd, input);
            KernelArgs.release(gd, gradOut);
        }
        if (Autograd.needed(input, gradOut)) {
            long[] inputShape = input.shapeRef();
            Tensor[] save = {gradOut.requiresGrad() ? input : null, input.requiresGrad() ? gradOut : null};
            // gw is linear in each argument: <h, gw(x, g)> = <gradInput(h, g), x> = <conv2d(x, h), g>.
            Autograd.record(CONV2D_BACKWARD_WEIGHT, gw, new Tensor[] {input, gradOut}, save, (nd, h) -> new Tensor[] {
                nd.needsInputGrad(0) ? backwardInput(h, nd.saved(1), p, version, inputShape) : null,
                nd.needsInputGrad(1) ? forward(CONV2D, nd.saved(0), h, null, p, version) : null});
        }
        return gw;
    }

    /** The bias gradient: gradOut summed over N, H and W; a differentiable sum when the backward is recorded. */
    private static Tensor biasGradient(Tensor gradOut) {
        if (GradMode.isEnabled()) return Reductions.reduce(Reductions.SUM, gradOut, new int[] {0, 2, 3}, false, 0);
        Backend be = gradOut.backend();
        Tensor gb = Tensor.empty(be, gradOut.dtype(), new long[] {gradOut.shapeRef()[1]});
        Tensor gd = KernelArgs.dense(gradOut);
        try {
            Outputs.written(gb, () -> be.conv2dBackwardBias(gd, gb));
        } finally {
            KernelArgs.release(gd, gradOut);
        }
        return gb;
    }
}
