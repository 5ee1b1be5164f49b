// Indexing: gather, scatter, index_select, masked_fill and where. Index tensors are i64 (i32 is
// accepted and widened); an index out of range is reported by the kernel with the index and size.
package dev.tessera.ops;

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

    public static final List<Op> ALL = List.of(GATHER, SCATTER, INDEX_SELECT, MASKED_FILL, WHERE);

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
                try {
                    x.backend().gather(x, d, idx, out);
                } catch (RuntimeException e) {
                    out.close();
                    throw e;
                }
            }
            return out;
        } finally {
            if (idx != index) idx.close();
        }
    }

    /** A copy of x with out[index[i][j]][j] = src[i][j] for dim 0 (and likewise), as torch.scatter. */
    public static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src) {
        String op = "scatter";
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
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        } finally {
            if (idx != index) idx.close();
            if (s != src) s.close();
        }
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
                try {
                    x.backend().indexSelect(x, d, dense, out);
                } catch (RuntimeException e) {
                    out.close();
                    throw e;
                }
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
            return out;
        } finally {
            if (ca != a) ca.close();
            if (cb != b) cb.close();
        }
    }
}
