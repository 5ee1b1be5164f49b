// LinearAlgebra: matmul with torch.matmul's semantics (1-D dot and matrix-vector products, 2-D
// products, batched N-D products with broadcast batch dims) for f32 and f64. Each matrix goes to
// the selected gemm version as (address, row stride, transposed?) so transposed views need no copy.
package dev.tessera.ops;

import dev.tessera.autograd.Autograd;
import dev.tessera.kernels.Kernels;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.List;

public final class LinearAlgebra {
    private LinearAlgebra() {}

    public static final Op MATMUL = Op.of("matmul", Op.Family.LINALG, true);

    public static final List<Op> ALL = List.of(MATMUL);

    /** matmul with the selected kernel version (Kernels.MATMUL). */
    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, b, Kernels.MATMUL.selected().number());
    }

    /** matmul with an explicit gemm version (0 = OpenBLAS); the tests run every version this way. */
    public static Tensor matmul(Tensor a, Tensor b, int version) {
        String op = "matmul";
        Check.tensor(op, a, "input");
        Check.tensor(op, b, "other");
        Check.sameDevice(op, a, b);
        Kernels.MATMUL.version(version);
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException(op + ": both arguments need at least 1 dimension, got " + a.describe() + " and " + b.describe());
        }
        DType dt = DType.promote(a.dtype(), b.dtype());
        if (!dt.isFloat()) {
            throw new IllegalArgumentException(op + ": needs f32 or f64 tensors, got " + a.describe() + " and " + b.describe());
        }
        long[] as = a.shapeRef();
        long[] bs = b.shapeRef();
        long k = as[as.length - 1];
        long kb = bs.length == 1 ? bs[0] : bs[bs.length - 2];
        if (k != kb) {
            throw new IllegalArgumentException(String.format("%s: shapes %s and %s don't match (%d != %d)",
                    op, Shape.str(as), Shape.str(bs), k, kb));
        }
        // View both as batched matrices: a [..., m, k], b [..., k, n].
        Tensor a3 = a.dim() == 1 ? Views.unsqueeze(a, 0) : a;
        Tensor b3 = b.dim() == 1 ? Views.unsqueeze(b, 1) : b;
        Tensor ca = a3.dtype() == dt ? a3 : Elementwise.cast(a3, dt);
        Tensor cb = b3.dtype() == dt ? b3 : Elementwise.cast(b3, dt);
        try {
            long[] batchA = batch(ca.shapeRef());
            long[] batchB = batch(cb.shapeRef());
            long[] batch;
            try {
                batch = Shape.broadcast(op, batchA, batchB);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(String.format("%s: shapes %s and %s have batch dims %s and %s that can't broadcast",
                        op, Shape.str(as), Shape.str(bs), Shape.str(batchA), Shape.str(batchB)));
            }
            long m = ca.shapeRef()[ca.dim() - 2];
            long n = cb.shapeRef()[cb.dim() - 1];
            long[] full = new long[batch.length + 2];
            System.arraycopy(batch, 0, full, 0, batch.length);
            full[batch.length] = m;
            full[batch.length + 1] = n;
            Tensor out = Tensor.empty(a.backend(), dt, full);
            Outputs.written(out, () -> multiply(ca, cb, out, batch, m, n, k, version));
            if (Autograd.needed(ca, cb)) {
                // d(A·B) = dA·B + A·dB: gA = g·Bᵀ, gB = Aᵀ·g, summed over broadcast batch dims.
                Autograd.record(MATMUL, out, new Tensor[] {ca, cb}, new Tensor[] {ca, cb}, (nd, g) -> {
                    Tensor sa = nd.saved(0);
                    Tensor sb = nd.saved(1);
                    // Each gradient is produced in its input's memory layout: for a transposed input
                    // (Linear's weight.t()) as the transpose of a dense product, so the gradient that
                    // reaches the parameter is dense and accumulates without a strided pass.
                    Tensor ga = null;
                    Tensor gb = null;
                    if (nd.needsInputGrad(0)) {
                        ga = storedTransposed(sa)
                                ? Views.transpose(matmul(sb, Views.transpose(g, -1, -2), version), -1, -2)
                                : matmul(g, Views.transpose(sb, -1, -2), version);
                    }
                    if (nd.needsInputGrad(1)) {
                        gb = storedTransposed(sb)
                                ? Views.transpose(matmul(Views.transpose(g, -1, -2), sa, version), -1, -2)
                                : matmul(Views.transpose(sa, -1, -2), g, version);
                    }
                    return new Tensor[] {ga == null ? null : Autograd.sumTo(ga, nd.inputShape(0)),
                        gb == null ? null : Autograd.sumTo(gb, nd.inputShape(1))};
                });
            }
            // Drop the dims that 1-D arguments added.
            if (a.dim() == 1 || b.dim() == 1) {
                long[] shape = new long[full.length - (a.dim() == 1 ? 1 : 0) - (b.dim() == 1 ? 1 : 0)];
                int j = 0;
                for (int i = 0; i < batch.length; i++) shape[j++] = batch[i];
                if (a.dim() != 1) shape[j++] = m;
                if (b.dim() != 1) shape[j] = n;
                try {
                    return Views.reshape(out, shape);
                } finally {
                    out.close();
                }
            }
            return out;
        } finally {
            if (ca != a3) ca.close();
            if (cb != b3) cb.close();
            if (a3 != a) a3.close();
            if (b3 != b) b3.close();
        }
    }

    /** True for a matrix (batch) stored column-major, e.g. the transpose of a dense matrix. */
    private static boolean storedTransposed(Tensor t) {
        int r = t.dim();
        long[] st = t.stridesRef();
        long[] sh = t.shapeRef();
        return st[r - 2] == 1 && st[r - 1] != 1 && sh[r - 2] > 1 && sh[r - 1] > 1;
    }

    private static long[] batch(long[] shape) {
        long[] out = new long[shape.length - 2];
        System.arraycopy(shape, 0, out, 0, out.length);
        return out;
    }

    /** How gemm can read one matrix slice: row stride and whether it is stored transposed. */
    private record Layout(boolean transposed, long ld) {
        static Layout of(long rows, long cols, long rowStride, long colStride) {
            if ((colStride == 1 || cols <= 1) && (rows <= 1 || rowStride >= Math.max(cols, 1))) {
                return new Layout(false, rows <= 1 ? Math.max(cols, 1) : rowStride);
            }
            if ((rowStride == 1 || rows <= 1) && (cols <= 1 || colStride >= Math.max(rows, 1))) {
                return new Layout(true, cols <= 1 ? Math.max(rows, 1) : colStride);
            }
            return null;
        }
    }

    private static void multiply(Tensor a, Tensor b, Tensor out, long[] batch, long m, long n, long k, int version) {
        if (out.numel() == 0) return;
        if (k == 0) {
            out.backend().fill(out, 0);
            return;
        }
        Tensor da = a;
        Tensor db = b;
        Layout la = layout(a);
        if (la == null) {
            da = Elementwise.copy(a);
            la = layout(da);
        }
        Layout lb = layout(b);
        if (lb == null) {
            db = Elementwise.copy(b);
            lb = layout(db);
        }
        try {
            long[] sa = Shape.broadcastStrides(batch(da.shapeRef()), batch(da.stridesRef()), batch);
            long[] sb = Shape.broadcastStrides(batch(db.shapeRef()), batch(db.stridesRef()), batch);
            long count = Shape.numel(batch);
            long[] idx = new long[batch.length];
            long mn = m * n;
            for (long i = 0; i < count; i++) {
                long offA = da.offset();
                long offB = db.offset();
                for (int d = 0; d < batch.length; d++) {
                    offA += idx[d] * sa[d];
                    offB += idx[d] * sb[d];
                }
                // Offsets passed to the backend are relative to each tensor's element 0.
                out.backend().gemm(version, da, la.transposed(), db, lb.transposed(), m, n, k,
                        offA - da.offset(), la.ld(), offB - db.offset(), lb.ld(), out, i * mn, n, 1.0, 0.0);
                for (int d = batch.length - 1; d >= 0; d--) {
                    if (++idx[d] < batch[d]) break;
                    idx[d] = 0;
                }
            }
        } finally {
            if (da != a) da.close();
            if (db != b) db.close();
        }
    }

    private static Layout layout(Tensor t) {
        int r = t.dim();
        return Layout.of(t.shapeRef()[r - 2], t.shapeRef()[r - 1], t.stridesRef()[r - 2], t.stridesRef()[r - 1]);
    }
}
