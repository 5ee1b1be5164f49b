// ConvKernels: the CPU side of Backend's conv2d kernels (native conv.h). The op layer
// (ops.Convolution) has checked the semantics and sized the outputs; what is checked here is what
// keeps the native code inside its buffers: 4-D contiguous tensors of one float dtype whose shapes
// agree with each other and with the output size the parameters imply. A violation is an
// IllegalArgumentException naming the kernel and the tensor. The geometry goes to native code as
// the TS_CONV2D_GEOMETRY_LEN values conv.h defines.
package dev.tessera.backend.cpu;

import dev.tessera.bridge.TesseraNative;
import dev.tessera.ops.Conv2dParams;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;

final class ConvKernels {
    private ConvKernels() {}

    /** The shapes a conv2d call works on, checked against each other. */
    private record Sizes(long n, long cIn, long h, long w, long cOut, long kh, long kw, long outH, long outW) {
        long[] inputShape() { return new long[] {n, cIn, h, w}; }

        long[] outputShape() { return new long[] {n, cOut, outH, outW}; }

        /** native conv.h's geometry array. */
        long[] geometry(Conv2dParams p) {
            return new long[] {n, cIn, h, w, cOut, kh, kw, p.strideH(), p.strideW(), p.padTop(), p.padBottom(), p.padLeft(),
                p.padRight(), p.dilationH(), p.dilationW(), p.groups()};
        }
    }

    /** Sizes from an input shape [n, c, h, w] and a weight shape [o, c / groups, kh, kw]. */
    private static Sizes sizes(String op, long[] input, long[] weight, Conv2dParams p) {
        if (input.length != 4 || weight.length != 4) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(input) + " and weight " + Shape.str(weight) + " must be 4-D");
        }
        if (weight[1] * p.groups() != input[1] || weight[0] % p.groups() != 0) {
            throw new IllegalArgumentException(op + ": weight " + Shape.str(weight) + " doesn't fit input " + Shape.str(input)
                    + " with groups " + p.groups());
        }
        long outH = p.outH(input[2], weight[2]);
        long outW = p.outW(input[3], weight[3]);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + ": kernel " + Shape.str(weight) + " is larger than the padded input " + Shape.str(input));
        }
        return new Sizes(input[0], input[1], input[2], input[3], weight[0], weight[2], weight[3], outH, outW);
    }

    private static long need(String op, String what, Tensor t, DType dtype, long[] shape) {
        long address = BufferChecks.need(op, what, t, dtype, Shape.numel(shape));
        if (!Arrays.equals(t.shapeRef(), shape)) {
            throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " must have shape " + Shape.str(shape));
        }
        return address;
    }

    static void forward(int version, Tensor input, Tensor weight, Tensor bias, Conv2dParams p, Tensor output) {
        String op = "conv2d";
        DType dt = BufferChecks.floating(op, "input", input);
        Sizes s = sizes(op, input.shapeRef(), weight.shapeRef(), p);
        CpuBackend.check(TesseraNative.ts_conv2d_forward(version, dt.code(), s.geometry(p), need(op, "input", input, dt, s.inputShape()),
                need(op, "weight", weight, dt, weight.shapeRef()), BufferChecks.optional(op, "bias", bias, dt, s.cOut()),
                need(op, "output", output, dt, s.outputShape())), op);
    }

    static void backwardInput(int version, Tensor gradOutput, Tensor weight, Conv2dParams p, Tensor gradInput) {
        String op = "conv2d_backward_input";
        DType dt = BufferChecks.floating(op, "gradInput", gradInput);
        Sizes s = sizes(op, gradInput.shapeRef(), weight.shapeRef(), p);
        CpuBackend.check(TesseraNative.ts_conv2d_backward_input(version, dt.code(), s.geometry(p),
                need(op, "gradOutput", gradOutput, dt, s.outputShape()), need(op, "weight", weight, dt, weight.shapeRef()),
                need(op, "gradInput", gradInput, dt, s.inputShape())), op);
    }

    static void backwardWeight(int version, Tensor input, Tensor gradOutput, Conv2dParams p, Tensor gradWeight) {
        String op = "conv2d_backward_weight";
        DType dt = BufferChecks.floating(op, "input", input);
        Sizes s = sizes(op, input.shapeRef(), gradWeight.shapeRef(), p);
        CpuBackend.check(TesseraNative.ts_conv2d_backward_weight(version, dt.code(), s.geometry(p),
                need(op, "input", input, dt, s.inputShape()), need(op, "gradOutput", gradOutput, dt, s.outputShape()),
                need(op, "gradWeight", gradWeight, dt, gradWeight.shapeRef())), op);
    }

    static void backwardBias(Tensor gradOutput, Tensor gradBias) {
        String op = "conv2d_backward_bias";
        DType dt = BufferChecks.floating(op, "gradOutput", gradOutput);
        if (gradOutput.dim() < 2) {
            throw new IllegalArgumentException(op + ": gradOutput " + gradOutput.describe() + " must be [n, channels, ...]");
        }
        long n = gradOutput.shapeRef()[0], channels = gradOutput.shapeRef()[1];
        long spatial = n * channels == 0 ? 0 : gradOutput.numel() / (n * channels);
        CpuBackend.check(TesseraNative.ts_conv2d_backward_bias(dt.code(), n, channels, spatial,
                need(op, "gradOutput", gradOutput, dt, gradOutput.shapeRef()), need(op, "gradBias", gradBias, dt, new long[] {channels})),
                op);
    }
}
