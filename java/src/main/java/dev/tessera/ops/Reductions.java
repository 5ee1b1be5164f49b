// Reductions: sum, mean, prod, max, min, argmax, argmin, var, std, logsumexp, norm over any set of
// axes (with keepdim), and softmax/log_softmax along one axis. The native kernels reduce the middle
// axis of a contiguous [outer, n, inner] block; this file arranges the input into that form.
package dev.tessera.ops;

import dev.tessera.autograd.Autograd;
import dev.tessera.autograd.Node;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

public final class Reductions {
    private Reductions() {}

    // Codes mirror native/include/tessera/reduce.h.
    public static final ReduceOp SUM = new ReduceOp("sum", 0, ReduceOp.Result.WIDEN_INTEGERS, true);
    public static final ReduceOp MEAN = new ReduceOp("mean", 1, ReduceOp.Result.FLOAT_ONLY, true);
    public static final ReduceOp PROD = new ReduceOp("prod", 2, ReduceOp.Result.WIDEN_INTEGERS, true);
    public static final ReduceOp MAX = new ReduceOp("max", 3, ReduceOp.Result.SAME, true);
    public static final ReduceOp MIN = new ReduceOp("min", 4, ReduceOp.Result.SAME, true);
    public static final ReduceOp ARGMAX = new ReduceOp("argmax", 5, ReduceOp.Result.INDEX, false);
    public static final ReduceOp ARGMIN = new ReduceOp("argmin", 6, ReduceOp.Result.INDEX, false);
    public static final ReduceOp VAR = new ReduceOp("var", 7, ReduceOp.Result.FLOAT_ONLY, true);
    public static final ReduceOp STD = new ReduceOp("std", 8, ReduceOp.Result.FLOAT_ONLY, true);
    public static final ReduceOp LOGSUMEXP = new ReduceOp("logsumexp", 9, ReduceOp.Result.FLOAT_ONLY, true);
    public static final ReduceOp NORM = new ReduceOp("norm", 10, ReduceOp.Result.FLOAT_ONLY, true);

    public static final Op SOFTMAX = Op.of("softmax", Op.Family.NORMALIZATION, true);
    public static final Op LOG_SOFTMAX = Op.of("log_softmax", Op.Family.NORMALIZATION, true);

    public static final List<ReduceOp> ALL = List.of(SUM, MEAN, PROD, MAX, MIN, ARGMAX, ARGMIN, VAR, STD, LOGSUMEXP, NORM);

    /**
     * Reduces {@code dims} (null or empty: all axes). {@code param} is the correction of var/std
     * and the order p of norm; other ops ignore it.
     */
    public static Tensor reduce(ReduceOp op, Tensor x, int[] dims, boolean keepdim, double param) {
        String name = op.name();
        Check.tensor(name, x, "input");
        int[] axes = Check.axes(name, dims, x.dim());
        DType in = x.dtype();
        DType compute;
        switch (op.result()) {
            case WIDEN_INTEGERS: compute = in.isFloat() ? in : DType.I64; break;
            case FLOAT_ONLY:
                Check.floating(name, x);
                compute = in;
                break;
            default: compute = in == DType.BOOL ? DType.U8 : in;
        }
        if (op == NORM && Double.isNaN(param)) throw new IllegalArgumentException("norm: p must not be NaN");
        if (op == NORM && param < 0) throw new IllegalArgumentException("norm: p must be >= 0, got " + param);
        if ((op == VAR || op == STD) && (param < 0 || Double.isNaN(param))) {
            throw new IllegalArgumentException(name + ": correction must be >= 0, got " + param);
        }
        Tensor src = compute == in ? x : Elementwise.cast(x, compute);
        try {
            Tensor r = run(op, src, axes, keepdim, param, op.result() == ReduceOp.Result.INDEX ? DType.I64 : compute);
            if (op.differentiable() && Autograd.needed(x)) {
                // sum and mean need neither x nor the result; var needs x only.
                boolean usesX = op != SUM && op != MEAN;
                boolean usesOut = usesX && op != VAR;
                Autograd.record(op, r, new Tensor[] {x}, new Tensor[] {usesX ? x : null, usesOut ? r : null},
                        (n, g) -> new Tensor[] {reduceGrad(op, n, g, axes, keepdim, param)});
            }
            if (op.result() == ReduceOp.Result.SAME && in == DType.BOOL) {
                try {
                    return Elementwise.cast(r, DType.BOOL);
                } finally {
                    r.close();
                }
            }
            return r;
        } finally {
            if (src != x) src.close();
        }
    }

