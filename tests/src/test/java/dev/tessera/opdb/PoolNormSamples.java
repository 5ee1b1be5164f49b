// PoolNormSamples: the op database entries of max/avg/adaptive pooling, batch norm, layer norm and
// embedding (called from OpSamples.build()), with their float64 references transcribed from
// PyTorch's CPU kernels: the same window placement, padding rules, divisors, NaN and tie rules,
// batch and running statistics. Inputs cover 3-D and 4-D pooling, every window option, rows wide
// enough for the vector loops, non-contiguous layouts, size-1 planes and empty batches.
package dev.tessera.opdb;

import dev.tessera.opdb.Entry.When;
import dev.tessera.opdb.Sample.In;
import dev.tessera.opdb.Sample.Values;
import dev.tessera.ops.Normalization;
import dev.tessera.ops.PoolWindow;
import dev.tessera.ops.Pooling;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

import static dev.tessera.opdb.Sample.In.t;
import static dev.tessera.tensor.DType.F32;
import static dev.tessera.tensor.DType.F64;
import static dev.tessera.tensor.DType.I32;
import static dev.tessera.tensor.DType.I64;

final class PoolNormSamples {
    private PoolNormSamples() {}

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;
    private static final List<DType> FLOATS = List.of(F32, F64);

    static void add(List<Entry> db) {
        maxPool(db);
        avgPool(db);
        adaptiveAvgPool(db);
        batchNorm(db);
        layerNorm(db);
        embedding(db);
    }

    // ================================================================== pooling

    /** Batched and unbatched, transposed and stepped planes, rows long enough for the vector loops, a 1x1 plane, an empty batch. */
    private static final In[][] POOL_INPUTS = {
        {t(2, 3, 6, 6)}, {t(2, 3, 7, 5).transposed()}, {t(1, 2, 5, 8).stepped()}, {t(3, 4, 4)}, {t(1, 2, 8, 70)}, {t(1, 1, 1, 1)},
        {t(0, 2, 4, 4)},
    };

    private static void maxPool(List<Entry> db) {
        Entry e = Entry.of(Pooling.MAX_POOL2D).inputs(POOL_INPUTS)
                // Ties (the first maximum of a window wins) and special values (NaN wins, -inf windows).
                .inputsAt(FLOATS, t(2, 2, 4, 6).values(Values.ints(-2, 2)))
                .inputsAt(FLOATS, t(1, 1, 4, 6).values(Values.of(NAN, -INF, 1, INF, -INF, -INF, 2, NAN, -INF, -INF, 0, 3, -INF)));
        PoolWindow[] windows = {
            PoolWindow.of(2), PoolWindow.of(3).stride(2).padding(1), PoolWindow.of(2, 3).stride(1, 2),
            PoolWindow.of(3).stride(1).padding(1).dilation(2), PoolWindow.of(3).stride(2).ceilMode(true), PoolWindow.of(2).ceilMode(true),
        };
        for (PoolWindow w : windows) {
            When fits = (ins, dt) -> fits(ins.get(0).shape(), w, true);
            e.variant(w.toString(), fits, in -> Pooling.maxPool2d(in.get(0), w), r -> maxPoolRef(r.get(0), w)[0]);
            e.variant(w + ", indices", fits, in -> Pooling.maxPool2dWithIndices(in.get(0), w),
                    r -> Arrays.asList(maxPoolRef(r.get(0), w)));
        }
        db.add(e);
    }

    private static void avgPool(List<Entry> db) {
        Entry e = Entry.of(Pooling.AVG_POOL2D).inputs(POOL_INPUTS);
        PoolWindow[] windows = {
            PoolWindow.of(2), PoolWindow.of(3).stride(2).padding(1), PoolWindow.of(2, 3).stride(1, 2).padding(1, 1),
            PoolWindow.of(3).stride(2).padding(1).ceilMode(true),
        };
        for (PoolWindow w : windows) {
            for (boolean includePad : new boolean[] {true, false}) {
                if (!includePad && w.padH() == 0 && !w.ceilMode()) continue; // the same divisor either way
                e.variant(w + (includePad ? "" : ", count_include_pad=false"), (ins, dt) -> fits(ins.get(0).shape(), w, false),
                        in -> Pooling.avgPool2d(in.get(0), w, includePad), r -> avgPoolRef(r.get(0), w, includePad));
            }
        }
        db.add(e);
    }

