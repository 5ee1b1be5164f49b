// Ref: the plain-Java float64 reference the op database checks every op against. A Ref is a
// dtype, a shape and its values in row-major order; the helpers below implement dtype rounding,
// broadcasting, reductions over axes, views, joins, indexing and matmul straight from PyTorch's
// definitions, with no attention to speed and no call into the library under test.
package dev.tessera.opdb;

import dev.tessera.ops.Losses;
import dev.tessera.tensor.DType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

final class Ref {
    final DType dtype;
    final long[] shape;
    final double[] v;

    private Ref(DType dtype, long[] shape, double[] v) {
        if (v.length != numel(shape)) throw new IllegalArgumentException("ref: " + v.length + " values for shape " + Arrays.toString(shape));
        this.dtype = dtype;
        this.shape = shape.clone();
        this.v = v;
    }

    /** A reference tensor; values are rounded to what {@code dtype} can hold. */
    static Ref of(DType dtype, long[] shape, double[] values) {
        double[] r = new double[values.length];
        for (int i = 0; i < r.length; i++) r[i] = round(dtype, values[i]);
        return new Ref(dtype, shape, r);
    }

    int rank() { return shape.length; }

    int numel() { return v.length; }

    static int numel(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return Math.toIntExact(n);
    }

    @Override
    public String toString() { return Arrays.toString(shape) + " " + dtype + " " + Arrays.toString(v); }

    // ------------------------------------------------------------------ dtypes

    /** x as stored in dtype: floats round to f32, integers wrap like C, bool is x != 0, float->int truncates. */
    static double round(DType dt, double x) {
        switch (dt) {
            case F32: return (float) x;
            case F64: return x;
            case I32: return (int) (long) x;
            case I64: return (long) x;
            case U8: return ((long) x) & 0xFF;
            default: return x != 0 ? 1 : 0;
        }
    }

    /** A long result of integer arithmetic as the dtype's two's-complement (or u8) hardware keeps it. */
    static double wrap(DType dt, long x) {
        switch (dt) {
            case I32: return (int) x;
            case U8: return x & 0xFF;
            default: return x;
        }
    }

    /** torch.promote_types: a higher category (bool < integer < float) wins, then the wider type; u8+i32 -> i32. */
    static DType promote(DType a, DType b) {
        if (a == b) return a;
        int ca = category(a), cb = category(b);
        if (ca != cb) return ca > cb ? a : b;
        return a.size() >= b.size() ? a : b;
    }

    static int category(DType d) { return d == DType.BOOL ? 0 : d.isFloat() ? 2 : 1; }

    /** PyTorch's result_type for two tensors: a 0-d operand only matters when its category is higher. */
    static DType resultType(DType a, int rankA, DType b, int rankB) {
        if ((rankA == 0) == (rankB == 0)) return promote(a, b);
        DType dimensioned = rankA == 0 ? b : a;
        DType zeroDim = rankA == 0 ? a : b;
        return category(zeroDim) > category(dimensioned) ? zeroDim : dimensioned;
    }

    static DType resultType(Ref a, Ref b) { return resultType(a.dtype, a.rank(), b.dtype, b.rank()); }

    Ref to(DType target) { return of(target, shape, v); }

    // ------------------------------------------------------------------ indices