    /** argmax/argmin along one dim, or over the flattened tensor when dim is null. */
    public static Tensor argReduce(ReduceOp op, Tensor x, Integer dim, boolean keepdim) {
        Check.tensor(op.name(), x, "input");
        if (dim != null) return reduce(op, x, new int[] {dim}, keepdim, 0);
        if (x.dim() <= 1) return reduce(op, x, null, keepdim, 0);
        Tensor flat = Views.reshape(x, -1);
        try {
            Tensor r = reduce(op, flat, null, false, 0);
            if (!keepdim) return r;
            long[] ones = new long[x.dim()];
            Arrays.fill(ones, 1);
            try {
                return Views.reshape(r, ones);
            } finally {
                r.close();
            }
        } finally {
            flat.close();
        }
    }

    /** Gradient of a reduction for its input, with differentiable ops. */
    private static Tensor reduceGrad(ReduceOp op, Node n, Tensor g, int[] axes, boolean keepdim, double param) {
        Tensor x = n.saved(0);
        long[] shape = n.inputShape(0);
        Tensor out = n.saved(1) == null ? null : Autograd.unsqueezeReduced(n.saved(1), shape, axes, keepdim);
        Tensor ge = Autograd.unsqueezeReduced(g, shape, axes, keepdim).expand(shape);
        long count = 1;
        for (int a : axes) count *= shape[a];
        switch (op.code()) {
            case 0: return ge;                                                        // sum
            case 1: return ge.div((double) count);                                    // mean
            case 2: return ge.mul(out).div(x);                                        // prod (x != 0)
            case 3:                                                                   // max
            case 4: {                                                                 // min: ties share
                Tensor hit = x.eq(out).to(x.dtype());
                return ge.mul(hit).div(hit.sum(axes, true));
            }
            case 7:                                                                   // var
            case 8: {                                                                 // std
                Tensor centered = x.sub(x.mean(axes, true));
                Tensor dvar = centered.mul(2.0 / Math.max(0, count - param));
                return op == VAR ? ge.mul(dvar) : ge.mul(dvar).div(out.mul(2.0));
            }
            case 9: return ge.mul(x.sub(out).exp());                                  // logsumexp
            case 10: return ge.mul(normGrad(x, out.expand(shape), param, axes));      // norm
            default: throw new IllegalStateException(op.name() + " has no gradient");
        }
    }

    /** d ||x||_p / dx, 0 where the norm is 0. */
    private static Tensor normGrad(Tensor x, Tensor norm, double p, int[] axes) {
        if (p == 0) return Tensor.zerosLike(x);
        if (p == 1) return x.sign();
        Tensor zero = norm.eq(0.0);
        Tensor safeNorm = Indexing.where(zero, Tensor.onesLike(norm), norm);
        if (Double.isInfinite(p)) {
            Tensor hit = x.abs().eq(norm).to(x.dtype());
            return x.sign().mul(hit).div(hit.sum(axes, true));
        }
        Tensor r = x.sign().mul(x.abs().pow(p - 1)).div(safeNorm.pow(p - 1));
        return Indexing.where(zero, Tensor.zerosLike(x), r);
    }