    private static void adaptiveAvgPool(List<Entry> db) {
        Entry e = Entry.of(Pooling.ADAPTIVE_AVG_POOL2D).inputs(POOL_INPUTS);
        for (int[] size : new int[][] {{1, 1}, {2, 3}, {3, 3}, {7, 4}}) {
            e.variant(size[0] + "x" + size[1], in -> Pooling.adaptiveAvgPool2d(in.get(0), size[0], size[1]),
                    r -> adaptiveRef(r.get(0), size[0], size[1]));
        }
        e.variant("global", in -> Pooling.globalAvgPool2d(in.get(0)), r -> {
            Ref pooled = adaptiveRef(r.get(0), 1, 1);
            return pooled.reshape(Arrays.copyOf(pooled.shape, pooled.rank() - 2));
        });
        db.add(e);
    }

    /** PyTorch's pooling_output_shape. */
    private static long outSize(long in, int k, int s, int p, int d, boolean ceil) {
        long out = Math.floorDiv(in + 2L * p - (long) d * (k - 1) - 1 + (ceil ? s - 1 : 0), s) + 1;
        if (ceil && (out - 1) * s >= in + p) out--;
        return out;
    }

    /** The op accepts the window for this shape: padding at most half the kernel, outputs >= 1, every window reaching the input. */
    private static boolean fits(long[] shape, PoolWindow w, boolean dilationAllowed) {
        int r = shape.length;
        if (!dilationAllowed && (w.dilationH() != 1 || w.dilationW() != 1)) return false;
        long[][] axes = {{shape[r - 2], w.kernelH(), w.strideH(), w.padH(), w.dilationH()},
            {shape[r - 1], w.kernelW(), w.strideW(), w.padW(), w.dilationW()}};
        for (long[] a : axes) {
            long in = a[0], k = a[1], s = a[2], p = a[3], d = a[4];
            if (p > k / 2) return false;
            long out = outSize(in, (int) k, (int) s, (int) p, (int) d, w.ceilMode());
            if (out < 1) return false;
            for (long o = 0; o < out; o++) {
                boolean reaches = false;
                for (long j = 0; j < k; j++) {
                    long pos = o * s - p + j * d;
                    reaches |= pos >= 0 && pos < in;
                }
                if (!reaches) return false;
            }
        }
        return true;
    }

    /** Output shape: x's with the last two dims replaced. */
    private static long[] pooledShape(long[] shape, long oh, long ow) {
        long[] out = shape.clone();
        out[out.length - 2] = oh;
        out[out.length - 1] = ow;
        return out;
    }

    /** PyTorch's cpu_max_pool, transcribed: [values, indices]. */
    static Ref[] maxPoolRef(Ref x, PoolWindow w) {
        int r = x.rank();
        long h = x.shape[r - 2], wd = x.shape[r - 1];
        long oh = outSize(h, w.kernelH(), w.strideH(), w.padH(), w.dilationH(), w.ceilMode());
        long ow = outSize(wd, w.kernelW(), w.strideW(), w.padW(), w.dilationW(), w.ceilMode());
        long[] outShape = pooledShape(x.shape, oh, ow);
        int planes = (int) (x.numel() / (h * wd));
        double[] vals = new double[Ref.numel(outShape)], idx = new double[vals.length];
        for (int p = 0; p < planes; p++) {
            for (long oy = 0; oy < oh; oy++) {
                for (long ox = 0; ox < ow; ox++) {
                    long ih0 = oy * w.strideH() - w.padH(), iw0 = ox * w.strideW() - w.padW();
                    long ih1 = Math.min(ih0 + (long) (w.kernelH() - 1) * w.dilationH() + 1, h);
                    long iw1 = Math.min(iw0 + (long) (w.kernelW() - 1) * w.dilationW() + 1, wd);
                    while (ih0 < 0) ih0 += w.dilationH();
                    while (iw0 < 0) iw0 += w.dilationW();
                    long maxIndex = ih0 * wd + iw0;
                    double maxVal = Double.NEGATIVE_INFINITY;
                    for (long ih = ih0; ih < ih1; ih += w.dilationH()) {
                        for (long iw = iw0; iw < iw1; iw += w.dilationW()) {
                            long index = ih * wd + iw;
                            double v = x.v[(int) (p * h * wd + index)];
                            if (v > maxVal || Double.isNaN(v)) {
                                maxVal = v;
                                maxIndex = index;
                            }
                        }
                    }
                    int o = (int) ((p * oh + oy) * ow + ox);
                    vals[o] = maxVal;
                    idx[o] = maxIndex;
                }
            }
        }
        return new Ref[] {Ref.of(x.dtype, outShape, vals), Ref.of(I64, outShape, idx)};
    }

