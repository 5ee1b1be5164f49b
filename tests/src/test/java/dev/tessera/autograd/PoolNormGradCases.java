// PoolNormGradCases: the gradcheck cases of pooling, batch norm, layer norm and embedding (called
// from GradCases.build()). Max pooling gets tie-free inputs (GradCases.distinct), so a small step
// never moves a maximum. Each op also has a "squared" case, f(x) * f(x): its gradient feeds the
// op's backward an upstream gradient that depends on x, so the second-order check differentiates
// the backward itself (the recorded adjoint of the pools, the composite norm formulas).
package dev.tessera.autograd;

import dev.tessera.ops.Normalization;
import dev.tessera.ops.Op;
import dev.tessera.ops.PoolWindow;
import dev.tessera.ops.Pooling;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.util.function.Function;
import java.util.function.Supplier;

import static dev.tessera.autograd.GradCases.centered;
import static dev.tessera.autograd.GradCases.constant;
import static dev.tessera.autograd.GradCases.distinct;
import static dev.tessera.autograd.GradCases.index;
import static dev.tessera.autograd.GradCases.of;
import static dev.tessera.autograd.GradCases.uniform;
import static dev.tessera.ops.Normalization.BATCH_NORM;
import static dev.tessera.ops.Normalization.EMBEDDING;
import static dev.tessera.ops.Normalization.LAYER_NORM;
import static dev.tessera.ops.Pooling.ADAPTIVE_AVG_POOL2D;
import static dev.tessera.ops.Pooling.AVG_POOL2D;
import static dev.tessera.ops.Pooling.MAX_POOL2D;

final class PoolNormGradCases {
    private PoolNormGradCases() {}

    static void add() {
        pooling();
        batchNorm();
        layerNorm();
        embedding();
    }

    private static void pooling() {
        PoolWindow two = PoolWindow.of(2);
        PoolWindow padded = PoolWindow.of(3).stride(2).padding(1);
        register(MAX_POOL2D, "2x2", of(() -> distinct(2, 2, 4, 4)), xs -> Pooling.maxPool2d(xs[0], two));
        register(MAX_POOL2D, "3x3 stride 2 padding 1, unbatched", of(() -> distinct(2, 5, 5)),
                xs -> Pooling.maxPool2d(xs[0], padded));
        register(MAX_POOL2D, "2x3 stride 1, dilation 2, padding 1", of(() -> distinct(1, 2, 6, 7)),
                xs -> Pooling.maxPool2d(xs[0], PoolWindow.of(2, 3).stride(1).dilation(2).padding(1)));
        register(MAX_POOL2D, "3x3 stride 2, ceil mode, transposed", of(() -> distinct(1, 2, 6, 5)),
                xs -> Pooling.maxPool2d(xs[0].transpose(2, 3), PoolWindow.of(3).stride(2).ceilMode(true)));
        register(MAX_POOL2D, "squared", of(() -> distinct(1, 2, 4, 6)), xs -> square(Pooling.maxPool2d(xs[0], padded)));

        register(AVG_POOL2D, "2x2", of(() -> centered(2, 2, 4, 4)), xs -> Pooling.avgPool2d(xs[0], 2));
        register(AVG_POOL2D, "3x3 stride 2 padding 1", of(() -> centered(1, 2, 5, 5)),
                xs -> Pooling.avgPool2d(xs[0], padded, true));
        register(AVG_POOL2D, "3x3 stride 2 padding 1, count_include_pad=false, ceil mode, transposed",
                of(() -> centered(2, 6, 5)),
                xs -> Pooling.avgPool2d(xs[0].transpose(1, 2), padded.ceilMode(true), false));
        register(AVG_POOL2D, "squared", of(() -> centered(1, 2, 5, 4)), xs -> square(Pooling.avgPool2d(xs[0], padded, false)));

        register(ADAPTIVE_AVG_POOL2D, "5x7 -> 3x4", of(() -> centered(1, 2, 5, 7)), xs -> Pooling.adaptiveAvgPool2d(xs[0], 3, 4));
        register(ADAPTIVE_AVG_POOL2D, "3x3 -> 5x2 (overlapping windows)", of(() -> centered(2, 3, 3)),
                xs -> Pooling.adaptiveAvgPool2d(xs[0], 5, 2));
        register(ADAPTIVE_AVG_POOL2D, "global, squared", of(() -> centered(2, 3, 4, 4)),
                xs -> square(Pooling.globalAvgPool2d(xs[0])));
    }