    private static Tensor run(ReduceOp op, Tensor x, int[] axes, boolean keepdim, double param, DType outType) {
        long[] shape = x.shapeRef();
        int rank = shape.length;
        boolean[] reduced = new boolean[rank];
        for (int a : axes) reduced[a] = true;
        long[] outShape = outShape(shape, reduced, keepdim);
        long n = 1;
        for (int a : axes) n *= shape[a];
        long outNumel = Shape.numel(outShape);
        if (n == 0 && outNumel > 0 && (op == MAX || op == MIN || op == ARGMAX || op == ARGMIN)) {
            throw new IllegalArgumentException(op.name() + ": cannot reduce over an empty dimension (tensor " + x.describe()
                    + ", dims " + Arrays.toString(axes) + "); the result would have no value");
        }
        Tensor out = Tensor.empty(x.backend(), outType, outShape);
        if (outNumel == 0) return out;
        // Fast path: x is contiguous and the reduced axes are adjacent -> [outer, n, inner] directly.
        int first = axes.length == 0 ? rank : axes[0];
        int last = axes.length == 0 ? rank - 1 : axes[axes.length - 1];
        boolean adjacent = axes.length == 0 || last - first + 1 == axes.length;
        Tensor block = null;
        long outer;
        long inner;
        if (adjacent && x.isContiguous()) {
            outer = 1;
            for (int i = 0; i < first; i++) outer *= shape[i];
            inner = 1;
            for (int i = last + 1; i < rank; i++) inner *= shape[i];
            block = x;
        } else {
            // Move kept axes first and reduced axes last, then copy into that order.
            int[] perm = new int[rank];
            int k = 0;
            for (int i = 0; i < rank; i++) if (!reduced[i]) perm[k++] = i;
            for (int i = 0; i < rank; i++) if (reduced[i]) perm[k++] = i;
            Tensor permuted = Views.permute(x, perm);
            try {
                block = Elementwise.contiguous(permuted);
            } finally {
                permuted.close();
            }
            outer = outNumel;
            inner = 1;
        }
        try {
            x.backend().reduce(op, block, outer, n, inner, out, param);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        } finally {
            if (block != x) block.close();
        }
        return out;
    }

    private static long[] outShape(long[] shape, boolean[] reduced, boolean keepdim) {
        int kept = 0;
        for (boolean r : reduced) if (!r) kept++;
        long[] out = new long[keepdim ? shape.length : kept];
        int j = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!reduced[i]) out[j++] = shape[i];
            else if (keepdim) out[j++] = 1;
        }
        return out;
    }

    /** Softmax (or log-softmax) along dim; integer inputs compute in the default float dtype. */
    public static Tensor softmax(Tensor x, int dim, boolean log) {
        String name = log ? LOG_SOFTMAX.name() : SOFTMAX.name();
        Check.tensor(name, x, "input");
        int d = Shape.axis(name, dim, x.dim());
        DType dt = x.dtype().toFloat();
        Tensor src = dt == x.dtype() && x.isContiguous() ? x
                : dt == x.dtype() ? Elementwise.copy(x) : Elementwise.cast(x, dt);
        Tensor dense = src.isContiguous() ? src : Elementwise.copy(src);
        try {
            long[] shape = x.shapeRef();
            Tensor out = Tensor.empty(x.backend(), dt, shape);
            if (out.numel() == 0) return out;
            long outer = 1;
            for (int i = 0; i < d; i++) outer *= shape[i];
            long n = shape.length == 0 ? 1 : shape[d];
            long inner = 1;
            for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
            x.backend().softmax(dense, outer, n, inner, out, log);
            if (Autograd.needed(x)) {
                Autograd.record(log ? LOG_SOFTMAX : SOFTMAX, out, new Tensor[] {x}, new Tensor[] {out}, (nd, g) -> {
                    Tensor y = nd.saved(0);
                    Tensor gx = log ? g.sub(y.exp().mul(g.sum(new int[] {d}, true)))
                            : y.mul(g.sub(g.mul(y).sum(new int[] {d}, true)));
                    return new Tensor[] {gx};
                });
            }
            return out;
        } finally {
            if (dense != src) dense.close();
            if (src != x) src.close();
        }
    }
}