    /** PyTorch's cpu_avg_pool, transcribed. */
    static Ref avgPoolRef(Ref x, PoolWindow w, boolean countIncludePad) {
        int r = x.rank();
        long h = x.shape[r - 2], wd = x.shape[r - 1];
        long oh = outSize(h, w.kernelH(), w.strideH(), w.padH(), 1, w.ceilMode());
        long ow = outSize(wd, w.kernelW(), w.strideW(), w.padW(), 1, w.ceilMode());
        long[] outShape = pooledShape(x.shape, oh, ow);
        int planes = (int) (x.numel() / (h * wd));
        double[] out = new double[Ref.numel(outShape)];
        for (int p = 0; p < planes; p++) {
            for (long oy = 0; oy < oh; oy++) {
                for (long ox = 0; ox < ow; ox++) {
                    long ih0 = oy * w.strideH() - w.padH(), iw0 = ox * w.strideW() - w.padW();
                    long ih1 = Math.min(ih0 + w.kernelH(), h + w.padH()), iw1 = Math.min(iw0 + w.kernelW(), wd + w.padW());
                    long poolSize = (ih1 - ih0) * (iw1 - iw0);
                    ih0 = Math.max(ih0, 0);
                    iw0 = Math.max(iw0, 0);
                    ih1 = Math.min(ih1, h);
                    iw1 = Math.min(iw1, wd);
                    double sum = 0;
                    for (long ih = ih0; ih < ih1; ih++) {
                        for (long iw = iw0; iw < iw1; iw++) sum += x.v[(int) ((p * h + ih) * wd + iw)];
                    }
                    long divisor = countIncludePad ? poolSize : (ih1 - ih0) * (iw1 - iw0);
                    out[(int) ((p * oh + oy) * ow + ox)] = sum / divisor;
                }
            }
        }
        return Ref.of(x.dtype, outShape, out);
    }

    /** PyTorch's adaptive_avg_pool2d: window [floor(o in / out), ceil((o + 1) in / out)). */
    static Ref adaptiveRef(Ref x, int oh, int ow) {
        int r = x.rank();
        long h = x.shape[r - 2], wd = x.shape[r - 1];
        long[] outShape = pooledShape(x.shape, oh, ow);
        int planes = (int) (x.numel() / (h * wd));
        double[] out = new double[Ref.numel(outShape)];
        for (int p = 0; p < planes; p++) {
            for (long oy = 0; oy < oh; oy++) {
                long y0 = Math.floorDiv(oy * h, oh), y1 = -Math.floorDiv(-(oy + 1) * h, oh);
                for (long ox = 0; ox < ow; ox++) {
                    long x0 = Math.floorDiv(ox * wd, ow), x1 = -Math.floorDiv(-(ox + 1) * wd, ow);
                    double sum = 0;
                    for (long iy = y0; iy < y1; iy++) {
                        for (long ix = x0; ix < x1; ix++) sum += x.v[(int) ((p * h + iy) * wd + ix)];
                    }
                    out[(int) ((p * oh + oy) * ow + ox)] = sum / ((y1 - y0) * (x1 - x0));
                }
            }
        }
        return Ref.of(x.dtype, outShape, out);
    }

    // ================================================================== batch norm

