// PoolNormBadInputs: the bad-input cases of pooling, batch norm, layer norm and embedding (called
// from BadInputCases), and their valid calls for the generic cases (called from OpCalls): wrong
// ranks, windows that don't fit the (padded) input, padding over half the kernel, channel counts
// that don't match, normalized shapes that don't match the trailing dims, indices out of range,
// integer inputs. Messages must name the shapes involved.
package dev.tessera.badinput;

import dev.tessera.ops.Normalization;
import dev.tessera.ops.PoolWindow;
import dev.tessera.ops.Pooling;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.util.Map;

import static dev.tessera.badinput.BadInputCases.bad;
import static dev.tessera.badinput.Inputs.f32;
import static dev.tessera.badinput.Inputs.i64;
import static dev.tessera.badinput.Inputs.index;

final class PoolNormBadInputs {
    private PoolNormBadInputs() {}

    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Class<NullPointerException> NPE = NullPointerException.class;
    private static final Class<IndexOutOfBoundsException> IOOBE = IndexOutOfBoundsException.class;

    /**
     * One valid call per op, with only the tensors every call needs (the generic cases null each
     * argument in turn, so an optional one would not fail); the optional ones have their own cases.
     */
    static void addValidCalls(Map<String, OpCalls.Call> m) {
        m.put("max_pool2d", new OpCalls.Call(() -> new Tensor[] {f32(1, 2, 4, 4)}, a -> Pooling.maxPool2d(a[0], 2)));
        m.put("avg_pool2d", new OpCalls.Call(() -> new Tensor[] {f32(1, 2, 4, 4)}, a -> Pooling.avgPool2d(a[0], 2)));
        m.put("adaptive_avg_pool2d", new OpCalls.Call(() -> new Tensor[] {f32(1, 2, 4, 4)}, a -> Pooling.adaptiveAvgPool2d(a[0], 2)));
        m.put("batch_norm", new OpCalls.Call(() -> new Tensor[] {f32(2, 3)},
                a -> Normalization.batchNorm(a[0], null, null, null, null, true, 0.1, 1e-5)));
        m.put("layer_norm", new OpCalls.Call(() -> new Tensor[] {f32(2, 3)},
                a -> Normalization.layerNorm(a[0], new long[] {3}, null, null, 1e-5)));
        m.put("embedding", new OpCalls.Call(() -> new Tensor[] {f32(5, 3), index(new long[] {0, 4, 2}, 3)},
                a -> Normalization.embedding(a[0], a[1])));
    }

    static void add() {
        pooling();
        batchNorm();
        layerNorm();
        embedding();
    }

