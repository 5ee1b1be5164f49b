// Indexing: gather, scatter, index_select, masked_fill and where. Index tensors are i64 (i32 is
// accepted and widened); an index out of range is reported by the kernel with the index and size.
package dev.tessera.ops;

import dev.tessera.autograd.Autograd;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.List;

public final class Indexing {
    private Indexing() {}

    public static final Op GATHER = Op.of("gather", Op.Family.INDEXING, true);
    public static final Op SCATTER = Op.of("scatter", Op.Family.INDEXING, true);
    public static final Op INDEX_SELECT = Op.of("index_select", Op.Family.INDEXING, true);
    public static final Op MASKED_FILL = Op.of("masked_fill", Op.Family.INDEXING, true);
    public static final Op WHERE = Op.of("where", Op.Family.INDEXING, true);
    public static final Op SCATTER_ADD = Op.of("scatter_add", Op.Family.INDEXING, true);
    public static final Op INDEX_ADD = Op.of("index_add", Op.Family.INDEXING, true);

    public static final List<Op> ALL = List.of(GATHER, SCATTER, INDEX_SELECT, MASKED_FILL, WHERE, SCATTER_ADD, INDEX_ADD);

    private static Tensor asI64(Tensor index) {
        return index.dtype() == DType.I64 ? index : Elementwise.cast(index, DType.I64);
    }