    private static void batchNorm() {
        Supplier<Tensor[]> nc = () -> new Tensor[] {centered(5, 3), uniform(0.5, 1.5, 3), centered(3)};
        Supplier<Tensor[]> nchw = () -> new Tensor[] {centered(2, 3, 3, 2), uniform(0.5, 1.5, 3), centered(3)};
        // The running statistics are updated in place on every evaluation: fresh ones per call.
        register(BATCH_NORM, "training [N, C]", nc, xs -> Normalization.batchNorm(xs[0], Tensor.zeros(DType.F64, 3),
                Tensor.ones(DType.F64, 3), xs[1], xs[2], true, 0.1, 1e-5));
        register(BATCH_NORM, "training [N, C, H, W], transposed", nchw,
                xs -> Normalization.batchNorm(xs[0].transpose(2, 3), null, null, xs[1], xs[2], true, 0.1, 1e-5));
        register(BATCH_NORM, "training, no affine, squared", of(() -> centered(3, 2, 4)),
                xs -> square(Normalization.batchNorm(xs[0], null, null, null, null, true, 0.1, 1e-5)));
        register(BATCH_NORM, "training, squared", nc,
                xs -> square(Normalization.batchNorm(xs[0], null, null, xs[1], xs[2], true, 0.1, 1e-5)));
        Tensor runningMean = constant(new double[] {0.2, -0.1, 0.3}, 3);
        Tensor runningVar = constant(new double[] {0.5, 1.2, 0.8}, 3);
        register(BATCH_NORM, "eval [N, C, H, W]", nchw,
                xs -> Normalization.batchNorm(xs[0], runningMean, runningVar, xs[1], xs[2], false, 0.1, 1e-5));
        register(BATCH_NORM, "eval, squared", nc,
                xs -> square(Normalization.batchNorm(xs[0], runningMean, runningVar, xs[1], xs[2], false, 0.1, 1e-5)));
    }

    private static void layerNorm() {
        Supplier<Tensor[]> rows = () -> new Tensor[] {centered(3, 5), uniform(0.5, 1.5, 5), centered(5)};
        register(LAYER_NORM, "last dim", rows, xs -> Normalization.layerNorm(xs[0], new long[] {5}, xs[1], xs[2], 1e-5));
        register(LAYER_NORM, "last two dims, transposed", () -> new Tensor[] {centered(2, 4, 3), uniform(0.5, 1.5, 3, 4),
            centered(3, 4)}, xs -> Normalization.layerNorm(xs[0].transpose(1, 2), new long[] {3, 4}, xs[1], xs[2], 1e-5));
        register(LAYER_NORM, "no affine, eps 0.1", of(() -> centered(4, 3)),
                xs -> Normalization.layerNorm(xs[0], new long[] {3}, null, null, 0.1));
        register(LAYER_NORM, "squared", rows, xs -> square(Normalization.layerNorm(xs[0], new long[] {5}, xs[1], xs[2], 1e-5)));
    }

    private static void embedding() {
        Tensor repeats = index(new long[] {2, 0, 4, 2, 1, 4}, 2, 3);
        register(EMBEDDING, "repeated rows", of(() -> centered(5, 3)), xs -> Normalization.embedding(xs[0], repeats));
        // The padding row gets no gradient by definition, which finite differences can't confirm: the
        // indices here avoid it (PoolNormLayersTest checks its zero gradient).
        register(EMBEDDING, "padding_idx 3, squared", of(() -> centered(5, 3)),
                xs -> square(Normalization.embedding(xs[0], repeats, 3)));
        register(EMBEDDING, "transposed weight", of(() -> centered(3, 5)), xs -> Normalization.embedding(xs[0].t(), repeats));
    }

    private static void register(Op op, String name, Supplier<Tensor[]> inputs, Function<Tensor[], Tensor> f) {
        GradCases.add(op, name, inputs, f);
    }

    private static Tensor square(Tensor t) { return t.mul(t); }
}
