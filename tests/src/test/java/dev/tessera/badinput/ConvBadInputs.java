// ConvBadInputs: the bad-input cases of conv2d and conv1d (called from BadInputCases) and their
// valid calls for the generic cases (called from OpCalls): channel counts that don't match the
// weight, kernels larger than the padded input, non-positive strides and dilations, negative
// padding, SAME with a stride, groups that don't divide the channels, wrong ranks, integer and
// mismatched dtypes, a bias of the wrong size, dtype or device, an unknown kernel version.
// Messages must name the shapes involved.
package dev.tessera.badinput;

import dev.tessera.ops.Convolution;
import dev.tessera.ops.Convolution.Padding;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.util.Map;

import static dev.tessera.badinput.BadInputCases.bad;
import static dev.tessera.badinput.Inputs.f32;
import static dev.tessera.badinput.Inputs.i64;

final class ConvBadInputs {
    private ConvBadInputs() {}

    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Class<NullPointerException> NPE = NullPointerException.class;

    private static final int[] ONE = {1};

    /**
     * One valid call per op, without the optional bias (a null bias is valid, so the generic cases
     * can't break it: the bias cases are below).
     */
    static void addValidCalls(Map<String, OpCalls.Call> m) {
        m.put("conv2d", new OpCalls.Call(() -> new Tensor[] {f32(1, 2, 5, 5), f32(3, 2, 3, 3)}, a -> Convolution.conv2d(a[0], a[1], null)));
        m.put("conv1d", new OpCalls.Call(() -> new Tensor[] {f32(1, 2, 5), f32(3, 2, 3)}, a -> Convolution.conv1d(a[0], a[1], null)));
    }

    static void add() {
        conv2d();
        conv1d();
    }