    private static void batchNorm(List<Entry> db) {
        Values positive = Values.POSITIVE;
        // x, weight, bias, running_mean, running_var
        In[][] inputs = {
            {t(4, 3), t(3), t(3), t(3), t(3).values(positive)},
            {t(2, 3, 5).transposed(), t(3).stepped(), t(3), t(3), t(3).values(positive)},
            {t(2, 3, 4, 4), t(3), t(3).stepped(), t(3), t(3).values(positive)},
            {t(3, 2, 5, 7).transposed(), t(2), t(2), t(2), t(2).values(positive)},
            {t(2, 2, 70), t(2), t(2), t(2), t(2).values(positive)},
            {t(2, 1), t(1), t(1), t(1), t(1).values(positive)},
            {t(0, 3, 4), t(3), t(3), t(3), t(3).values(positive)},
        };
        double momentum = 0.1, eps = 1e-5;
        Entry e = Entry.of(Normalization.BATCH_NORM).inputs(inputs).tol(F32, 1e-5, 1e-5);
        // Training updates the running statistics in place: the call runs on copies and returns them.
        e.variant("training", in -> {
            Tensor rm = in.get(3).copy(), rv = in.get(4).copy();
            Tensor out = Normalization.batchNorm(in.get(0), rm, rv, in.get(1), in.get(2), true, momentum, eps);
            return List.of(out, rm, rv);
        }, r -> Arrays.asList(batchNormRef(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), true, momentum, eps)));
        e.variant("training, no affine, no running stats",
                in -> Normalization.batchNorm(in.get(0), null, null, null, null, true, momentum, eps),
                r -> batchNormRef(r.get(0), null, null, null, null, true, momentum, eps)[0]);
        e.variant("eval", in -> Normalization.batchNorm(in.get(0), in.get(3), in.get(4), in.get(1), in.get(2), false, momentum, eps),
                r -> batchNormRef(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), false, momentum, eps)[0]);
        e.variant("eval, momentum 0.5, eps 0.1, no affine",
                in -> Normalization.batchNorm(in.get(0), in.get(3), in.get(4), null, null, false, 0.5, 0.1),
                r -> batchNormRef(r.get(0), null, null, r.get(3), r.get(4), false, 0.5, 0.1)[0]);
        db.add(e);
    }

    /**
     * torch.nn.functional.batch_norm: [out, running_mean after, running_var after] (the running
     * statistics unchanged in eval, or when the batch is empty); null running stats in training
     * give nulls.
     */
    static Ref[] batchNormRef(Ref x, Ref weight, Ref bias, Ref runningMean, Ref runningVar, boolean training, double momentum,
                              double eps) {
        long n = x.shape[0], c = x.shape[1];
        long inner = x.numel() / Math.max(n * c, 1);
        double[] out = new double[x.numel()];
        double[] rm = runningMean == null ? null : runningMean.v.clone(), rv = runningVar == null ? null : runningVar.v.clone();
        long m = n * inner;
        for (int ch = 0; ch < c; ch++) {
            double mean, var;
            if (training) {
                double sum = 0, sq = 0;
                for (long i = 0; i < n; i++) for (long j = 0; j < inner; j++) sum += x.v[(int) ((i * c + ch) * inner + j)];
                mean = m == 0 ? 0 : sum / m;
                for (long i = 0; i < n; i++) {
                    for (long j = 0; j < inner; j++) {
                        double d = x.v[(int) ((i * c + ch) * inner + j)] - mean;
                        sq += d * d;
                    }
                }
                var = m == 0 ? 0 : sq / m;
                if (rm != null && m > 0) {
                    rm[ch] = (1 - momentum) * rm[ch] + momentum * mean;
                    rv[ch] = (1 - momentum) * rv[ch] + momentum * var * m / (m - 1);
                }
            } else {
                mean = runningMean.v[ch];
                var = runningVar.v[ch];
            }
            double w = weight == null ? 1 : weight.v[ch], b = bias == null ? 0 : bias.v[ch];
            for (long i = 0; i < n; i++) {
                for (long j = 0; j < inner; j++) {
                    int k = (int) ((i * c + ch) * inner + j);
                    out[k] = (x.v[k] - mean) / Math.sqrt(var + eps) * w + b;
                }
            }
        }
        return new Ref[] {Ref.of(x.dtype, x.shape, out), rm == null ? null : Ref.of(x.dtype, runningMean.shape, rm),
            rv == null ? null : Ref.of(x.dtype, runningVar.shape, rv)};
    }

    // ================================================================== layer norm

    private static void layerNorm(List<Entry> db) {
        // x, weight, bias; the normalized shape is weight's.
        In[][] inputs = {
            {t(4, 5), t(5), t(5)},
            {t(2, 3, 4).transposed(), t(4).stepped(), t(4)},
            {t(2, 3, 4), t(3, 4), t(3, 4).transposed()},
            {t(3, 70), t(70), t(70)},
            {t(5), t(5), t(5)},
            {t(2, 1), t(1), t(1)},
            {t(0, 5), t(5), t(5)},
        };
        Entry e = Entry.of(Normalization.LAYER_NORM).inputs(inputs).tol(F32, 1e-5, 1e-5);
        e.variant("affine", in -> Normalization.layerNorm(in.get(0), in.get(1).shape(), in.get(1), in.get(2), 1e-5),
                r -> layerNormRef(r.get(0), r.get(1).shape, r.get(1), r.get(2), 1e-5));
        e.variant("no affine, eps 0.1", in -> Normalization.layerNorm(in.get(0), in.get(1).shape(), null, null, 0.1),
                r -> layerNormRef(r.get(0), r.get(1).shape, null, null, 0.1));
        db.add(e);
    }

    /** torch.nn.functional.layer_norm: each block of the trailing normalizedShape dims normalised on its own. */
    static Ref layerNormRef(Ref x, long[] normalizedShape, Ref weight, Ref bias, double eps) {
        int cols = Ref.numel(normalizedShape);
        int rows = x.numel() / cols;
        double[] out = new double[x.numel()];
        for (int row = 0; row < rows; row++) {
            double sum = 0, sq = 0;
            for (int j = 0; j < cols; j++) sum += x.v[row * cols + j];
            double mean = sum / cols;
            for (int j = 0; j < cols; j++) sq += (x.v[row * cols + j] - mean) * (x.v[row * cols + j] - mean);
            double invstd = 1 / Math.sqrt(sq / cols + eps);
            for (int j = 0; j < cols; j++) {
                double y = (x.v[row * cols + j] - mean) * invstd;
                out[row * cols + j] = y * (weight == null ? 1 : weight.v[j]) + (bias == null ? 0 : bias.v[j]);
            }
        }
        return Ref.of(x.dtype, x.shape, out);
    }

    // ================================================================== embedding

    private static void embedding(List<Entry> db) {
        // weight [V, D], indices of any shape
        In[][] inputs = {
            {t(5, 3), t(4).as(I64).values(Values.ints(0, 4))},
            {t(5, 3).transposed(), t(2, 3).as(I32).values(Values.ints(0, 4))},
            {t(6, 4), t(2, 5).as(I64).values(Values.ints(0, 5)).stepped()},
            {t(5, 3), t().as(I64).values(Values.ints(0, 4))},
            {t(4, 0), t(3).as(I64).values(Values.ints(0, 3))},
            {t(5, 3), t(0).as(I64)},
        };
        Entry e = Entry.of(Normalization.EMBEDDING).inputs(inputs);
        e.call(in -> Normalization.embedding(in.get(0), in.get(1)), r -> embeddingRef(r.get(0), r.get(1)));
        e.variant("padding_idx -1", in -> Normalization.embedding(in.get(0), in.get(1), -1), r -> embeddingRef(r.get(0), r.get(1)));
        db.add(e);
    }

    /** Row indices[...] of weight for every index: shape indices.shape + [D]. */
    static Ref embeddingRef(Ref weight, Ref indices) {
        long d = weight.shape[1];
        long[] shape = Arrays.copyOf(indices.shape, indices.rank() + 1);
        shape[indices.rank()] = d;
        double[] out = new double[Ref.numel(shape)];
        for (int i = 0; i < indices.numel(); i++) {
            for (int j = 0; j < d; j++) out[(int) (i * d + j)] = weight.v[(int) (indices.v[i] * d + j)];
        }
        return Ref.of(weight.dtype, shape, out);
    }
}