    /** out[i][j] = x[index[i][j]][j] for dim 0 (and likewise for other dims), as torch.gather. */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        String op = "gather";
        Check.tensor(op, x, "input");
        Check.tensor(op, index, "index");
        Check.sameDevice(op, x, index);
        Check.indexDtype(op, index);
        int d = Shape.axis(op, dim, x.dim());
        sameRankAndFits(op, x, index, d, "input");
        if (x.dim() == 0) return Elementwise.copy(x);
        Tensor idx = asI64(index);
        try {
            Tensor out = Tensor.empty(x.backend(), x.dtype(), index.shapeRef());
            if (out.numel() > 0) {
                Outputs.written(out, () -> x.backend().gather(x, d, idx, out));
            }
            if (Autograd.needed(x)) {
                long[] in = x.shapeRef();
                Autograd.record(GATHER, out, new Tensor[] {x, null}, new Tensor[] {idx}, (n, g) -> new Tensor[] {
                    scatterAdd(Tensor.zeros(g.dtype(), in), d, n.saved(0), g), null});
            }
            return out;
        } finally {
            if (idx != index) idx.close();
        }
    }

    /** A copy of x with out[index[i][j]][j] = src[i][j] for dim 0 (and likewise), as torch.scatter. */
    public static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src) {
        String op = "scatter";
        int d = checkScatter(op, x, dim, index, src);
        Tensor out = Elementwise.copy(x);
        if (index.numel() == 0) return out;
        if (x.dim() == 0) {
            // A 0-d input is one element, as in PyTorch: index 0 (or -1) writes src's value.
            long i = index.getLong();
            if (i != 0 && i != -1) {
                out.close();
                throw new IllegalArgumentException(op + ": index " + i + " out of range for a 0-d input");
            }
            x.backend().copy(src, out);
            return out;
        }
        Tensor idx = asI64(index);
        Tensor s = src.dtype() == x.dtype() ? src : Elementwise.cast(src, x.dtype());
        try {
            x.backend().scatter(s, d, idx, out);
            if (Autograd.needed(x, src)) {
                Autograd.record(SCATTER, out, new Tensor[] {x, null, src}, new Tensor[] {idx}, (n, g) -> new Tensor[] {
                    n.needsInputGrad(0) ? scatter(g, d, n.saved(0), Tensor.zeros(g.dtype(), n.inputShape(2))) : null, null,
                    n.needsInputGrad(2) ? padWithZeros(gather(g, d, n.saved(0)), n.inputShape(2)) : null});
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        } finally {
            if (idx != index) idx.close();
            if (s != src) s.close();
        }
    }

    /**
     * t (index-shaped) grown with zeros to shape: src may be larger than index, and the elements
     * index never reaches get no gradient. Built from cat so it stays differentiable.
     */
    private static Tensor padWithZeros(Tensor t, long[] shape) {
        Tensor out = t;
        for (int k = 0; k < shape.length; k++) {
            long missing = shape[k] - out.shapeRef()[k];
            if (missing <= 0) continue;
            long[] zs = out.shape();
            zs[k] = missing;
            out = Joining.cat(k, out, Tensor.zeros(out.dtype(), zs));
        }
        return out;
    }

    /**
     * The arguments scatter and scatter_add share: index (integer) has the rank of x and src, fits
     * x off {@code dim} and src everywhere. Returns the normalised dim.
     */
    private static int checkScatter(String op, Tensor x, int dim, Tensor index, Tensor src) {
        Check.tensor(op, x, "input");
        Check.tensor(op, index, "index");
        Check.tensor(op, src, "src");
        Check.sameDevice(op, x, index);
        Check.sameDevice(op, x, src);
        Check.indexDtype(op, index);
        int d = Shape.axis(op, dim, x.dim());
        sameRankAndFits(op, x, index, d, "input");
        if (src.dim() != index.dim()) {
            throw new IllegalArgumentException(op + ": src " + src.describe() + " and index " + index.describe() + " must have the same rank");
        }
        for (int k = 0; k < index.dim(); k++) {
            if (index.shapeRef()[k] > src.shapeRef()[k]) {
                throw new IllegalArgumentException(op + ": index " + index.describe() + " is larger than src " + src.describe() + " in dim " + k);
            }
        }
        return d;
    }

    /** index must have x's rank and be no larger than x in every dim but {@code dim}. */
    private static void sameRankAndFits(String op, Tensor x, Tensor index, int d, String what) {
        if (index.dim() != x.dim()) {
            throw new IllegalArgumentException(op + ": index " + index.describe() + " and " + what + " " + x.describe()
                    + " must have the same rank");
        }
        for (int k = 0; k < x.dim(); k++) {
            if (k != d && index.shapeRef()[k] > x.shapeRef()[k]) {
                throw new IllegalArgumentException(op + ": index " + index.describe() + " is larger than " + what + " "
                        + x.describe() + " in dim " + k);
            }
        }
    }

    /** The entries of x at the given positions along dim; index is 1-D (or 0-D). */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        String op = "index_select";
        Check.tensor(op, x, "input");
        Check.tensor(op, index, "index");
        Check.sameDevice(op, x, index);
        Check.indexDtype(op, index);
        if (index.dim() > 1) throw new IllegalArgumentException(op + ": index must be 1-D, got " + index.describe());
        int d = Shape.axis(op, dim, x.dim());
        Tensor idx = asI64(index);
        Tensor dense = idx.isContiguous() ? idx : Elementwise.copy(idx);
        try {
            long[] shape = x.dim() == 0 ? new long[0] : x.shape();
            if (x.dim() > 0) shape[d] = index.numel();
            Tensor out = Tensor.empty(x.backend(), x.dtype(), shape);
            if (x.dim() == 0) {
                if (index.numel() != 1) {
                    out.close();
                    throw new IllegalArgumentException(op + ": a 0-d input needs exactly one index, got " + index.describe());
                }
                long i = dense.getLong(dense.dim() == 0 ? new long[0] : new long[] {0});
                if (i != 0 && i != -1) {
                    out.close();
                    throw new IllegalArgumentException(op + ": index " + i + " out of range for a 0-d input");
                }
                x.backend().copy(x, out);
                return out;
            }
            if (out.numel() > 0 || index.numel() > 0) {
                Outputs.written(out, () -> x.backend().indexSelect(x, d, dense, out));
            }
            if (Autograd.needed(x)) {
                long[] in = x.shapeRef();
                Autograd.record(INDEX_SELECT, out, new Tensor[] {x, null}, new Tensor[] {dense}, (n, g) -> new Tensor[] {
                    indexAdd(Tensor.zeros(g.dtype(), in), d, n.saved(0), g), null});
            }
            return out;
        } finally {
            if (dense != idx) dense.close();
            if (idx != index) idx.close();
        }
    }

    /** x with value wherever mask (bool, broadcastable to x) is true. */
    public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        String op = "masked_fill";
        Check.tensor(op, x, "input");
        Check.tensor(op, mask, "mask");
        Check.sameDevice(op, x, mask);
        if (mask.dtype() != DType.BOOL) throw new IllegalArgumentException(op + ": mask must be bool, got " + mask.describe());
        long[] shape = Shape.broadcast(op, x.shapeRef(), mask.shapeRef());
        if (!java.util.Arrays.equals(shape, x.shapeRef())) {
            throw new IllegalArgumentException(op + ": mask " + mask.describe() + " must broadcast to the input's shape "
                    + Shape.str(x.shapeRef()) + ", not enlarge it to " + Shape.str(shape));
        }
        Check.representable(op, x.dtype(), value);
        Tensor fill = Tensor.empty(x.backend(), x.dtype(), Shape.SCALAR);
        try {
            x.backend().fill(fill, value);
            Tensor out = Tensor.empty(x.backend(), x.dtype(), shape);
            x.backend().where(mask, fill, x, out);
            if (Autograd.needed(x)) {
                Autograd.record(MASKED_FILL, out, new Tensor[] {x, null}, new Tensor[] {mask}, (n, g) -> new Tensor[] {
                    maskedFill(g, n.saved(0), 0), null});
            }
            return out;
        } finally {
            fill.close();
        }
    }

    /** condition ? a : b elementwise, with broadcasting of all three and dtype promotion of a and b. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        String op = "where";
        Check.tensor(op, condition, "condition");
        Check.tensor(op, a, "input");
        Check.tensor(op, b, "other");
        Check.sameDevice(op, condition, a);
        Check.sameDevice(op, a, b);
        if (condition.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(op + ": condition must be bool, got " + condition.describe());
        }
        DType dt = Elementwise.resultType(a, b);
        long[] shape = Shape.broadcast(op, Shape.broadcast(op, condition.shapeRef(), a.shapeRef()), b.shapeRef());
        Tensor ca = a.dtype() == dt ? a : Elementwise.cast(a, dt);
        Tensor cb = b.dtype() == dt ? b : Elementwise.cast(b, dt);
        try {
            Tensor out = Tensor.empty(a.backend(), dt, shape);
            a.backend().where(condition, ca, cb, out);
            if (Autograd.needed(ca, cb)) {
                Autograd.record(WHERE, out, new Tensor[] {null, ca, cb}, new Tensor[] {condition}, (n, g) -> {
                    Tensor c = n.saved(0);
                    Tensor zero = Tensor.zeros(g.dtype());
                    return new Tensor[] {null,
                        n.needsInputGrad(1) ? Autograd.sumTo(where(c, g, zero), n.inputShape(1)) : null,
                        n.needsInputGrad(2) ? Autograd.sumTo(where(c, zero, g), n.inputShape(2)) : null};
                });
            }
            return out;
        } finally {
            if (ca != a) ca.close();
            if (cb != b) cb.close();
        }
    }

    /**
     * A copy of x with src[i][j] added at [index[i][j]][j] for dim 0 (and likewise for other dims),
     * as torch.scatter_add: repeated indices accumulate. index has x's rank, fits x off dim and src
     * everywhere; src is converted to x's dtype. The backward of gather.
     */
    public static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
        String op = "scatter_add";
        int d = checkScatter(op, x, dim, index, src);
        Tensor out = Elementwise.copy(x);
        if (index.numel() == 0) return out;
        Tensor idx = asI64(index);
        Tensor s = src.dtype() == x.dtype() ? src : Elementwise.cast(src, x.dtype());
        try {
            x.backend().scatterAdd(s, d, idx, out);
            if (Autograd.needed(x, src)) {
                Autograd.record(SCATTER_ADD, out, new Tensor[] {x, null, src}, new Tensor[] {idx}, (n, g) -> new Tensor[] {
                    n.needsInputGrad(0) ? g : null, null,
                    n.needsInputGrad(2) ? padWithZeros(gather(g, d, n.saved(0)), n.inputShape(2)) : null});
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        } finally {
            if (idx != index) idx.close();
            if (s != src) s.close();
        }
    }

    /**
     * A copy of x with the slices of src along dim added at the positions index names, as
     * torch.index_add: out[.., index[i], ..] += src[.., i, ..]; repeated indices accumulate. index is
     * 1-D (or 0-D) with src.shape[dim] entries; src has x's shape except along dim and is converted
     * to x's dtype. The backward of index_select.
     */
    public static Tensor indexAdd(Tensor x, int dim, Tensor index, Tensor src) {
        String op = "index_add";
        Check.tensor(op, x, "input");
        Check.tensor(op, index, "index");
        Check.tensor(op, src, "source");
        Check.sameDevice(op, x, index);
        Check.sameDevice(op, x, src);
        Check.indexDtype(op, index);
        if (index.dim() > 1) throw new IllegalArgumentException(op + ": index must be 1-D, got " + index.describe());
        int d = Shape.axis(op, dim, x.dim());
        if (src.dim() != x.dim()) {
            throw new IllegalArgumentException(op + ": source " + src.describe() + " and input " + x.describe() + " must have the same rank");
        }
        for (int k = 0; k < x.dim(); k++) {
            if (k != d && src.shapeRef()[k] != x.shapeRef()[k]) {
                throw new IllegalArgumentException(op + ": source " + src.describe() + " and input " + x.describe() + " differ in dim "
                        + k + " (" + src.shapeRef()[k] + " vs " + x.shapeRef()[k] + "); only dim " + d + " may differ");
            }
        }
        long entries = x.dim() == 0 ? 1 : src.shapeRef()[d];
        if (index.numel() != entries) {
            throw new IllegalArgumentException(op + ": index " + index.describe() + " has " + index.numel() + " entries but source "
                    + src.describe() + " has " + entries + " along dim " + d);
        }
        Tensor out = Elementwise.copy(x);
        if (index.numel() == 0) return out;
        Tensor idx = asI64(index);
        Tensor dense = idx.isContiguous() ? idx : Elementwise.copy(idx);
        Tensor s = src.dtype() == x.dtype() ? src : Elementwise.cast(src, x.dtype());
        try {
            x.backend().indexAdd(s, d, dense, out);
            if (Autograd.needed(x, src)) {
                Autograd.record(INDEX_ADD, out, new Tensor[] {x, null, src}, new Tensor[] {dense}, (n, g) -> new Tensor[] {
                    n.needsInputGrad(0) ? g : null, null,
                    n.needsInputGrad(2) ? indexSelect(g, d, n.saved(0)) : null});
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        } finally {
            if (dense != idx) dense.close();
            if (idx != index) idx.close();
            if (s != src) s.close();
        }
    }
}