    private static void conv2d() {
        String op = "conv2d";
        bad(op, "input channels don't match the weight", IAE, () -> { Tensor x = f32(2, 3, 5, 5), w = f32(8, 4, 3, 3);
            return () -> Convolution.conv2d(x, w, null); },
                "conv2d: input [2, 3, 5, 5] has 3 channels but weight [8, 4, 3, 3] expects 4 (groups=1)");
        bad(op, "input channels don't match the weight's groups", IAE, () -> { Tensor x = f32(1, 4, 5, 5), w = f32(6, 4, 3, 3);
            return () -> Convolution.conv2d(x, w, null, 1, Padding.VALID, 1, 2); },
                "input [1, 4, 5, 5] has 4 channels but weight [6, 4, 3, 3] expects 8 (groups=2)");
        bad(op, "output channels not divisible by groups", IAE, () -> { Tensor x = f32(1, 4, 5, 5), w = f32(5, 2, 3, 3);
            return () -> Convolution.conv2d(x, w, null, 1, Padding.VALID, 1, 2); },
                "weight [5, 2, 3, 3] has 5 output channels, not divisible by groups=2");
        bad(op, "kernel larger than the padded input", IAE, () -> { Tensor x = f32(1, 1, 2, 2), w = f32(1, 1, 3, 3);
            return () -> Convolution.conv2d(x, w, null); },
                "conv2d: kernel 3x3 is larger than the padded input 2x2 (input [1, 1, 2, 2], padding 0)");
        bad(op, "dilated kernel larger than the padded input", IAE, () -> { Tensor x = f32(1, 1, 6, 2), w = f32(1, 1, 2, 3);
            return () -> Convolution.conv2d(x, w, null, new int[] {1}, Padding.of(0, 1), new int[] {2}, 1); },
                "kernel 2x3 with dilation 2x2 spans 3x5, larger than the padded input 6x4", "[1, 1, 6, 2]",
                "padding top/bottom/left/right 0/0/1/1");
        bad(op, "stride 0", IAE, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 3, 3);
            return () -> Convolution.conv2d(x, w, null, 0, 0); }, "stride must be >= 1, got [0]");
        bad(op, "negative stride along W", IAE, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 3, 3);
            return () -> Convolution.conv2d(x, w, null, new int[] {1, -2}, Padding.VALID, ONE, 1); }, "stride must be >= 1, got [1, -2]");
        bad(op, "three strides", IAE, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 3, 3);
            return () -> Convolution.conv2d(x, w, null, new int[] {1, 1, 1}, Padding.VALID, ONE, 1); }, "stride needs 1 or 2 values");
        bad(op, "dilation 0", IAE, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 3, 3);
            return () -> Convolution.conv2d(x, w, null, 1, Padding.VALID, 0, 1); }, "dilation must be >= 1, got [0]");
        bad(op, "negative padding", IAE, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 3, 3);
            return () -> Convolution.conv2d(x, w, null, 1, -1); }, "padding must be >= 0, got [-1]");
        bad(op, "padding SAME with stride 2", IAE, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 3, 3);
            return () -> Convolution.conv2d(x, w, null, 2, Padding.SAME, 1, 1); }, "padding SAME needs stride 1", "[2]");
        bad(op, "null padding", NPE, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 3, 3);
            return () -> Convolution.conv2d(x, w, null, 1, null, 1, 1); }, "padding is null");
        bad(op, "groups 0", IAE, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 3, 3);
            return () -> Convolution.conv2d(x, w, null, 1, Padding.VALID, 1, 0); }, "groups must be >= 1, got 0");
        bad(op, "2-D input", IAE, () -> { Tensor x = f32(5, 5), w = f32(3, 2, 3, 3);
            return () -> Convolution.conv2d(x, w, null); }, "input [5, 5] f32 must be 3-D", "or 4-D");
        bad(op, "3-D weight", IAE, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 3);
            return () -> Convolution.conv2d(x, w, null); }, "weight [3, 2, 3] f32 must be 4-D");
        bad(op, "empty kernel", IAE, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 0, 3);
            return () -> Convolution.conv2d(x, w, null); }, "weight [3, 2, 0, 3] has an empty kernel");
        bad(op, "integer input", IAE, () -> { Tensor x = i64(1, 2, 5, 5), w = i64(3, 2, 3, 3);
            return () -> Convolution.conv2d(x, w, null); }, "input [1, 2, 5, 5] i64 must be f32 or f64");
        bad(op, "input f32, weight f64", IAE, () -> { Tensor x = f32(1, 2, 5, 5), w = Tensor.ones(DType.F64, 3, 2, 3, 3);
            return () -> Convolution.conv2d(x, w, null); }, "input [1, 2, 5, 5] f32 and weight [3, 2, 3, 3] f64 must have the same dtype");
        bad(op, "bias of the wrong size", IAE, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 3, 3), b = f32(5);
            return () -> Convolution.conv2d(x, w, b); }, "bias [5] f32 must be 1-D with 3 elements", "weight [3, 2, 3, 3]");
        bad(op, "bias f64", IAE, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 3, 3), b = Tensor.ones(DType.F64, 3);
            return () -> Convolution.conv2d(x, w, b); }, "bias [3] f64 must have the same dtype");
        bad(op, "closed bias", IllegalStateException.class, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 3, 3), b = Inputs.closed(f32(3));
            return () -> Convolution.conv2d(x, w, b); }, "closed");
        bad(op, "bias on another device", IAE, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 3, 3), b = Inputs.onFakeCuda(f32(3));
            return () -> Convolution.conv2d(x, w, b); }, "different devices", "cuda:0");
        bad(op, "unknown kernel version", IAE, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 3, 3);
            return () -> Convolution.conv2d(x, w, null, ONE, Padding.VALID, ONE, 1, 99); }, "kernel version 99");
    }

    private static void conv1d() {
        String op = "conv1d";
        bad(op, "input channels don't match the weight", IAE, () -> { Tensor x = f32(2, 3, 9), w = f32(4, 2, 3);
            return () -> Convolution.conv1d(x, w, null); },
                "conv1d: input [2, 3, 9] has 3 channels but weight [4, 2, 3] expects 2 (groups=1)");
        bad(op, "kernel larger than the padded input", IAE, () -> { Tensor x = f32(1, 1, 4), w = f32(1, 1, 5);
            return () -> Convolution.conv1d(x, w, null); }, "conv1d: kernel 5 is larger than the padded input 4 (input [1, 1, 4], padding 0)");
        bad(op, "4-D input", IAE, () -> { Tensor x = f32(1, 2, 5, 5), w = f32(3, 2, 3);
            return () -> Convolution.conv1d(x, w, null); }, "input [1, 2, 5, 5] f32 must be 2-D", "or 3-D");
        bad(op, "4-D weight", IAE, () -> { Tensor x = f32(1, 2, 5), w = f32(3, 2, 3, 3);
            return () -> Convolution.conv1d(x, w, null); }, "weight [3, 2, 3, 3] f32 must be 3-D");
        bad(op, "stride 0", IAE, () -> { Tensor x = f32(1, 2, 5), w = f32(3, 2, 3);
            return () -> Convolution.conv1d(x, w, null, 0, 0); }, "stride must be >= 1, got [0]");
        bad(op, "groups not dividing the output channels", IAE, () -> { Tensor x = f32(1, 4, 5), w = f32(3, 2, 3);
            return () -> Convolution.conv1d(x, w, null, 1, Padding.VALID, 1, 2); }, "weight [3, 2, 3] has 3 output channels");
        bad(op, "integer input", IAE, () -> { Tensor x = i64(1, 2, 5), w = i64(3, 2, 3);
            return () -> Convolution.conv1d(x, w, null); }, "i64 must be f32 or f64");
        bad(op, "bias of the wrong size", IAE, () -> { Tensor x = f32(1, 2, 5), w = f32(3, 2, 3), b = f32(2, 3);
            return () -> Convolution.conv1d(x, w, b); }, "bias [2, 3] f32 must be 1-D with 3 elements");
    }
}