    private static void pooling() {
        bad("max_pool2d", "kernel larger than the padded input", IAE, () -> { Tensor x = f32(1, 1, 2, 2);
            return () -> Pooling.maxPool2d(x, PoolWindow.of(3)); },
                "max_pool2d: kernel 3x3 is larger than the padded input 2x2 (input [1, 1, 2, 2], padding 0)");
        bad("max_pool2d", "dilated kernel larger than the padded input", IAE, () -> { Tensor x = f32(1, 5, 2);
            return () -> Pooling.maxPool2d(x, PoolWindow.of(2, 3).dilation(2).padding(1)); },
                "kernel 2x3 with dilation 2x2 spans 3x5", "padded input 7x4", "(input [1, 5, 2], padding 1)");
        bad("max_pool2d", "a window over padding only", IAE, () -> { Tensor x = f32(1, 1, 3, 3);
            return () -> Pooling.maxPool2d(x, PoolWindow.of(2).dilation(4).padding(1).stride(1)); },
                "output row 0", "covers only padding", "[1, 1, 3, 3]");
        for (String op : new String[] {"max_pool2d", "avg_pool2d", "adaptive_avg_pool2d"}) {
            bad(op, "2-D input", IAE, () -> { Tensor x = f32(4, 4); return () -> pool(op, x, PoolWindow.of(2)); },
                    "[4, 4]", "3-D [C, H, W] or 4-D [N, C, H, W]");
            bad(op, "5-D input", IAE, () -> { Tensor x = f32(1, 1, 1, 4, 4); return () -> pool(op, x, PoolWindow.of(2)); },
                    "[1, 1, 1, 4, 4]");
            bad(op, "integer input", IAE, () -> { Tensor x = i64(1, 2, 4, 4); return () -> pool(op, x, PoolWindow.of(2)); },
                    "floating", "[1, 2, 4, 4] i64");
            bad(op, "empty channel dim", IAE, () -> { Tensor x = f32(2, 0, 4, 4); return () -> pool(op, x, PoolWindow.of(2)); },
                    "[2, 0, 4, 4]", "dim 1");
            if (op.equals("adaptive_avg_pool2d")) continue;
            bad(op, "padding over half the kernel", IAE, () -> { Tensor x = f32(1, 1, 6, 6);
                return () -> pool(op, x, PoolWindow.of(3).padding(2)); }, "padding 2x2", "half the kernel 3x3");
            bad(op, "zero kernel", IAE, () -> { Tensor x = f32(1, 1, 6, 6); return () -> pool(op, x, PoolWindow.of(0, 2)); },
                    "kernel 0x2");
            bad(op, "zero stride", IAE, () -> { Tensor x = f32(1, 1, 6, 6); return () -> pool(op, x, PoolWindow.of(2).stride(0)); },
                    "stride 0x0");
            bad(op, "null window", NPE, () -> { Tensor x = f32(1, 1, 6, 6); return () -> pool(op, x, null); }, "window");
            bad(op, "kernel larger than the input", IAE, () -> { Tensor x = f32(2, 3, 4, 1);
                return () -> pool(op, x, PoolWindow.of(2)); }, "kernel 2x2 is larger than the padded input 4x1", "[2, 3, 4, 1]");
        }
        bad("avg_pool2d", "dilation", IAE, () -> { Tensor x = f32(1, 1, 6, 6);
            return () -> Pooling.avgPool2d(x, PoolWindow.of(2).dilation(2), true); }, "dilation 2x2");
        bad("adaptive_avg_pool2d", "negative output size", IAE, () -> { Tensor x = f32(1, 1, 6, 6);
            return () -> Pooling.adaptiveAvgPool2d(x, -1, 2); }, "-1x2", "[1, 1, 6, 6]");
    }

    /** The op named op with window w (adaptive pooling: to the kernel size). */
    private static Tensor pool(String op, Tensor x, PoolWindow w) {
        switch (op) {
            case "max_pool2d": return Pooling.maxPool2d(x, w);
            case "avg_pool2d": return Pooling.avgPool2d(x, w, true);
            default: return Pooling.adaptiveAvgPool2d(x, w == null ? 1 : w.kernelH());
        }
    }

    private static void batchNorm() {
        String op = "batch_norm";
        bad(op, "1-D input", IAE, () -> { Tensor x = f32(4);
            return () -> Normalization.batchNorm(x, null, null, null, null, true, 0.1, 1e-5); },
                "[4]", "[N, C, ...]");
        bad(op, "weight for another channel count", IAE, () -> { Tensor x = f32(2, 3, 4, 4), w = f32(4);
            return () -> Normalization.batchNorm(x, null, null, w, null, true, 0.1, 1e-5); },
                "weight [4] f32", "input [2, 3, 4, 4] f32 has 3 channels");
        bad(op, "running_var for another channel count", IAE, () -> { Tensor x = f32(2, 3), m = f32(3), v = f32(2);
            return () -> Normalization.batchNorm(x, m, v, null, null, false, 0.1, 1e-5); }, "running_var [2] f32", "3 channels");
        bad(op, "running_mean without running_var", IAE, () -> { Tensor x = f32(2, 3), m = f32(3);
            return () -> Normalization.batchNorm(x, m, null, null, null, true, 0.1, 1e-5); }, "together");
        bad(op, "evaluation without running statistics", IAE, () -> { Tensor x = f32(2, 3);
            return () -> Normalization.batchNorm(x, null, null, null, null, false, 0.1, 1e-5); }, "running_mean", "evaluation");
        bad(op, "one value per channel when training", IAE, () -> { Tensor x = f32(1, 3);
            return () -> Normalization.batchNorm(x, null, null, null, null, true, 0.1, 1e-5); },
                "more than 1 value per channel", "[1, 3]");
        bad(op, "integer input", IAE, () -> { Tensor x = i64(2, 3);
            return () -> Normalization.batchNorm(x, null, null, null, null, true, 0.1, 1e-5); }, "floating", "[2, 3] i64");
        bad(op, "weight of another dtype", IAE, () -> { Tensor x = f32(2, 3), w = Tensor.ones(DType.F64, 3);
            return () -> Normalization.batchNorm(x, null, null, w, null, true, 0.1, 1e-5); }, "weight [3] f64", "f32");
        bad(op, "negative eps", IAE, () -> { Tensor x = f32(2, 3);
            return () -> Normalization.batchNorm(x, null, null, null, null, true, 0.1, -1); }, "eps", "-1");
        bad(op, "NaN momentum", IAE, () -> { Tensor x = f32(2, 3);
            return () -> Normalization.batchNorm(x, null, null, null, null, true, Double.NaN, 1e-5); }, "momentum", "NaN");
        bad(op, "weight on another device", IAE, () -> { Tensor x = f32(2, 3), w = Inputs.onFakeCuda(f32(3));
            return () -> Normalization.batchNorm(x, null, null, w, null, true, 0.1, 1e-5); }, "different devices", "cuda:0");
    }

