// Normalization: batch norm and layer norm (torch.nn.functional.batch_norm / layer_norm), and the
// embedding lookup. The norms run fused native kernels (Kernels.NORM, native/include/tessera/norm.h)
// that hand back the mean and 1/std they used; a plain backward passes those to the fused backward
// kernel, while a backward that records its own graph (createGraph) writes the same gradients with
// differentiable ops, recomputing the batch statistics from the input so that second derivatives
// see their dependence on it. The embedding is an index_select of weight rows whose gradient is
// index_add'ed back (differentiable either way); the padding row gets none.
package dev.tessera.ops;

import dev.tessera.autograd.Autograd;
import dev.tessera.autograd.GradMode;
import dev.tessera.autograd.Node;
import dev.tessera.backend.Backend;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

public final class Normalization {
    private Normalization() {}

    public static final Op BATCH_NORM = Op.of("batch_norm", Op.Family.NORMALIZATION, true);
    public static final Op LAYER_NORM = Op.of("layer_norm", Op.Family.NORMALIZATION, true);
    public static final Op EMBEDDING = Op.of("embedding", Op.Family.INDEXING, true);

    public static final List<Op> ALL = List.of(BATCH_NORM, LAYER_NORM, EMBEDDING);

    // ================================================================== batch norm

    /**
     * Batch norm of input [N, C, ...] per channel, as torch.nn.functional.batch_norm:
     * (x - mean) / sqrt(var + eps) * weight + bias. When {@code training} the mean and (biased)
     * variance are the batch's, and runningMean / runningVar (both or neither; [C] of
     * the input's dtype) are updated in place: r = (1 - momentum) r + momentum s, the variance
     * unbiased. Otherwise the running statistics are used and required. weight and bias (null =
     * none) are [C]. Gradients flow to input, weight and bias.
     */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        String op = BATCH_NORM.name();
        Check.tensor(op, input, "input");
        Check.floating(op, input);
        if (input.dim() < 2) {
            throw new IllegalArgumentException(op + ": input " + input.describe() + " needs a batch and a channel dim [N, C, ...]");
        }
        long c = input.shapeRef()[1];
        perChannel(op, input, weight, "weight", c);
        perChannel(op, input, bias, "bias", c);
        perChannel(op, input, runningMean, "running_mean", c);
        perChannel(op, input, runningVar, "running_var", c);
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException(op + ": running_mean and running_var must be given together");
        }
        if (!training && runningMean == null) {
            throw new IllegalArgumentException(op + ": evaluation (training = false) needs running_mean and running_var");
        }
        checkEps(op, eps);
        if (!Double.isFinite(momentum)) throw new IllegalArgumentException(op + ": momentum must be finite, got " + momentum);
        long valuesPerChannel = input.numel() / Math.max(c, 1);
        if (training && valuesPerChannel == 1) {
            throw new IllegalArgumentException(op + ": expected more than 1 value per channel when training, got input "
                    + input.describe());
        }
        Backend be = input.backend();
        DType dt = input.dtype();
        Tensor out = Tensor.empty(be, dt, input.shapeRef());
        Tensor saveMean = Tensor.empty(be, dt, new long[] {c});
        Tensor saveInvstd = Tensor.empty(be, dt, new long[] {c});
        Tensor x = KernelArgs.dense(input), w = KernelArgs.dense(weight), b = KernelArgs.dense(bias);
        Tensor rm = KernelArgs.dense(runningMean), rv = KernelArgs.dense(runningVar);
        try {
            be.batchNormForward(x, w, b, rm, rv, training, momentum, eps, out, saveMean, saveInvstd);
            if (training && runningMean != null) updatedInPlace(rm, runningMean, rv, runningVar);
        } catch (RuntimeException e) {
            for (Tensor t : new Tensor[] {out, saveMean, saveInvstd}) t.close();
            throw e;
        } finally {
            KernelArgs.release(x, input);
            KernelArgs.release(w, weight);
            KernelArgs.release(b, bias);
            KernelArgs.release(rm, runningMean);
            KernelArgs.release(rv, runningVar);
        }
        if (Autograd.needed(input, weight, bias)) {
            Autograd.record(BATCH_NORM, out, new Tensor[] {input, weight, bias}, new Tensor[] {input, weight, saveMean, saveInvstd},
                    (nd, g) -> GradMode.isEnabled()
                            ? batchNormGradComposite(nd.saved(0), nd.saved(1), nd.saved(2), nd.saved(3), g, training, eps, nd)
                            : batchNormGradFused(nd.saved(0), nd.saved(1), nd.saved(2), nd.saved(3), g, training, nd));
        }
        saveMean.close(); // the graph holds its own aliases
        saveInvstd.close();
        return out;
    }

    private static Tensor[] batchNormGradFused(Tensor input, Tensor weight, Tensor mean, Tensor invstd, Tensor g, boolean training,
                                               Node nd) {
        Backend be = input.backend();
        long[] channels = {input.shapeRef()[1]};
        Tensor gx = nd.needsInputGrad(0) ? Tensor.empty(be, input.dtype(), input.shapeRef()) : null;
        Tensor gw = nd.needsInputGrad(1) ? Tensor.empty(be, input.dtype(), channels) : null;
        Tensor gb = nd.needsInputGrad(2) ? Tensor.empty(be, input.dtype(), channels) : null;
        Tensor x = KernelArgs.dense(input), gd = KernelArgs.dense(g), w = KernelArgs.dense(weight);
        try {
            be.batchNormBackward(x, gd, w, mean, invstd, training, gx, gw, gb);
        } finally {
            KernelArgs.release(x, input);
            KernelArgs.release(gd, g);
            KernelArgs.release(w, weight);
        }
        return new Tensor[] {gx, gw, gb};
    }

    /**
     * The same gradients with differentiable ops, over the dims other than the channel dim 1:
     * xhat = (x - mean) invstd, and
     *   training:  gx = weight invstd (g - mean(g) - xhat mean(g xhat))   (mean and invstd recomputed from x)
     *   otherwise: gx = weight invstd g                                    (the running statistics are constants)
     *   gweight = sum(g xhat), gbias = sum(g).
     */
    private static Tensor[] batchNormGradComposite(Tensor x, Tensor weight, Tensor savedMean, Tensor savedInvstd, Tensor g,
                                                   boolean training, double eps, Node nd) {
        int[] dims = new int[x.dim() - 1];
        dims[0] = 0;
        for (int i = 2; i < x.dim(); i++) dims[i - 1] = i;
        long[] channelShape = new long[x.dim()];
        Arrays.fill(channelShape, 1);
        channelShape[1] = x.shapeRef()[1];
        Tensor mean, invstd;
        if (training) {
            mean = x.mean(dims, true);
            Tensor centered = x.sub(mean);
            invstd = centered.mul(centered).mean(dims, true).add(eps).rsqrt();
        } else {
            mean = savedMean.reshape(channelShape);
            invstd = savedInvstd.reshape(channelShape);
        }
        Tensor xhat = x.sub(mean).mul(invstd);
        Tensor scale = weight == null ? invstd : invstd.mul(weight.reshape(channelShape));
        Tensor gx = null;
        if (nd.needsInputGrad(0)) {
            gx = training ? g.sub(g.mean(dims, true)).sub(xhat.mul(g.mul(xhat).mean(dims, true))).mul(scale) : g.mul(scale);
        }
        return new Tensor[] {gx, nd.needsInputGrad(1) ? g.mul(xhat).sum(dims, false) : null,
            nd.needsInputGrad(2) ? g.sum(dims, false) : null};
    }

    /**
     * The running statistics after the kernel wrote their dense versions: copied back when those
     * were copies of strided views, and marked modified, so a graph that saved them notices.
     */
    private static void updatedInPlace(Tensor denseMean, Tensor runningMean, Tensor denseVar, Tensor runningVar) {
        if (denseMean != runningMean) runningMean.backend().copy(denseMean, runningMean);
        if (denseVar != runningVar) runningVar.backend().copy(denseVar, runningVar);
        runningMean.storage().bumpVersion();
        runningVar.storage().bumpVersion();
    }

    /** An optional per-channel tensor: [C], on input's device, of input's dtype. */
    private static void perChannel(String op, Tensor input, Tensor t, String what, long c) {
        if (t == null) return;
        Check.tensor(op, t, what);
        Check.sameDevice(op, input, t);
        if (t.dim() != 1 || t.shapeRef()[0] != c) {
            throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " must have one entry per channel: input "
                    + input.describe() + " has " + c + " channels");
        }
        sameDtype(op, input, t, what);
    }

    private static void sameDtype(String op, Tensor input, Tensor t, String what) {
        if (t.dtype() != input.dtype()) {
            throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " must have the input's dtype "
                    + input.dtype() + " (input " + input.describe() + ")");
        }
    }

    private static void checkEps(String op, double eps) {
        if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException(op + ": eps must be >= 0 and finite, got " + eps);
    }

    // ================================================================== layer norm

    /**
     * Layer norm over the trailing dims given by {@code normalizedShape}, as
     * torch.nn.functional.layer_norm: (x - mean) / sqrt(var + eps) * weight + bias with the mean
     * and biased variance of each of input's trailing-dims blocks; weight and bias (null = none)
     * have shape normalizedShape. Gradients flow to input, weight and bias.
     */
    public static Tensor layerNorm(Tensor input, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        String op = LAYER_NORM.name();
        Check.tensor(op, input, "input");
        if (normalizedShape == null) throw new NullPointerException(op + ": normalized_shape is null");
        Check.floating(op, input);
        int k = normalizedShape.length, r = input.dim();
        long[] trailing = r >= k ? Arrays.copyOfRange(input.shapeRef(), r - k, r) : null;
        if (k == 0 || !Arrays.equals(trailing, normalizedShape)) {
            throw new IllegalArgumentException(op + ": normalized_shape " + Shape.str(normalizedShape)
                    + " must be non-empty and match the trailing dims of input " + input.describe()
                    + " (expected an input of shape [*" + (k == 0 ? "]" : ", " + Shape.str(normalizedShape).substring(1)) + ")");
        }
        for (Tensor t : new Tensor[] {weight, bias}) {
            if (t == null) continue;
            String what = t == weight ? "weight" : "bias";
            Check.tensor(op, t, what);
            Check.sameDevice(op, input, t);
            if (!Arrays.equals(t.shapeRef(), normalizedShape)) {
                throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " must have the normalized_shape "
                        + Shape.str(normalizedShape));
            }
            sameDtype(op, input, t, what);
        }
        checkEps(op, eps);
        long cols = Shape.numel(normalizedShape);
        long rows = cols == 0 ? 0 : input.numel() / cols;
        Backend be = input.backend();
        DType dt = input.dtype();
        Tensor out = Tensor.empty(be, dt, input.shapeRef());
        Tensor saveMean = Tensor.empty(be, dt, new long[] {rows});
        Tensor saveInvstd = Tensor.empty(be, dt, new long[] {rows});
        Tensor x = KernelArgs.dense(input), w = KernelArgs.dense(weight), b = KernelArgs.dense(bias);
        try {
            if (cols > 0) be.layerNormForward(x, cols, w, b, eps, out, saveMean, saveInvstd);
        } catch (RuntimeException e) {
            for (Tensor t : new Tensor[] {out, saveMean, saveInvstd}) t.close();
            throw e;
        } finally {
            KernelArgs.release(x, input);
            KernelArgs.release(w, weight);
            KernelArgs.release(b, bias);
        }
        if (Autograd.needed(input, weight, bias)) {
            long[] shape = normalizedShape.clone();
            Autograd.record(LAYER_NORM, out, new Tensor[] {input, weight, bias}, new Tensor[] {input, weight, saveMean, saveInvstd},
                    (nd, g) -> GradMode.isEnabled()
                            ? layerNormGradComposite(nd.saved(0), shape, nd.saved(1), g, eps, nd)
                            : layerNormGradFused(nd.saved(0), shape, nd.saved(1), nd.saved(2), nd.saved(3), g, nd));
        }
        saveMean.close(); // the graph holds its own aliases
        saveInvstd.close();
        return out;
    }

    private static Tensor[] layerNormGradFused(Tensor input, long[] normalizedShape, Tensor weight, Tensor mean, Tensor invstd,
                                               Tensor g, Node nd) {
        Backend be = input.backend();
        DType dt = input.dtype();
        long cols = Shape.numel(normalizedShape);
        Tensor gx = nd.needsInputGrad(0) ? Tensor.empty(be, dt, input.shapeRef()) : null;
        Tensor gw = nd.needsInputGrad(1) ? Tensor.empty(be, dt, normalizedShape) : null;
        Tensor gb = nd.needsInputGrad(2) ? Tensor.empty(be, dt, normalizedShape) : null;
        if (cols == 0) return new Tensor[] {gx, gw, gb};
        Tensor x = KernelArgs.dense(input), gd = KernelArgs.dense(g), w = KernelArgs.dense(weight);
        try {
            be.layerNormBackward(x, cols, gd, w, mean, invstd, gx, gw, gb);
        } finally {
            KernelArgs.release(x, input);
            KernelArgs.release(gd, g);
            KernelArgs.release(w, weight);
        }
        return new Tensor[] {gx, gw, gb};
    }

    /**
     * With differentiable ops, over the normalised (trailing) dims, xhat = (x - mean) invstd and
     * gw = g weight: gx = invstd (gw - mean(gw) - xhat mean(gw xhat)); gweight and gbias sum
     * g xhat and g over the leading dims.
     */
    private static Tensor[] layerNormGradComposite(Tensor x, long[] normalizedShape, Tensor weight, Tensor g, double eps, Node nd) {
        int r = x.dim(), k = normalizedShape.length;
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) dims[i] = r - k + i;
        Tensor centered = x.sub(x.mean(dims, true));
        Tensor invstd = centered.mul(centered).mean(dims, true).add(eps).rsqrt();
        Tensor xhat = centered.mul(invstd);
        Tensor gx = null;
        if (nd.needsInputGrad(0)) {
            Tensor gw = weight == null ? g : g.mul(weight);
            gx = gw.sub(gw.mean(dims, true)).sub(xhat.mul(gw.mul(xhat).mean(dims, true))).mul(invstd);
        }
        return new Tensor[] {gx, nd.needsInputGrad(1) ? Autograd.sumTo(g.mul(xhat), normalizedShape) : null,
            nd.needsInputGrad(2) ? Autograd.sumTo(g, normalizedShape) : null};
    }

    // ================================================================== embedding

    /**
     * Rows of {@code weight} [V, D] picked by integer {@code indices} of any shape: the result has
     * shape indices.shape + [D], as torch.nn.functional.embedding(indices, weight) (the table comes
     * first here, as in indexSelect). Every index must be in [0, V). The gradient flows to weight
     * (rows used several times accumulate).
     */
    public static Tensor embedding(Tensor weight, Tensor indices) { return embedding(weight, indices, null); }

    /**
     * As {@link #embedding(Tensor, Tensor)}, but row {@code paddingIdx} (in [-V, V); negative counts
     * from the end) receives no gradient, as padding_idx in PyTorch.
     */
    public static Tensor embedding(Tensor weight, Tensor indices, long paddingIdx) {
        return embedding(weight, indices, Long.valueOf(paddingIdx));
    }

    private static Tensor embedding(Tensor weight, Tensor indices, Long paddingIdx) {
        String op = EMBEDDING.name();
        Check.tensor(op, weight, "weight");
        Check.tensor(op, indices, "indices");
        Check.sameDevice(op, weight, indices);
        Check.floating(op, weight);
        if (weight.dim() != 2) throw new IllegalArgumentException(op + ": weight " + weight.describe() + " must be 2-D [V, D]");
        if (indices.dtype() != DType.I64 && indices.dtype() != DType.I32) {
            throw new IllegalArgumentException(op + ": indices must be i64 or i32, got " + indices.describe());
        }
        long vocab = weight.shapeRef()[0], dim = weight.shapeRef()[1];
        Long padding = paddingIdx;
        if (padding != null) {
            if (padding < -vocab || padding >= vocab) {
                throw new IllegalArgumentException(op + ": padding_idx " + padding + " out of range for " + vocab
                        + " embeddings (weight " + weight.describe() + ")");
            }
            if (padding < 0) padding += vocab;
        }
        long n = indices.numel();
        long[] outShape = Arrays.copyOf(indices.shapeRef(), indices.dim() + 1);
        outShape[indices.dim()] = dim;
        Backend be = weight.backend();
        Tensor out = Tensor.empty(be, weight.dtype(), outShape);
        Tensor flat = null;
        try (GradMode.Guard off = GradMode.noGrad()) {
            flat = flatLongs(indices, n);
            checkRange(op, weight, flat, vocab);
            try (Tensor rows = Views.reshape(out, n, dim)) {
                if (n > 0 && dim > 0) be.indexSelect(weight, 0, flat, rows);
            }
        } catch (RuntimeException e) {
            out.close();
            if (flat != null) flat.close();
            throw e;
        }
        if (Autograd.needed(weight)) {
            Long pad = padding;
            long[] weightShape = weight.shapeRef();
            Autograd.record(EMBEDDING, out, new Tensor[] {weight, null}, new Tensor[] {flat}, (nd, g) -> {
                Tensor grad = Indexing.indexAdd(Tensor.zeros(g.dtype(), weightShape), 0, nd.saved(0), Views.reshape(g, n, dim));
                if (pad == null) return new Tensor[] {grad, null};
                Tensor keep = Tensor.ones(g.dtype(), vocab, 1);
                keep.set(0, pad, 0);
                return new Tensor[] {grad.mul(keep), null};
            });
        }
        flat.close();
        return out;
    }

    /** indices as a new contiguous 1-D I64 tensor of n entries (the kernel's index layout). */
    private static Tensor flatLongs(Tensor indices, long n) {
        Tensor flat = Views.reshape(indices, n);
        if (flat.dtype() == DType.I64 && flat.isContiguous()) return flat;
        try {
            return flat.dtype() == DType.I64 ? Elementwise.copy(flat) : Elementwise.cast(flat, DType.I64);
        } finally {
            flat.close();
        }
    }

    /** Every index in [0, vocab); the message names an offending value (the smallest or the largest). */
    private static void checkRange(String op, Tensor weight, Tensor flat, long vocab) {
        if (flat.numel() == 0) return;
        long lo, hi;
        try (Tensor min = flat.min(); Tensor max = flat.max()) {
            lo = min.getLong();
            hi = max.getLong();
        }
        if (lo >= 0 && hi < vocab) return;
        long bad = lo < 0 ? lo : hi;
        throw new IndexOutOfBoundsException(op + ": index " + bad + " out of range for " + vocab + " embeddings (weight "
                + weight.describe() + ")");
    }
}
