// PoolNormKernels: the CPU side of Backend's pooling and normalisation kernels (native pool.h and
// norm.h). The op layer (ops.Pooling, ops.Normalization) has checked the semantics; what is checked
// here (with BufferChecks) is what keeps the native code inside its buffers: contiguity, one float
// dtype, element counts that match the sizes passed, I64 indices. A violation is an
// IllegalArgumentException naming the kernel and the tensor.
package dev.tessera.backend.cpu;

import dev.tessera.bridge.TesseraNative;
import dev.tessera.ops.PoolWindow;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import static dev.tessera.backend.cpu.BufferChecks.floating;
import static dev.tessera.backend.cpu.BufferChecks.need;
import static dev.tessera.backend.cpu.BufferChecks.optional;

final class PoolNormKernels {
    private PoolNormKernels() {}

    // ------------------------------------------------------------------ shapes

    /** [planes, h, w] of a tensor whose last two dims are spatial (h, w >= 1). */
    private static long[] planes(String op, String what, Tensor t) {
        int r = t.dim();
        if (r < 2) throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " needs at least 2 dims (.., H, W)");
        long h = t.shapeRef()[r - 2], w = t.shapeRef()[r - 1];
        if (h < 1 || w < 1) throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " has an empty plane");
        return new long[] {t.numel() / (h * w), h, w};
    }

    /** The output [oh, ow] of an input's planes: same leading dims, so the same plane count. */
    private static long[] outPlane(String op, Tensor in, Tensor out) {
        int r = out.dim();
        if (r != in.dim() || r < 2) {
            throw new IllegalArgumentException(op + ": output " + out.describe() + " must have the rank of input " + in.describe());
        }
        for (int i = 0; i < r - 2; i++) {
            if (out.shapeRef()[i] != in.shapeRef()[i]) {
                throw new IllegalArgumentException(op + ": output " + out.describe() + " and input " + in.describe()
                        + " differ in dim " + i);
            }
        }
        return new long[] {out.shapeRef()[r - 2], out.shapeRef()[r - 1]};
    }

    // ------------------------------------------------------------------ pooling

    static void maxPool2dForward(Tensor x, PoolWindow win, Tensor out, Tensor indices) {
        String op = "max_pool2d";
        DType dt = floating(op, "input", x);
        long[] p = planes(op, "input", x);
        long[] o = outPlane(op, x, out);
        long n = p[0] * o[0] * o[1];
        CpuBackend.check(TesseraNative.ts_max_pool2d_forward(dt.code(), p[0], p[1], p[2], o[0], o[1], win.kernelH(), win.kernelW(),
                win.strideH(), win.strideW(), win.padH(), win.padW(), win.dilationH(), win.dilationW(),
                need(op, "input", x, dt, x.numel()), need(op, "output", out, dt, n), optional(op, "indices", indices, DType.I64, n)), op);
    }

    static void maxPool2dBackward(Tensor gradOut, Tensor indices, Tensor gradInput) {
        String op = "max_pool2d_backward";
        DType dt = floating(op, "gradInput", gradInput);
        long[] p = planes(op, "gradInput", gradInput);
        long[] o = outPlane(op, gradInput, gradOut);
        long n = p[0] * o[0] * o[1];
        CpuBackend.check(TesseraNative.ts_max_pool2d_backward(dt.code(), p[0], p[1], p[2], o[0], o[1],
                need(op, "gradOut", gradOut, dt, n), need(op, "indices", indices, DType.I64, n),
                need(op, "gradInput", gradInput, dt, gradInput.numel())), op);
    }

    static void avgPool2dForward(Tensor x, PoolWindow win, boolean countIncludePad, Tensor out) {
        String op = "avg_pool2d";
        DType dt = floating(op, "input", x);
        long[] p = planes(op, "input", x);
        long[] o = outPlane(op, x, out);
        CpuBackend.check(TesseraNative.ts_avg_pool2d_forward(dt.code(), p[0], p[1], p[2], o[0], o[1], win.kernelH(), win.kernelW(),
                win.strideH(), win.strideW(), win.padH(), win.padW(), countIncludePad ? 1 : 0, need(op, "input", x, dt, x.numel()),
                need(op, "output", out, dt, p[0] * o[0] * o[1])), op);
    }

    static void avgPool2dBackward(Tensor gradOut, PoolWindow win, boolean countIncludePad, Tensor gradInput) {
        String op = "avg_pool2d_backward";
        DType dt = floating(op, "gradInput", gradInput);
        long[] p = planes(op, "gradInput", gradInput);
        long[] o = outPlane(op, gradInput, gradOut);
        CpuBackend.check(TesseraNative.ts_avg_pool2d_backward(dt.code(), p[0], p[1], p[2], o[0], o[1], win.kernelH(), win.kernelW(),
                win.strideH(), win.strideW(), win.padH(), win.padW(), countIncludePad ? 1 : 0,
                need(op, "gradOut", gradOut, dt, p[0] * o[0] * o[1]), need(op, "gradInput", gradInput, dt, gradInput.numel())), op);
    }

    static void adaptiveAvgPool2dForward(Tensor x, Tensor out) {
        String op = "adaptive_avg_pool2d";
        DType dt = floating(op, "input", x);
        long[] p = planes(op, "input", x);
        long[] o = outPlane(op, x, out);
        CpuBackend.check(TesseraNative.ts_adaptive_avg_pool2d_forward(dt.code(), p[0], p[1], p[2], o[0], o[1],
                need(op, "input", x, dt, x.numel()), need(op, "output", out, dt, p[0] * o[0] * o[1])), op);
    }

    static void adaptiveAvgPool2dBackward(Tensor gradOut, Tensor gradInput) {
        String op = "adaptive_avg_pool2d_backward";
        DType dt = floating(op, "gradInput", gradInput);
        long[] p = planes(op, "gradInput", gradInput);
        long[] o = outPlane(op, gradInput, gradOut);
        CpuBackend.check(TesseraNative.ts_adaptive_avg_pool2d_backward(dt.code(), p[0], p[1], p[2], o[0], o[1],
                need(op, "gradOut", gradOut, dt, p[0] * o[0] * o[1]), need(op, "gradInput", gradInput, dt, gradInput.numel())), op);
    }

    // ------------------------------------------------------------------ normalisation

    /** [N, C, inner] of a batch-norm input [N, C, ...]. */
    private static long[] channels(String op, Tensor x) {
        if (x.dim() < 2) throw new IllegalArgumentException(op + ": input " + x.describe() + " needs at least 2 dims [N, C, ...]");
        long n = x.shapeRef()[0], c = x.shapeRef()[1];
        long inner = 1;
        for (int i = 2; i < x.dim(); i++) inner *= x.shapeRef()[i];
        return new long[] {n, c, inner};
    }

    static void batchNormForward(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, boolean training,
                                 double momentum, double eps, Tensor out, Tensor saveMean, Tensor saveInvstd) {
        String op = "batch_norm";
        DType dt = floating(op, "input", x);
        long[] s = channels(op, x);
        long c = s[1];
        CpuBackend.check(TesseraNative.ts_batch_norm_forward(dt.code(), s[0], c, s[2], need(op, "input", x, dt, x.numel()),
                optional(op, "weight", weight, dt, c), optional(op, "bias", bias, dt, c),
                optional(op, "running_mean", runningMean, dt, c), optional(op, "running_var", runningVar, dt, c), training ? 1 : 0,
                momentum, eps, need(op, "output", out, dt, x.numel()), optional(op, "save_mean", saveMean, dt, c),
                optional(op, "save_invstd", saveInvstd, dt, c)), op);
    }

    static void batchNormBackward(Tensor x, Tensor gradOut, Tensor weight, Tensor saveMean, Tensor saveInvstd, boolean training,
                                  Tensor gradInput, Tensor gradWeight, Tensor gradBias) {
        String op = "batch_norm_backward";
        DType dt = floating(op, "input", x);
        long[] s = channels(op, x);
        long c = s[1];
        CpuBackend.check(TesseraNative.ts_batch_norm_backward(dt.code(), s[0], c, s[2], need(op, "input", x, dt, x.numel()),
                need(op, "gradOut", gradOut, dt, x.numel()), optional(op, "weight", weight, dt, c),
                need(op, "save_mean", saveMean, dt, c), need(op, "save_invstd", saveInvstd, dt, c), training ? 1 : 0,
                optional(op, "gradInput", gradInput, dt, x.numel()), optional(op, "gradWeight", gradWeight, dt, c),
                optional(op, "gradBias", gradBias, dt, c)), op);
    }

    /** Rows of x seen as [rows, cols] (cols >= 1). */
    private static long rows(String op, Tensor x, long cols) {
        if (cols < 1 || x.numel() % cols != 0) {
            throw new IllegalArgumentException(op + ": input " + x.describe() + " can't be seen as rows of " + cols + " elements");
        }
        return x.numel() / cols;
    }

    static void layerNormForward(Tensor x, long cols, Tensor weight, Tensor bias, double eps, Tensor out, Tensor saveMean,
                                 Tensor saveInvstd) {
        String op = "layer_norm";
        DType dt = floating(op, "input", x);
        long rows = rows(op, x, cols);
        CpuBackend.check(TesseraNative.ts_layer_norm_forward(dt.code(), rows, cols, need(op, "input", x, dt, x.numel()),
                optional(op, "weight", weight, dt, cols), optional(op, "bias", bias, dt, cols), eps,
                need(op, "output", out, dt, x.numel()), optional(op, "save_mean", saveMean, dt, rows),
                optional(op, "save_invstd", saveInvstd, dt, rows)), op);
    }

    static void layerNormBackward(Tensor x, long cols, Tensor gradOut, Tensor weight, Tensor saveMean, Tensor saveInvstd,
                                  Tensor gradInput, Tensor gradWeight, Tensor gradBias) {
        String op = "layer_norm_backward";
        DType dt = floating(op, "input", x);
        long rows = rows(op, x, cols);
        CpuBackend.check(TesseraNative.ts_layer_norm_backward(dt.code(), rows, cols, need(op, "input", x, dt, x.numel()),
                need(op, "gradOut", gradOut, dt, x.numel()), optional(op, "weight", weight, dt, cols),
                need(op, "save_mean", saveMean, dt, rows), need(op, "save_invstd", saveInvstd, dt, rows),
                optional(op, "gradInput", gradInput, dt, x.numel()), optional(op, "gradWeight", gradWeight, dt, cols),
                optional(op, "gradBias", gradBias, dt, cols)), op);
    }
}