    static long[] unravel(int flat, long[] shape) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 0) return idx;
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    static int ravel(long[] idx, long[] shape) {
        long flat = 0;
        for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + idx[d];
        return (int) flat;
    }

    double at(long... idx) { return v[ravel(idx, shape)]; }

    static int axis(int dim, int rank) { return dim < 0 ? dim + Math.max(rank, 1) : dim; }

    /** A new Ref of {@code outShape} whose element at each index is this one's at {@code source(index)}. */
    Ref pick(long[] outShape, DType out, UnaryOperator<long[]> source) {
        double[] r = new double[numel(outShape)];
        for (int i = 0; i < r.length; i++) r[i] = at(source.apply(unravel(i, outShape)));
        return of(out, outShape, r);
    }

    // ------------------------------------------------------------------ elementwise

    Ref map(DType out, DoubleUnaryOperator f) {
        double[] r = new double[v.length];
        for (int i = 0; i < r.length; i++) r[i] = f.applyAsDouble(v[i]);
        return of(out, shape, r);
    }

    static long[] broadcast(long[] a, long[] b) {
        int n = Math.max(a.length, b.length);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long da = i < n - a.length ? 1 : a[i - (n - a.length)];
            long db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) throw new IllegalArgumentException("ref: can't broadcast");
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** This tensor's values read as the (broadcast) shape {@code target}. */
    Ref expandTo(long[] target) {
        int off = target.length - shape.length;
        return pick(target, dtype, idx -> {
            long[] src = new long[shape.length];
            for (int d = 0; d < shape.length; d++) src[d] = shape[d] == 1 ? 0 : idx[d + off];
            return src;
        });
    }

    static Ref zip(Ref a, Ref b, DType out, DoubleBinaryOperator f) {
        long[] shape = broadcast(a.shape, b.shape);
        Ref ea = a.expandTo(shape), eb = b.expandTo(shape);
        double[] r = new double[ea.v.length];
        for (int i = 0; i < r.length; i++) r[i] = f.applyAsDouble(ea.v[i], eb.v[i]);
        return of(out, shape, r);
    }

    static Ref where(Ref cond, Ref a, Ref b, DType out) {
        long[] shape = broadcast(broadcast(cond.shape, a.shape), b.shape);
        Ref c = cond.expandTo(shape), ea = a.expandTo(shape), eb = b.expandTo(shape);
        double[] r = new double[c.v.length];
        for (int i = 0; i < r.length; i++) r[i] = c.v[i] != 0 ? ea.v[i] : eb.v[i];
        return of(out, shape, r);
    }

    // ------------------------------------------------------------------ reductions

    /** Normalised, sorted axes; null/empty = all. A 0-d tensor has no axes to reduce. */
    static int[] axes(int[] dims, int rank) {
        if (dims == null || dims.length == 0 || rank == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) all[i] = i;
            return all;
        }
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) out[i] = axis(dims[i], rank);
        Arrays.sort(out);
        return out;
    }

    /** Applies f to each lane of values over the reduced axes (in row-major order). */
    Ref reduce(int[] dims, boolean keepdim, DType out, ToDoubleFunction<double[]> f) {
        int[] ax = axes(dims, rank());
        boolean[] red = new boolean[rank()];
        for (int a : ax) red[a] = true;
        List<Long> outShape = new ArrayList<>();
        List<Long> keptShape = new ArrayList<>();
        List<Long> redShape = new ArrayList<>();
        for (int d = 0; d < rank(); d++) {
            if (red[d]) {
                redShape.add(shape[d]);
                if (keepdim) outShape.add(1L);
            } else {
                keptShape.add(shape[d]);
                outShape.add(shape[d]);
            }
        }
        long[] kept = toArray(keptShape), rs = toArray(redShape);
        double[] r = new double[numel(kept)];
        double[] lane = new double[numel(rs)];
        for (int o = 0; o < r.length; o++) {
            long[] ko = unravel(o, kept);
            for (int j = 0; j < lane.length; j++) {
                long[] rj = unravel(j, rs);
                long[] idx = new long[rank()];
                for (int d = 0, k = 0, q = 0; d < rank(); d++) idx[d] = red[d] ? rj[q++] : ko[k++];
                lane[j] = at(idx);
            }
            r[o] = f.applyAsDouble(lane.clone());
        }
        return of(out, toArray(outShape), r);
    }

    /** Replaces each 1-D lane along dim by f(lane) (softmax and friends); same shape. */
    Ref alongDim(int dim, DType out, UnaryOperator<double[]> f) {
        if (rank() == 0) return of(out, shape, f.apply(v.clone()));
        int d = axis(dim, rank());
        double[] r = new double[v.length];
        long n = shape[d];
        for (int i = 0; i < v.length; i++) {
            long[] idx = unravel(i, shape);
            if (idx[d] != 0) continue;
            double[] lane = new double[(int) n];
            for (int j = 0; j < n; j++) {
                idx[d] = j;
                lane[j] = at(idx);
            }
            double[] res = f.apply(lane);
            for (int j = 0; j < n; j++) {
                idx[d] = j;
                r[ravel(idx, shape)] = res[j];
            }
        }
        return of(out, shape, r);
    }

    /** Compensated (Neumaier) summation: the reference should be closer to the truth than any kernel. */
    static double sum(double[] x) {
        double s = 0, c = 0;
        for (double e : x) {
            double t = s + e;
            c += Math.abs(s) >= Math.abs(e) ? (s - t) + e : (e - t) + s;
            s = t;
        }
        return Double.isFinite(s) ? s + c : s;
    }

    static double prod(double[] x) {
        double p = 1;
        for (double e : x) p *= e;
        return p;
    }

    static double mean(double[] x) { return sum(x) / x.length; }

    /** max/min with NaN propagation (as torch.max). */
    static double max(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double e : x) {
            if (Double.isNaN(e)) return e;
            m = Math.max(m, e);
        }
        return m;
    }

    static double min(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (double e : x) {
            if (Double.isNaN(e)) return e;
            m = Math.min(m, e);
        }
        return m;
    }

    /** First index of the extreme value; a NaN counts as the extreme. */
    static double argExtreme(double[] x, boolean max) {
        int best = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) return i;
            if (max ? x[i] > x[best] : x[i] < x[best]) best = i;
        }
        return best;
    }

    static double var(double[] x, double correction) {
        double m = mean(x);
        double[] sq = new double[x.length];
        for (int i = 0; i < x.length; i++) sq[i] = (x[i] - m) * (x[i] - m);
        return sum(sq) / Math.max(0, x.length - correction);
    }

    static double logsumexp(double[] x) {
        double m = max(x);
        if (Double.isInfinite(m) || Double.isNaN(m)) return x.length == 0 ? Double.NEGATIVE_INFINITY : m;
        double s = 0;
        for (double e : x) s += Math.exp(e - m);
        return m + Math.log(s);
    }

    static double norm(double[] x, double p) {
        if (p == Double.POSITIVE_INFINITY) {
            double m = 0;
            for (double e : x) m = Math.max(m, Math.abs(e));
            return m;
        }
        if (p == 0) {
            double c = 0;
            for (double e : x) if (e != 0) c++;
            return c;
        }
        double s = 0;
        for (double e : x) s += Math.pow(Math.abs(e), p);
        return Math.pow(s, 1 / p);
    }

    static double[] softmax(double[] x, boolean log) {
        double lse = logsumexp(x);
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) r[i] = log ? x[i] - lse : Math.exp(x[i] - lse);
        return r;
    }

    // ------------------------------------------------------------------ views

    Ref permute(int... dims) {
        long[] out = new long[rank()];
        for (int i = 0; i < dims.length; i++) out[i] = shape[axis(dims[i], rank())];
        return pick(out, dtype, idx -> {
            long[] src = new long[rank()];
            for (int i = 0; i < dims.length; i++) src[axis(dims[i], rank())] = idx[i];
            return src;
        });
    }

    Ref transpose(int a, int b) {
        if (rank() == 0) return this;
        int[] p = new int[rank()];
        for (int i = 0; i < p.length; i++) p[i] = i;
        int x = axis(a, rank()), y = axis(b, rank());
        p[x] = y;
        p[y] = x;
        return permute(p);
    }

    /** Python-style slice start:end:step (clamped) along dim. */
    Ref slice(int dim, long start, long end, long step) {
        int d = axis(dim, rank());
        long size = shape[d];
        long s = Math.min(Math.max(start < 0 ? start + size : start, 0), size);
        long e = Math.max(Math.min(Math.max(end < 0 ? end + size : end, 0), size), s);
        long[] out = shape.clone();
        out[d] = (e - s + step - 1) / step;
        return pick(out, dtype, idx -> {
            long[] src = idx.clone();
            src[d] = s + idx[d] * step;
            return src;
        });
    }

    Ref select(int dim, long index) {
        int d = axis(dim, rank());
        long i = index < 0 ? index + shape[d] : index;
        long[] out = new long[rank() - 1];
        for (int k = 0, j = 0; k < rank(); k++) if (k != d) out[j++] = shape[k];
        return pick(out, dtype, idx -> {
            long[] src = new long[rank()];
            for (int k = 0, j = 0; k < rank(); k++) src[k] = k == d ? i : idx[j++];
            return src;
        });
    }

    /** Same values in row-major order, new shape (one -1 allowed). */
    Ref reshape(long... newShape) {
        long[] s = newShape.clone();
        long known = 1;
        int infer = -1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) infer = i;
            else known *= s[i];
        }
        if (infer >= 0) s[infer] = v.length / known;
        return of(dtype, s, v.clone());
    }

    // ------------------------------------------------------------------ joins and indexing

    static Ref cat(int dim, List<Ref> parts) {
        Ref first = parts.get(0);
        int d = axis(dim, first.rank());
        DType dt = first.dtype;
        long total = 0;
        for (Ref p : parts) {
            dt = promote(dt, p.dtype);
            total += p.shape[d];
        }
        long[] out = first.shape.clone();
        out[d] = total;
        double[] r = new double[numel(out)];
        for (int i = 0; i < r.length; i++) {
            long[] idx = unravel(i, out);
            long at = idx[d];
            for (Ref p : parts) {
                if (at < p.shape[d]) {
                    idx[d] = at;
                    r[i] = p.at(idx);
                    break;
                }
                at -= p.shape[d];
            }
        }
        return of(dt, out, r);
    }

    static Ref stack(int dim, List<Ref> parts) {
        int rank = parts.get(0).rank();
        int d = dim < 0 ? dim + rank + 1 : dim;
        List<Ref> unsqueezed = new ArrayList<>();
        for (Ref p : parts) {
            long[] s = new long[rank + 1];
            for (int k = 0, j = 0; k <= rank; k++) s[k] = k == d ? 1 : p.shape[j++];
            unsqueezed.add(of(p.dtype, s, p.v));
        }
        return cat(d, unsqueezed);
    }

    /** torch.gather: out[i][j] = x[index[i][j]][j] for dim 0, and likewise. */
    static Ref gather(Ref x, int dim, Ref index) {
        if (x.rank() == 0) return x;
        int d = axis(dim, x.rank());
        return x.pick(index.shape, x.dtype, idx -> {
            long[] src = idx.clone();
            long i = (long) index.at(idx);
            src[d] = i < 0 ? i + x.shape[d] : i;
            return src;
        });
    }

    /** torch.scatter (no reduction): a copy of x with out[index[i][j]][j] = src[i][j] for dim 0. */
    static Ref scatter(Ref x, int dim, Ref index, Ref src) {
        double[] r = x.v.clone();
        if (x.rank() == 0) return of(x.dtype, x.shape, r);
        int d = axis(dim, x.rank());
        for (int i = 0; i < index.numel(); i++) {
            long[] idx = unravel(i, index.shape);
            long[] dst = idx.clone();
            long k = (long) index.v[i];
            dst[d] = k < 0 ? k + x.shape[d] : k;
            r[ravel(dst, x.shape)] = src.at(idx);
        }
        return of(x.dtype, x.shape, r);
    }

    static Ref indexSelect(Ref x, int dim, Ref index) {
        if (x.rank() == 0) return x;
        int d = axis(dim, x.rank());
        long[] out = x.shape.clone();
        out[d] = index.numel();
        return x.pick(out, x.dtype, idx -> {
            long[] src = idx.clone();
            long i = (long) index.v[(int) idx[d]];
            src[d] = i < 0 ? i + x.shape[d] : i;
            return src;
        });
    }

    /** torch.scatter_add: a copy of x with src[i][j] added at [index[i][j]][j] for dim 0; repeats accumulate in row-major order. */
    static Ref scatterAdd(Ref x, int dim, Ref index, Ref src) {
        double[] r = x.v.clone();
        int d = axis(dim, x.rank());
        for (int i = 0; i < index.numel(); i++) {
            long[] idx = unravel(i, index.shape);
            long[] dst = idx.clone();
            if (x.rank() > 0) {
                long k = (long) index.v[i];
                dst[d] = k < 0 ? k + x.shape[d] : k;
            }
            int at = ravel(dst, x.shape);
            r[at] = accumulate(x.dtype, r[at], src.at(idx));
        }
        return of(x.dtype, x.shape, r);
    }

    /** torch.index_add: a copy of x with src's slice i along dim added at slice index[i]; repeats accumulate. */
    static Ref indexAdd(Ref x, int dim, Ref index, Ref src) {
        double[] r = x.v.clone();
        int d = axis(dim, x.rank());
        for (int i = 0; i < src.numel(); i++) {
            long[] idx = unravel(i, src.shape);
            long[] dst = idx.clone();
            if (x.rank() > 0) {
                long k = (long) index.v[(int) idx[d]];
                dst[d] = k < 0 ? k + x.shape[d] : k;
            }
            int at = ravel(dst, x.shape);
            r[at] = accumulate(x.dtype, r[at], src.v[i]);
        }
        return of(x.dtype, x.shape, r);
    }

    /** a + b as stored in dtype after each addition: f32 rounds, integers wrap, bool is or. */
    private static double accumulate(DType dt, double a, double b) {
        if (dt == DType.BOOL) return a != 0 || b != 0 ? 1 : 0;
        if (dt.isFloat()) return round(dt, a + b);
        return wrap(dt, (long) a + (long) b);
    }

    // ------------------------------------------------------------------ matmul

    /** torch.matmul: 1-D operands get a dim added and removed again; batch dims broadcast. */
    static Ref matmul(Ref a, Ref b) {
        DType dt = promote(a.dtype, b.dtype);
        Ref a2 = a.rank() == 1 ? a.reshape(1, a.shape[0]) : a;
        Ref b2 = b.rank() == 1 ? b.reshape(b.shape[0], 1) : b;
        long m = a2.shape[a2.rank() - 2], k = a2.shape[a2.rank() - 1], n = b2.shape[b2.rank() - 1];
        long[] batch = broadcast(Arrays.copyOf(a2.shape, a2.rank() - 2), Arrays.copyOf(b2.shape, b2.rank() - 2));
        long[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = m;
        full[batch.length + 1] = n;
        Ref ea = a2.expandTo(concat(batch, m, k)), eb = b2.expandTo(concat(batch, k, n));
        double[] r = new double[numel(full)];
        for (int i = 0; i < r.length; i++) {
            long[] idx = unravel(i, full);
            long row = idx[batch.length], col = idx[batch.length + 1];
            double s = 0;
            for (long q = 0; q < k; q++) {
                idx[batch.length] = row;
                idx[batch.length + 1] = q;
                double x = ea.at(idx);
                idx[batch.length] = q;
                idx[batch.length + 1] = col;
                s += x * eb.at(idx);
            }
            r[i] = s;
        }
        List<Long> out = new ArrayList<>();
        for (long s : batch) out.add(s);
        if (a.rank() != 1) out.add(m);
        if (b.rank() != 1) out.add(n);
        return of(dt, toArray(out), r);
    }

    // ------------------------------------------------------------------ losses

    /**
     * Unreduced losses reduced as PyTorch does: NONE keeps them (in {@code shape}), SUM adds them,
     * MEAN and BATCHMEAN divide the sum by {@code divisor} (0/0 is NaN, as for an empty mean).
     */
    static Ref reduceLoss(double[] loss, long[] shape, Losses.Reduction r, double divisor, DType out) {
        switch (r) {
            case NONE: return of(out, shape, loss);
            case SUM: return of(out, new long[0], new double[] {sum(loss)});
            default: return of(out, new long[0], new double[] {sum(loss) / divisor});
        }
    }

    /** A pointwise loss f(x, y) of two same-shape inputs, computed in their promoted dtype. */
    static Ref pointwiseLoss(Ref x, Ref y, DoubleBinaryOperator f, Losses.Reduction r) {
        double[] l = new double[x.numel()];
        for (int i = 0; i < l.length; i++) l[i] = f.applyAsDouble(x.v[i], y.v[i]);
        double divisor = r == Losses.Reduction.BATCHMEAN ? (x.rank() == 0 ? 1 : x.shape[0]) : l.length;
        return reduceLoss(l, x.shape, r, divisor, promote(x.dtype, y.dtype));
    }

    static double huber(double d, double delta) {
        double a = Math.abs(d);
        return a < delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
    }

    static double smoothL1(double d, double beta) {
        double a = Math.abs(d);
        return a < beta ? 0.5 * d * d / beta : a - 0.5 * beta;
    }

    /** binary_cross_entropy of a probability x against y, logs clamped at -100. */
    static double bce(double x, double y) {
        return (y - 1) * Math.max(Math.log1p(-x), -100) - y * Math.max(Math.log(x), -100);
    }

    /** binary_cross_entropy_with_logits with positive weight p: (1 - y) x + (1 + (p - 1) y) softplus(-x). */
    static double bceWithLogits(double x, double y, double p) {
        return (1 - y) * x + (1 + (p - 1) * y) * softplus(-x);
    }

    /** bce with logits; posWeight (or null) applies along the last dim. */
    static Ref bceWithLogits(Ref x, Ref y, Ref posWeight, Losses.Reduction r) {
        double[] l = new double[x.numel()];
        long last = x.rank() == 0 ? 1 : x.shape[x.rank() - 1];
        for (int i = 0; i < l.length; i++) {
            double p = posWeight == null ? 1 : posWeight.v[(int) (i % last)];
            l[i] = bceWithLogits(x.v[i], y.v[i], p);
        }
        return reduceLoss(l, x.shape, r, l.length, promote(x.dtype, y.dtype));
    }

    /**
     * cross_entropy (ce) or nll_loss of x ([C], [N, C] or [N, C, d...]) against integer labels
     * (x's shape without the class dim), with optional class weights, label smoothing eps and an
     * ignored label; MEAN divides by the summed weight of the samples not ignored.
     */
    static Ref classLoss(Ref x, Ref labels, Ref weight, double eps, long ignore, boolean ce, Losses.Reduction r) {
        int classDim = x.rank() == 1 ? 0 : 1;
        int c = (int) x.shape[classDim];
        double[] loss = new double[labels.numel()];
        double total = 0;
        for (int i = 0; i < loss.length; i++) {
            long y = (long) labels.v[i];
            if (y == ignore) continue;
            long[] at = unravel(i, labels.shape);
            double[] row = new double[c];
            for (int j = 0; j < c; j++) {
                long[] idx = new long[x.rank()];
                for (int d = 0, k = 0; d < idx.length; d++) idx[d] = d == classDim ? j : at[k++];
                row[j] = x.at(idx);
            }
            double wy = weight == null ? 1 : weight.v[(int) y];
            total += wy;
            if (!ce) {
                loss[i] = -wy * row[(int) y];
                continue;
            }
            double lse = logsumexp(row);
            double l = (1 - eps) * wy * (lse - row[(int) y]);
            if (eps > 0) {
                double s = 0;
                for (int j = 0; j < c; j++) s += (weight == null ? 1 : weight.v[j]) * (lse - row[j]);
                l += eps / c * s;
            }
            loss[i] = l;
        }
        return reduceLoss(loss, labels.shape, r, total, x.dtype);
    }

    /** kl_div pointwise: xlogy(t, t) - t x, or exp(t) (t - x) for a log target. */
    static double klDiv(double x, double t, boolean logTarget) {
        if (logTarget) return Math.exp(t) * (t - x);
        return (t == 0 ? 0 : t * Math.log(t)) - t * x;
    }

    // ------------------------------------------------------------------ math Java lacks

    /** erf to ~1e-15: Taylor series near 0, continued fraction for erfc in the tails. */
    static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax < 2.5) {
            double term = ax, sum = ax, x2 = ax * ax;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -x2 / n;
                sum += term / (2 * n + 1);
            }
            return Math.copySign(2 / Math.sqrt(Math.PI) * sum, x);
        }
        if (ax > 27) return Math.copySign(1, x);
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))) (modified Lentz).
        double tiny = 1e-300, f = ax, c = ax, d = 0;
        for (int n = 1; n < 500; n++) {
            double an = n / 2.0;
            d = ax + an * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = ax + an / c;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        return Math.copySign(1 - erfc, x);
    }

    static double gelu(double x) { return 0.5 * x * (1 + erf(x / Math.sqrt(2))); }

    static double softplus(double x) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }

    static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    /** Integer power as the native kernel defines it: a negative exponent gives 0 unless |base| == 1. */
    static long intPow(long b, long e) {
        if (e < 0) return b == 1 ? 1 : b == -1 ? (e % 2 == 0 ? 1 : -1) : 0;
        long r = 1;
        for (long i = 0; i < e; i++) r *= b;
        return r;
    }

    // ------------------------------------------------------------------ small array helpers

    static long[] toArray(List<Long> xs) {
        long[] r = new long[xs.size()];
        for (int i = 0; i < r.length; i++) r[i] = xs.get(i);
        return r;
    }

    static long[] concat(long[] a, long... b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
