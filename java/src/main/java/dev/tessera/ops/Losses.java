// Losses: the loss functions of the op table (mse, l1, huber, smooth_l1, binary cross entropy from
// probabilities and from logits, cross entropy from logits, nll, kl_div), each with PyTorch's
// reductions. The forward runs the fused native kernel (Backend.*Forward, native loss.h), which
// writes the unreduced loss; the reduction is done here. The backward sits next to each forward:
// a plain backward pass calls the fused backward kernel; a pass that records its own graph
// (createGraph, i.e. grad mode on during backward) computes the same gradient with differentiable
// ops instead, so gradients of gradients work. LossesTest checks that both paths agree.
package dev.tessera.ops;

import dev.tessera.autograd.Autograd;
import dev.tessera.autograd.GradMode;
import dev.tessera.autograd.Node;
import dev.tessera.backend.Backend;
import dev.tessera.backend.PointwiseLoss;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class Losses {
    private Losses() {}

    /** How the per-sample (or per-element) losses become the result, as PyTorch's {@code reduction}. */
    public enum Reduction {
        /** The average: over elements, or for cross_entropy / nll_loss sum(loss) / (summed weight of the non-ignored samples). */
        MEAN,
        /** The sum. */
        SUM,
        /** No reduction: one loss per sample (cross_entropy, nll_loss) or per element. */
        NONE,
        /** kl_div only: sum / batch size (dim 0), the mathematically correct KL mean. */
        BATCHMEAN
    }

    /** PyTorch's default ignore_index for cross_entropy and nll_loss. */
    public static final long DEFAULT_IGNORE_INDEX = -100;

    public static final Op MSE_LOSS = Op.of("mse_loss", Op.Family.LOSS, true);
    public static final Op L1_LOSS = Op.of("l1_loss", Op.Family.LOSS, true);
    public static final Op HUBER_LOSS = Op.of("huber_loss", Op.Family.LOSS, true);
    public static final Op SMOOTH_L1_LOSS = Op.of("smooth_l1_loss", Op.Family.LOSS, true);
    public static final Op BINARY_CROSS_ENTROPY = Op.of("binary_cross_entropy", Op.Family.LOSS, true);
    public static final Op BINARY_CROSS_ENTROPY_WITH_LOGITS = Op.of("binary_cross_entropy_with_logits", Op.Family.LOSS, true);
    public static final Op CROSS_ENTROPY = Op.of("cross_entropy", Op.Family.LOSS, true);
    public static final Op NLL_LOSS = Op.of("nll_loss", Op.Family.LOSS, true);
    public static final Op KL_DIV = Op.of("kl_div", Op.Family.LOSS, true);

    public static final List<Op> ALL = List.of(MSE_LOSS, L1_LOSS, HUBER_LOSS, SMOOTH_L1_LOSS, BINARY_CROSS_ENTROPY,
            BINARY_CROSS_ENTROPY_WITH_LOGITS, CROSS_ENTROPY, NLL_LOSS, KL_DIV);

    // ================================================================== regression losses

    /** mean((input - target)^2) (or sum / none); target has input's shape. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return pointwise(MSE_LOSS, PointwiseLoss.MSE, input, target, 0, reduction);
    }

    public static Tensor mseLoss(Tensor input, Tensor target) { return mseLoss(input, target, Reduction.MEAN); }

    /** mean(|input - target|); the gradient at input == target is 0. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return pointwise(L1_LOSS, PointwiseLoss.L1, input, target, 0, reduction);
    }

    public static Tensor l1Loss(Tensor input, Tensor target) { return l1Loss(input, target, Reduction.MEAN); }

    /** 0.5 d^2 for |d| < delta, else delta (|d| - delta / 2), d = input - target; delta > 0. */
    public static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction reduction) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("huber_loss: delta must be positive and finite, got " + delta);
        }
        return pointwise(HUBER_LOSS, PointwiseLoss.HUBER, input, target, delta, reduction);
    }

    public static Tensor huberLoss(Tensor input, Tensor target) { return huberLoss(input, target, 1.0, Reduction.MEAN); }

    /** 0.5 d^2 / beta for |d| < beta, else |d| - beta / 2; beta >= 0 (0 is L1). */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, double beta, Reduction reduction) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("smooth_l1_loss: beta must be >= 0 and finite, got " + beta);
        }
        return pointwise(SMOOTH_L1_LOSS, PointwiseLoss.SMOOTH_L1, input, target, beta, reduction);
    }

    public static Tensor smoothL1Loss(Tensor input, Tensor target) { return smoothL1Loss(input, target, 1.0, Reduction.MEAN); }

    private static Tensor pointwise(Op op, PointwiseLoss kind, Tensor input, Tensor target, double param, Reduction reduction) {
        String name = op.name();
        DType dt = pairDtype(name, input, target, reduction);
        Backend be = input.backend();
        boolean record = Autograd.needed(input, target);
        long n = input.numel();
        Tensor out;
        try (GradMode.Guard off = GradMode.noGrad()) {
            Tensor x = dense(input, dt);
            Tensor y = dense(target, dt);
            try {
                Tensor loss = Tensor.empty(be, dt, input.shapeRef());
                Outputs.written(loss, () -> { if (n > 0) be.pointwiseLossForward(kind, x, y, param, loss); });
                out = reduce(loss, reduction, n);
            } finally {
                if (x != input) x.close();
                if (y != target) y.close();
            }
        }
        if (record) {
            Autograd.record(op, out, new Tensor[] {input, target}, new Tensor[] {input, target}, (nd, g) -> {
                Tensor xs = nd.saved(0), ys = nd.saved(1);
                Tensor[] grads = GradMode.isEnabled()
                        ? pointwiseGradComposite(kind, param, xs, ys, upstreamComposite(g, reduction, n), nd)
                        : pairGradFused(xs, ys, g, reduction, n, n, dt, nd,
                        (x, y, gl, gx, gy) -> be.pointwiseLossBackward(kind, x, y, param, gl, gx, gy));
                return castBack(grads, xs, ys);
            });
        }
        return out;
    }

    /** A fused backward kernel of a two-input loss: writes gx and/or gy (either may be null). */
    private interface PairBackward {
        void run(Tensor x, Tensor y, Tensor upstream, Tensor gx, Tensor gy);
    }

    /**
     * The first-order gradients of a two-input loss from its fused kernel: dense inputs of dtype dt,
     * the upstream gradient spread over the elements (divided by {@code divisor} for a mean), and
     * gradients only for the inputs that need them.
     */
    private static Tensor[] pairGradFused(Tensor input, Tensor target, Tensor g, Reduction reduction, double divisor,
                                          long n, DType dt, Node nd, PairBackward kernel) {
        Backend be = input.backend();
        Tensor gx = nd.needsInputGrad(0) ? Tensor.empty(be, dt, input.shapeRef()) : null;
        Tensor gy = nd.needsInputGrad(1) ? Tensor.empty(be, dt, input.shapeRef()) : null;
        if (n == 0) return new Tensor[] {gx, gy};
        Tensor x = dense(input, dt), y = dense(target, dt), gl = upstreamFused(g, reduction, divisor, dt);
        try {
            kernel.run(x, y, gl, gx, gy);
        } finally {
            if (x != input) x.close();
            if (y != target) y.close();
            if (gl != g) gl.close();
        }
        return new Tensor[] {gx, gy};
    }

    /** The pointwise gradients written with differentiable ops; ge is the upstream gradient, broadcastable to d. */
    private static Tensor[] pointwiseGradComposite(PointwiseLoss kind, double param, Tensor x, Tensor y, Tensor ge, Node nd) {
        Tensor d = x.sub(y);
        Tensor dx;
        switch (kind) {
            case MSE: dx = d.mul(2.0); break;
            case L1: dx = d.sign(); break;
            case HUBER: dx = d.clamp(-param, param); break;
            default: dx = param == 0 ? d.sign() : d.div(param).clamp(-1, 1); break; // SMOOTH_L1
        }
        Tensor gx = Autograd.sumTo(dx.mul(ge), x.shapeRef());
        return new Tensor[] {nd.needsInputGrad(0) ? gx : null, nd.needsInputGrad(1) ? gx.neg() : null};
    }

    // ================================================================== binary cross entropy

    /**
     * Binary cross entropy of probabilities in [0, 1] against targets of the same shape (the log
     * terms clamped at -100, as PyTorch). A probability outside [0, 1] (NaN included) fails,
     * naming the element. Gradients flow to input and target.
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Reduction reduction) {
        String name = BINARY_CROSS_ENTROPY.name();
        DType dt = pairDtype(name, input, target, reduction);
        Backend be = input.backend();
        boolean record = Autograd.needed(input, target);
        long n = input.numel();
        Tensor out;
        try (GradMode.Guard off = GradMode.noGrad()) {
            Tensor x = dense(input, dt), y = dense(target, dt);
            try {
                Tensor loss = Tensor.empty(be, dt, input.shapeRef());
                Outputs.written(loss, () -> { if (n > 0) be.bceForward(x, y, loss); });
                out = reduce(loss, reduction, n);
            } finally {
                if (x != input) x.close();
                if (y != target) y.close();
            }
        }
        if (record) {
            Autograd.record(BINARY_CROSS_ENTROPY, out, new Tensor[] {input, target}, new Tensor[] {input, target}, (nd, g) -> {
                Tensor xs = nd.saved(0), ys = nd.saved(1);
                Tensor[] grads;
                if (GradMode.isEnabled()) {
                    Tensor ge = upstreamComposite(g, reduction, n);
                    Tensor gx = null, gy = null;
                    if (nd.needsInputGrad(0)) {
                        Tensor denom = xs.mul(xs.neg().add(1.0)).clamp(1e-12, Double.POSITIVE_INFINITY);
                        gx = Autograd.sumTo(xs.sub(ys).div(denom).mul(ge), xs.shapeRef());
                    }
                    if (nd.needsInputGrad(1)) gy = Autograd.sumTo(xs.neg().add(1.0).log().sub(xs.log()).mul(ge), ys.shapeRef());
                    grads = new Tensor[] {gx, gy};
                } else {
                    grads = pairGradFused(xs, ys, g, reduction, n, n, dt, nd,
                            (x, y, gl, gx, gy) -> be.bceBackward(x, y, gl, gx, gy));
                }
                return castBack(grads, xs, ys);
            });
        }
        return out;
    }

    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return binaryCrossEntropy(input, target, Reduction.MEAN);
    }

    /**
     * Binary cross entropy of logits (sigmoid folded in, finite for any finite logit) against
     * targets of the same shape; {@code posWeight} (null = none) weighs the positive term, one
     * value per entry of the last dim. Gradients flow to input and target; posWeight is a constant.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor posWeight, Reduction reduction) {
        String name = BINARY_CROSS_ENTROPY_WITH_LOGITS.name();
        DType dt = pairDtype(name, input, target, reduction);
        if (posWeight != null) {
            Check.tensor(name, posWeight, "pos_weight");
            Check.sameDevice(name, input, posWeight);
            floating(name, posWeight, "pos_weight");
            long last = input.dim() == 0 ? 1 : input.shapeRef()[input.dim() - 1];
            if (posWeight.dim() != 1 || posWeight.shapeRef()[0] != last) {
                throw new IllegalArgumentException(name + ": pos_weight " + posWeight.describe() + " must be 1-D with the size of"
                        + " the input's last dim (" + last + "), input " + input.describe());
            }
        }
        Backend be = input.backend();
        boolean record = Autograd.needed(input, target);
        long n = input.numel();
        Tensor out;
        Tensor pw = null;
        try (GradMode.Guard off = GradMode.noGrad()) {
            Tensor x = dense(input, dt), y = dense(target, dt);
            pw = posWeight == null ? null : dense(posWeight.detach(), dt);
            try {
                Tensor loss = Tensor.empty(be, dt, input.shapeRef());
                Tensor weight = pw;
                Outputs.written(loss, () -> { if (n > 0) be.bceWithLogitsForward(x, y, weight, loss); });
                out = reduce(loss, reduction, n);
            } finally {
                if (x != input) x.close();
                if (y != target) y.close();
            }
        } catch (RuntimeException e) {
            if (pw != null) pw.close();
            throw e;
        }
        if (record) {
            boolean hasPw = pw != null;
            Tensor[] save = hasPw ? new Tensor[] {input, target, pw} : new Tensor[] {input, target};
            Autograd.record(BINARY_CROSS_ENTROPY_WITH_LOGITS, out, new Tensor[] {input, target}, save, (nd, g) -> {
                Tensor xs = nd.saved(0), ys = nd.saved(1), p = hasPw ? nd.saved(2) : null;
                Tensor[] grads;
                if (GradMode.isEnabled()) {
                    Tensor ge = upstreamComposite(g, reduction, n);
                    Tensor gx = null, gy = null;
                    if (nd.needsInputGrad(0)) {
                        Tensor dx = p == null ? xs.sigmoid().sub(ys)
                                : p.sub(1.0).mul(ys).add(1.0).mul(xs.sigmoid()).sub(p.mul(ys));
                        gx = Autograd.sumTo(dx.mul(ge), xs.shapeRef());
                    }
                    if (nd.needsInputGrad(1)) {
                        Tensor dy = p == null ? xs.neg() : p.sub(1.0).mul(xs.neg().softplus()).sub(xs);
                        gy = Autograd.sumTo(dy.mul(ge), ys.shapeRef());
                    }
                    grads = new Tensor[] {gx, gy};
                } else {
                    grads = pairGradFused(xs, ys, g, reduction, n, n, dt, nd,
                            (x, y, gl, gx, gy) -> be.bceWithLogitsBackward(x, y, p, gl, gx, gy));
                }
                return castBack(grads, xs, ys);
            });
        }
        if (pw != null && pw != posWeight) pw.close();
        return out;
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, null, Reduction.MEAN);
    }

    // ================================================================== cross entropy and nll

    /**
     * Cross entropy from logits with integer class labels, as torch.nn.functional.cross_entropy:
     * logits [N, C] with labels [N], [C] with a 0-d label, or [N, C, d1, ...] with labels
     * [N, d1, ...]; optional class weights [C] (null = all 1, a constant); label smoothing in
     * [0, 1]; samples labelled ignoreIndex contribute nothing. MEAN divides by the summed weight
     * of the samples not ignored. Labels are i64 or i32; a label outside [0, C) fails.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor labels, Tensor weight, double labelSmoothing, long ignoreIndex,
                                      Reduction reduction) {
        return classLoss(CROSS_ENTROPY, logits, labels, weight, labelSmoothing, ignoreIndex, reduction);
    }

    public static Tensor crossEntropy(Tensor logits, Tensor labels, Reduction reduction) {
        return crossEntropy(logits, labels, null, 0, DEFAULT_IGNORE_INDEX, reduction);
    }

    public static Tensor crossEntropy(Tensor logits, Tensor labels) {
        return crossEntropy(logits, labels, null, 0, DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    /** Negative log likelihood of log-probabilities (log_softmax output), shapes and options as crossEntropy. */
    public static Tensor nllLoss(Tensor logProbs, Tensor labels, Tensor weight, long ignoreIndex, Reduction reduction) {
        return classLoss(NLL_LOSS, logProbs, labels, weight, 0, ignoreIndex, reduction);
    }

    public static Tensor nllLoss(Tensor logProbs, Tensor labels, Reduction reduction) {
        return nllLoss(logProbs, labels, null, DEFAULT_IGNORE_INDEX, reduction);
    }

    public static Tensor nllLoss(Tensor logProbs, Tensor labels) {
        return nllLoss(logProbs, labels, null, DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    /** Validates, then brings every accepted layout to the [N, C] + [N] the kernels take (with differentiable views). */
    private static Tensor classLoss(Op op, Tensor x, Tensor labels, Tensor weight, double smoothing, long ignoreIndex,
                                    Reduction reduction) {
        String name = op.name();
        String what = op == CROSS_ENTROPY ? "logits" : "input";
        Check.tensor(name, x, what);
        Check.tensor(name, labels, "labels");
        Check.sameDevice(name, x, labels);
        checkReduction(name, reduction);
        floating(name, x, what);
        if (labels.dtype() != DType.I64 && labels.dtype() != DType.I32) {
            throw new IllegalArgumentException(name + ": labels must be i64 or i32 class indices, got " + labels.describe()
                    + (labels.dtype().isFloat() && op == CROSS_ENTROPY ? " (class probabilities as targets are not supported)" : ""));
        }
        if (x.dim() == 0) {
            throw new IllegalArgumentException(name + ": " + what + " " + x.describe() + " must have a class dim ([N, C] or [C])");
        }
        int classDim = x.dim() == 1 ? 0 : 1;
        long c = x.shapeRef()[classDim];
        long[] want = new long[x.dim() - 1];
        for (int i = 0, j = 0; i < x.dim(); i++) if (i != classDim) want[j++] = x.shapeRef()[i];
        if (!Arrays.equals(labels.shapeRef(), want)) {
            if (labels.dim() == want.length && want.length > 0) {
                int k = 0;
                while (labels.shapeRef()[k] == want[k]) k++;
                throw new IllegalArgumentException(name + ": " + what + " " + Shape.str(x.shapeRef()) + " and labels "
                        + Shape.str(labels.shapeRef()) + " don't match (" + want[k] + " != " + labels.shapeRef()[k] + ")");
            }
            throw new IllegalArgumentException(name + ": labels " + labels.describe() + " must have shape " + Shape.str(want)
                    + " for " + what + " " + x.describe() + " (its shape without the class dim " + classDim + ")");
        }
        if (weight != null) {
            Check.tensor(name, weight, "weight");
            Check.sameDevice(name, x, weight);
            floating(name, weight, "weight");
            if (weight.dim() != 1 || weight.shapeRef()[0] != c) {
                throw new IllegalArgumentException(name + ": weight " + weight.describe() + " must be 1-D with one entry per class ("
                        + c + ")");
            }
        }
        if (!(smoothing >= 0 && smoothing <= 1)) {
            throw new IllegalArgumentException(name + ": label smoothing must be in [0, 1], got " + smoothing);
        }
        if (x.dim() == 2) return classLoss2d(op, x, labels, weight, smoothing, ignoreIndex, reduction);
        // [C] + 0-d: one sample; [N, C, d...] + [N, d...]: every position a sample (class dim moved last).
        // The views are recorded by autograd, so the gradient finds its way back to x's layout.
        Tensor moved = null, rows = null, flatLabels = null, out = null;
        try {
            if (x.dim() == 1) {
                rows = Views.reshape(x, 1, c);
            } else {
                int[] perm = new int[x.dim()];
                for (int i = 2; i < x.dim(); i++) perm[i - 1] = i;
                perm[x.dim() - 1] = 1;
                moved = Views.permute(x, perm);
                rows = Views.reshape(moved, -1, c);
            }
            flatLabels = Views.reshape(labels, -1);
            out = classLoss2d(op, rows, flatLabels, weight, smoothing, ignoreIndex, reduction);
            if (reduction != Reduction.NONE) {
                Tensor result = out;
                out = null;
                return result;
            }
            return Views.reshape(out, want);
        } finally {
            for (Tensor t : new Tensor[] {moved, rows, flatLabels, out}) if (t != null) t.close();
        }
    }

    private static Tensor classLoss2d(Op op, Tensor logits, Tensor labels, Tensor weight, double smoothing, long ignoreIndex,
                                      Reduction reduction) {
        boolean ce = op == CROSS_ENTROPY;
        DType dt = logits.dtype();
        Backend be = logits.backend();
        long n = logits.shapeRef()[0];
        long c = logits.shapeRef()[1];
        boolean record = Autograd.needed(logits);
        Tensor out;
        Tensor lab = null, w = null;
        double total;
        try (GradMode.Guard off = GradMode.noGrad()) {
            lab = labels.dtype() == DType.I64 && labels.isContiguous() ? labels : dense(labels, DType.I64);
            w = weight == null ? null : dense(weight.detach(), dt);
            Tensor x = dense(logits, dt);
            try {
                Tensor loss = Tensor.empty(be, dt, new long[] {n});
                try {
                    if (n > 0) {
                        total = ce ? be.crossEntropyForward(x, lab, w, smoothing, ignoreIndex, loss)
                                : be.nllForward(x, lab, w, ignoreIndex, loss);
                    } else {
                        total = 0;
                    }
                } catch (RuntimeException e) {
                    loss.close();
                    throw e;
                }
                out = reduce(loss, reduction, total);
            } finally {
                if (x != logits) x.close();
            }
        } catch (RuntimeException e) {
            if (lab != null && lab != labels) lab.close();
            if (w != null) w.close();
            throw e;
        }
        if (record) {
            List<Tensor> save = new ArrayList<>(List.of(logits, lab));
            if (w != null) save.add(w);
            boolean hasW = w != null;
            double totalWeight = total;
            Autograd.record(op, out, new Tensor[] {logits, null}, save.toArray(new Tensor[0]), (nd, g) -> {
                Tensor xs = nd.saved(0), l = nd.saved(1), ws = hasW ? nd.saved(2) : null;
                if (n * c == 0) return new Tensor[] {Tensor.zeros(xs.dtype(), xs.shape()), null};
                if (GradMode.isEnabled()) {
                    return new Tensor[] {classGradComposite(ce, xs, l, ws, smoothing, ignoreIndex, g, reduction, totalWeight), null};
                }
                Tensor gx = Tensor.empty(be, dt, xs.shapeRef());
                Tensor gl = upstreamFused(g, reduction, totalWeight, dt);
                Tensor x = ce ? dense(xs, dt) : null;
                try {
                    if (ce) be.crossEntropyBackward(x, l, ws, smoothing, ignoreIndex, gl, gx);
                    else be.nllBackward(l, ws, ignoreIndex, gl, gx);
                } finally {
                    if (x != null && x != xs) x.close();
                    if (gl != g) gl.close();
                }
                return new Tensor[] {gx, null};
            });
        }
        if (lab != labels) lab.close();
        if (w != null) w.close();
        return out;
    }

    /**
     * d loss / d x for cross entropy and nll with differentiable ops (only x's softmax depends on x):
     *   ce:  gx[i, j] = g_i ((1 - eps) w[y_i] (p_ij - [j == y_i]) + eps / C (W p_ij - w[j]))
     *   nll: gx[i, j] = -g_i w[y_i] [j == y_i]
     * with g_i the upstream gradient of sample i (0 for ignored samples) and W = sum(w).
     */
    private static Tensor classGradComposite(boolean ce, Tensor x, Tensor labels, Tensor weight, double eps, long ignoreIndex,
                                             Tensor g, Reduction reduction, double totalWeight) {
        DType dt = x.dtype();
        long n = x.shapeRef()[0], c = x.shapeRef()[1];
        Tensor valid = Elementwise.binary(Elementwise.NE, labels, ignoreIndex);
        Tensor safe = Indexing.where(valid, labels, Tensor.zeros(DType.I64));
        Tensor oneHot = Indexing.scatter(Tensor.zeros(dt, n, c), 1, Views.unsqueeze(safe, 1), Tensor.ones(dt, n, 1));
        Tensor w = weight != null ? weight : Tensor.ones(dt, c);
        Tensor wy = Indexing.gather(w, 0, safe);
        Tensor gi = valid.to(dt).mul(reduction == Reduction.MEAN ? g.mul(totalWeight == 0 ? 0 : 1 / totalWeight) : g);
        if (!ce) return oneHot.mul(wy.mul(gi).neg().unsqueeze(1));
        Tensor p = x.softmax(1);
        Tensor term = p.sub(oneHot).mul(wy.mul(1 - eps).unsqueeze(1));
        if (eps > 0) term = term.add(p.mul(w.sum()).sub(w).mul(eps / c));
        return term.mul(gi.unsqueeze(1));
    }

    // ================================================================== kl divergence

    /**
     * kl_div with input log-probabilities and target probabilities (or log-probabilities when
     * logTarget), pointwise xlogy(t, t) - t x, as torch.nn.functional.kl_div. MEAN averages over
     * every element (as PyTorch); BATCHMEAN divides the sum by the batch size (dim 0). Gradients
     * flow to input and target.
     */
    public static Tensor klDiv(Tensor input, Tensor target, boolean logTarget, Reduction reduction) {
        String name = KL_DIV.name();
        DType dt = pairDtype(name, input, target, Reduction.MEAN);
        if (reduction == null) throw new NullPointerException(name + ": reduction is null");
        Backend be = input.backend();
        boolean record = Autograd.needed(input, target);
        long n = input.numel();
        double divisor = reduction == Reduction.BATCHMEAN ? (input.dim() == 0 ? 1 : input.shapeRef()[0]) : n;
        Tensor out;
        try (GradMode.Guard off = GradMode.noGrad()) {
            Tensor x = dense(input, dt), y = dense(target, dt);
            try {
                Tensor loss = Tensor.empty(be, dt, input.shapeRef());
                Outputs.written(loss, () -> { if (n > 0) be.klDivForward(x, y, logTarget, loss); });
                out = reduce(loss, reduction == Reduction.BATCHMEAN ? Reduction.MEAN : reduction, divisor);
            } finally {
                if (x != input) x.close();
                if (y != target) y.close();
            }
        }
        if (record) {
            Reduction r = reduction == Reduction.BATCHMEAN ? Reduction.MEAN : reduction;
            Autograd.record(KL_DIV, out, new Tensor[] {input, target}, new Tensor[] {input, target}, (nd, g) -> {
                Tensor xs = nd.saved(0), ts = nd.saved(1);
                Tensor[] grads;
                if (GradMode.isEnabled()) {
                    Tensor ge = upstreamComposite(g, r, divisor);
                    Tensor gx = null, gt = null;
                    if (logTarget) {
                        Tensor et = ts.exp();
                        if (nd.needsInputGrad(0)) gx = et.neg().mul(ge);
                        if (nd.needsInputGrad(1)) gt = et.mul(ts.sub(xs).add(1.0)).mul(ge);
                    } else {
                        if (nd.needsInputGrad(0)) gx = ts.neg().mul(ge);
                        if (nd.needsInputGrad(1)) {
                            Tensor zero = ts.eq(0.0);
                            Tensor safe = Indexing.where(zero, Tensor.onesLike(ts), ts);
                            gt = Indexing.where(zero, Tensor.zeros(dt), safe.log().add(1.0).sub(xs)).mul(ge);
                        }
                    }
                    grads = new Tensor[] {gx == null ? null : Autograd.sumTo(gx, xs.shapeRef()),
                        gt == null ? null : Autograd.sumTo(gt, ts.shapeRef())};
                } else {
                    grads = pairGradFused(xs, ts, g, r, divisor, n, dt, nd,
                            (x, t, gl, gx, gt) -> be.klDivBackward(x, t, logTarget, gl, gx, gt));
                }
                return castBack(grads, xs, ts);
            });
        }
        return out;
    }

    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction) { return klDiv(input, target, false, reduction); }

    // ================================================================== shared helpers

    /** Checks an (input, target) pair of the same shape and floating dtypes; returns the dtype they compute in. */
    private static DType pairDtype(String op, Tensor input, Tensor target, Reduction reduction) {
        Check.tensor(op, input, "input");
        Check.tensor(op, target, "target");
        Check.sameDevice(op, input, target);
        if (reduction != Reduction.MEAN) checkReduction(op, reduction);
        floating(op, input, "input");
        floating(op, target, "target");
        if (!Arrays.equals(input.shapeRef(), target.shapeRef())) {
            throw new IllegalArgumentException(op + ": input " + input.describe() + " and target " + target.describe()
                    + " must have the same shape");
        }
        return DType.promote(input.dtype(), target.dtype());
    }

    private static void checkReduction(String op, Reduction reduction) {
        if (reduction == null) throw new NullPointerException(op + ": reduction is null");
        if (reduction == Reduction.BATCHMEAN) {
            throw new IllegalArgumentException(op + ": reduction BATCHMEAN is only defined for kl_div (use MEAN, SUM or NONE)");
        }
    }

    private static void floating(String op, Tensor t, String what) {
        if (!t.dtype().isFloat()) {
            throw new IllegalArgumentException(op + ": " + what + " must be floating-point, got " + t.describe()
                    + " (convert with .to(DType.F32))");
        }
    }

    /** t itself when it is contiguous and of dtype dt, else a contiguous copy converted to dt. */
    private static Tensor dense(Tensor t, DType dt) {
        if (t.dtype() == dt) return t.isContiguous() ? t : Elementwise.copy(t);
        return Elementwise.cast(t, dt); // a cast allocates a new contiguous tensor
    }

    /** The unreduced loss reduced: NONE keeps it, SUM sums, MEAN divides the sum by {@code divisor}. */
    private static Tensor reduce(Tensor loss, Reduction reduction, double divisor) {
        if (reduction == Reduction.NONE) return loss;
        try {
            Tensor sum = loss.sum();
            if (reduction == Reduction.SUM) return sum;
            try {
                return sum.div(divisor);
            } finally {
                sum.close();
            }
        } finally {
            loss.close();
        }
    }

    /** The upstream gradient as the fused backward kernels take it: one value (MEAN, SUM) or one per loss (NONE), contiguous, in dt. */
    private static Tensor upstreamFused(Tensor g, Reduction reduction, double divisor, DType dt) {
        if (reduction == Reduction.MEAN) {
            Tensor gd = g.dtype() == dt ? g : g.to(dt);
            try {
                return gd.mul(divisor == 0 ? 0 : 1 / divisor);
            } finally {
                if (gd != g) gd.close();
            }
        }
        return dense(g, dt);
    }

    /** The upstream gradient for the composite backward, broadcastable to the loss's elements. */
    private static Tensor upstreamComposite(Tensor g, Reduction reduction, double divisor) {
        return reduction == Reduction.MEAN ? g.mul(divisor == 0 ? 0 : 1 / divisor) : g;
    }

    /** Gradients converted back to their inputs' dtypes (an f32 input with an f64 target computed in f64). */
    private static Tensor[] castBack(Tensor[] grads, Tensor a, Tensor b) {
        Tensor[] in = {a, b};
        for (int i = 0; i < grads.length; i++) {
            Tensor gi = grads[i];
            if (gi == null || gi.dtype() == in[i].dtype()) continue;
            grads[i] = gi.to(in[i].dtype());
            if (!GradMode.isEnabled()) gi.close(); // a plain pass: the computed-dtype gradient is a temporary
        }
        return grads;
    }
}
