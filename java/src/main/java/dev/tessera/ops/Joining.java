// Joining: cat and stack, which copy their inputs into slices of one new tensor (the inverse
// splits, split and chunk, are views in Views).
package dev.tessera.ops;

import dev.tessera.autograd.Autograd;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.List;

public final class Joining {
    private Joining() {}

    public static final Op CAT = Op.of("cat", Op.Family.JOIN, true);
    public static final Op STACK = Op.of("stack", Op.Family.JOIN, true);

    public static final List<Op> ALL = List.of(CAT, STACK);

    /** Concatenates along an existing dim; shapes must match elsewhere; dtypes promote. */
    public static Tensor cat(int dim, Tensor... tensors) {
        return join("cat", dim, tensors, false);
    }

    /** Joins along a new dim inserted at {@code dim}; all shapes must be equal. */
    public static Tensor stack(int dim, Tensor... tensors) {
        return join("stack", dim, tensors, true);
    }

    private static Tensor join(String op, int dim, Tensor[] tensors, boolean newDim) {
        if (tensors == null) throw new NullPointerException(op + ": tensors is null");
        if (tensors.length == 0) throw new IllegalArgumentException(op + ": needs at least one tensor");
        Tensor first = Check.tensor(op, tensors[0], "tensor 0");
        DType dtype = first.dtype();
        long[] ref = first.shapeRef();
        for (int i = 1; i < tensors.length; i++) {
            Tensor t = Check.tensor(op, tensors[i], "tensor " + i);
            Check.sameDevice(op, first, t);
            dtype = DType.promote(dtype, t.dtype());
        }
        int rank = ref.length;
        int d;
        if (newDim) {
            if (dim < -rank - 1 || dim > rank) {
                throw new IllegalArgumentException(op + ": dim " + dim + " out of range for tensors of rank " + rank
                        + " (expected " + (-rank - 1) + ".." + rank + ")");
            }
            d = dim < 0 ? dim + rank + 1 : dim;
        } else {
            if (rank == 0) throw new IllegalArgumentException(op + ": can't concatenate 0-d tensors (use stack)");
            d = Shape.axis(op, dim, rank);
        }
        long total = 0;
        for (int i = 0; i < tensors.length; i++) {
            long[] s = tensors[i].shapeRef();
            boolean ok = s.length == rank;
            for (int k = 0; ok && k < rank; k++) ok = newDim || k == d ? (!newDim || s[k] == ref[k]) : s[k] == ref[k];
            if (!ok) {
                throw new IllegalArgumentException(op + ": tensor " + i + " has shape " + Shape.str(s) + ", expected "
                        + (newDim ? Shape.str(ref) : "the shape of tensor 0 " + Shape.str(ref) + " except in dim " + d));
            }
            total += newDim ? 1 : s[d];
        }
        long[] outShape;
        if (newDim) {
            outShape = new long[rank + 1];
            for (int k = 0, j = 0; k <= rank; k++) outShape[k] = k == d ? total : ref[j++];
        } else {
            outShape = ref.clone();
            outShape[d] = total;
        }
        Tensor out = Tensor.empty(first.backend(), dtype, outShape);
        long at = 0;
        for (Tensor t : tensors) {
            long len = newDim ? 1 : t.shapeRef()[d];
            if (len == 0) continue;
            Tensor dst = Views.slice(out, d, at, at + len, 1);
            Tensor src = newDim ? Views.unsqueeze(t, d) : t;
            try {
                out.backend().copy(src, dst);
            } finally {
                dst.close();
                if (src != t) src.close();
            }
            at += len;
        }
        if (Autograd.needed(tensors)) {
            int dim0 = d;
            Autograd.record(newDim ? STACK : CAT, out, tensors.clone(), (n, g) -> {
                Tensor[] grads = new Tensor[n.inputCount()];
                long start = 0;
                for (int i = 0; i < grads.length; i++) {
                    long len = newDim ? 1 : n.inputShape(i)[dim0];
                    if (n.needsInputGrad(i)) {
                        grads[i] = newDim ? Views.select(g, dim0, i) : Views.slice(g, dim0, start, start + len, 1);
                    }
                    start += len;
                }
                return grads;
            });
        }
        return out;
    }
}