    private static void layerNorm() {
        String op = "layer_norm";
        bad(op, "normalized_shape not the trailing dims", IAE, () -> { Tensor x = f32(2, 3, 4);
            return () -> Normalization.layerNorm(x, new long[] {3}, null, null, 1e-5); },
                "normalized_shape [3]", "input [2, 3, 4] f32", "[*, 3]");
        bad(op, "normalized_shape longer than the input", IAE, () -> { Tensor x = f32(4);
            return () -> Normalization.layerNorm(x, new long[] {2, 4}, null, null, 1e-5); }, "normalized_shape [2, 4]", "[4]");
        bad(op, "empty normalized_shape", IAE, () -> { Tensor x = f32(2, 3);
            return () -> Normalization.layerNorm(x, new long[0], null, null, 1e-5); }, "non-empty");
        bad(op, "null normalized_shape", NPE, () -> { Tensor x = f32(2, 3);
            return () -> Normalization.layerNorm(x, null, null, null, 1e-5); }, "normalized_shape");
        bad(op, "weight of another shape", IAE, () -> { Tensor x = f32(2, 3), w = f32(2);
            return () -> Normalization.layerNorm(x, new long[] {3}, w, null, 1e-5); }, "weight [2] f32", "normalized_shape [3]");
        bad(op, "bias of another dtype", IAE, () -> { Tensor x = f32(2, 3), b = Tensor.zeros(DType.F64, 3);
            return () -> Normalization.layerNorm(x, new long[] {3}, null, b, 1e-5); }, "bias [3] f64", "f32");
        bad(op, "integer input", IAE, () -> { Tensor x = i64(2, 3);
            return () -> Normalization.layerNorm(x, new long[] {3}, null, null, 1e-5); }, "floating", "[2, 3] i64");
        bad(op, "NaN eps", IAE, () -> { Tensor x = f32(2, 3);
            return () -> Normalization.layerNorm(x, new long[] {3}, null, null, Double.NaN); }, "eps", "NaN");
    }

    private static void embedding() {
        String op = "embedding";
        bad(op, "index past the vocabulary", IOOBE, () -> { Tensor w = f32(5, 3), i = index(new long[] {0, 7, 2}, 3);
            return () -> Normalization.embedding(w, i); }, "index 7", "5 embeddings", "weight [5, 3] f32");
        bad(op, "negative index", IOOBE, () -> { Tensor w = f32(5, 3), i = index(new long[] {-1, 2}, 2);
            return () -> Normalization.embedding(w, i); }, "index -1", "5 embeddings");
        bad(op, "i32 index out of range", IOOBE, () -> { Tensor w = f32(5, 3), i = index(new long[] {1, 5}, 2, 1).to(DType.I32);
            return () -> Normalization.embedding(w, i); }, "index 5", "5 embeddings");
        bad(op, "float indices", IAE, () -> { Tensor w = f32(5, 3), i = f32(2); return () -> Normalization.embedding(w, i); },
                "i64 or i32", "[2] f32");
        bad(op, "1-D weight", IAE, () -> { Tensor w = f32(5), i = i64(2); return () -> Normalization.embedding(w, i); },
                "weight [5] f32", "2-D");
        bad(op, "integer weight", IAE, () -> { Tensor w = i64(5, 3), i = i64(2); return () -> Normalization.embedding(w, i); },
                "floating", "[5, 3] i64");
        bad(op, "padding_idx out of range", IAE, () -> { Tensor w = f32(5, 3), i = i64(2);
            return () -> Normalization.embedding(w, i, 5); }, "padding_idx 5", "5 embeddings");
    }
}
