// Views: ops that reinterpret a tensor's shape and strides without copying (reshape copies only
// when the strides can't express the new shape, as in PyTorch): reshape/view, permute, transpose,
// slice, select, expand, squeeze/unsqueeze, flatten, split and chunk.
package dev.tessera.ops;

import dev.tessera.autograd.Autograd;
import dev.tessera.autograd.Backward;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

public final class Views {
    private Views() {}

    public static final Op RESHAPE = Op.of("reshape", Op.Family.VIEW, true);
    public static final Op VIEW = Op.of("view", Op.Family.VIEW, true);
    public static final Op PERMUTE = Op.of("permute", Op.Family.VIEW, true);
    public static final Op TRANSPOSE = Op.of("transpose", Op.Family.VIEW, true);
    public static final Op T = Op.of("t", Op.Family.VIEW, true);
    public static final Op SLICE = Op.of("slice", Op.Family.VIEW, true);
    public static final Op SELECT = Op.of("select", Op.Family.VIEW, true);
    public static final Op EXPAND = Op.of("expand", Op.Family.VIEW, true);
    public static final Op SQUEEZE = Op.of("squeeze", Op.Family.VIEW, true);
    public static final Op UNSQUEEZE = Op.of("unsqueeze", Op.Family.VIEW, true);
    public static final Op FLATTEN = Op.of("flatten", Op.Family.VIEW, true);
    public static final Op SPLIT = Op.of("split", Op.Family.VIEW, true);
    public static final Op CHUNK = Op.of("chunk", Op.Family.VIEW, true);

    public static final List<Op> ALL = List.of(RESHAPE, VIEW, PERMUTE, TRANSPOSE, T, SLICE, SELECT, EXPAND, SQUEEZE, UNSQUEEZE,
            FLATTEN, SPLIT, CHUNK);

    /** Resolves one -1 and checks that the element count is kept. */
    static long[] inferShape(String op, Tensor x, long[] shape) {
        if (shape == null) throw new NullPointerException(op + ": shape is null");
        long known = 1;
        int infer = -1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one dimension can be -1 in " + Shape.str(shape));
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid dimension " + shape[i] + " in " + Shape.str(shape));
            } else {
                known *= shape[i];
            }
        }
        long numel = x.numel();
        long[] out = shape.clone();
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + Shape.str(shape) + " is invalid for tensor " + x.describe()
                        + " of " + numel + " elements");
            }
            out[infer] = numel / known;
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + Shape.str(shape) + " is invalid for tensor " + x.describe()
                    + " of " + numel + " elements");
        }
        return out;
    }

    /**
     * Strides for viewing (shape, strides) as newShape without a copy, or null when impossible
     * (the tensor's dims can't be grouped into runs that are each contiguous).
     */
    static long[] viewStrides(long[] shape, long[] strides, long[] newShape) {
        long[] out = new long[newShape.length];
        if (Shape.numel(shape) == 0 || shape.length == 0) return Shape.contiguousStrides(newShape);
        int viewD = newShape.length - 1;
        long chunkBase = strides[strides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            // A run of old dims ends where the next (outer) dim isn't laid out right after it.
            if (d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    out[viewD] = viewNumel * chunkBase;
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0) {
                    chunkBase = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? out : null;
    }

    /** A view with the new shape (one dim may be -1), or a copy when strides can't express it. */
    public static Tensor reshape(Tensor x, long... shape) {
        Check.tensor("reshape", x, "input");
        long[] s = inferShape("reshape", x, shape);
        long[] st = viewStrides(x.shapeRef(), x.stridesRef(), s);
        if (st != null) return reshaped(RESHAPE, x, x.asStrided(s, st, x.offset()));
        Tensor dense = Elementwise.copy(x);
        try {
            return reshaped(RESHAPE, dense, dense.asStrided(s, Shape.contiguousStrides(s), 0));
        } finally {
            dense.close();
        }
    }

    /** Like reshape but never copies: fails when the strides can't express the new shape. */
    public static Tensor view(Tensor x, long... shape) {
        Check.tensor("view", x, "input");
        long[] s = inferShape("view", x, shape);
        long[] st = viewStrides(x.shapeRef(), x.stridesRef(), s);
        if (st == null) {
            throw new IllegalArgumentException("view: tensor " + x.describe() + " with strides " + Shape.str(x.stridesRef())
                    + " can't be viewed as " + Shape.str(s) + " without a copy (use reshape)");
        }
        return reshaped(VIEW, x, x.asStrided(s, st, x.offset()));
    }

    public static Tensor permute(Tensor x, int... dims) {
        Check.tensor("permute", x, "input");
        if (dims == null) throw new NullPointerException("permute: dims is null");
        int rank = x.dim();
        if (dims.length != rank) {
            throw new IllegalArgumentException("permute: " + dims.length + " dims " + Arrays.toString(dims) + " for tensor "
                    + x.describe() + " of rank " + rank);
        }
        long[] shape = new long[rank];
        long[] strides = new long[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            int d = Shape.axis("permute", dims[i], rank);
            if (seen[d]) throw new IllegalArgumentException("permute: dim " + dims[i] + " repeated in " + Arrays.toString(dims));
            seen[d] = true;
            shape[i] = x.shapeRef()[d];
            strides[i] = x.stridesRef()[d];
        }
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) inverse[Shape.axis("permute", dims[i], rank)] = i;
        return recorded(PERMUTE, x, x.asStrided(shape, strides, x.offset()), (n, g) -> new Tensor[] {permute(g, inverse)});
    }

    public static Tensor transpose(Tensor x, int dim0, int dim1) {
        Check.tensor("transpose", x, "input");
        int rank = x.dim();
        if (rank == 0) return reshaped(TRANSPOSE, x, x.asStrided(x.shapeRef(), x.stridesRef(), x.offset()));
        int a = Shape.axis("transpose", dim0, rank);
        int b = Shape.axis("transpose", dim1, rank);
        long[] shape = x.shape();
        long[] strides = x.strides();
        long t = shape[a];
        shape[a] = shape[b];
        shape[b] = t;
        t = strides[a];
        strides[a] = strides[b];
        strides[b] = t;
        return recorded(TRANSPOSE, x, x.asStrided(shape, strides, x.offset()), (n, g) -> new Tensor[] {transpose(g, a, b)});
    }

    /** Matrix transpose; 0-D and 1-D tensors come back as views unchanged (as torch.t). */
    public static Tensor t(Tensor x) {
        Check.tensor("t", x, "input");
        if (x.dim() > 2) throw new IllegalArgumentException("t: expects a tensor of rank <= 2, got " + x.describe() + " (use transpose)");
        return x.dim() < 2 ? reshaped(T, x, x.asStrided(x.shapeRef(), x.stridesRef(), x.offset())) : transpose(x, 0, 1);
    }

    /** Elements start, start+step, ... < end along dim; start/end are clamped like Python slices. */
    public static Tensor slice(Tensor x, int dim, long start, long end, long step) {
        Check.tensor("slice", x, "input");
        if (x.dim() == 0) throw new IllegalArgumentException("slice: can't slice a 0-d tensor " + x.describe());
        int d = Shape.axis("slice", dim, x.dim());
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        long size = x.shapeRef()[d];
        long s = clampIndex(start, size);
        long e = Math.max(clampIndex(end, size), s);
        long[] shape = x.shape();
        long[] strides = x.strides();
        shape[d] = (e - s + step - 1) / step;
        strides[d] = x.stridesRef()[d] * step;
        long[] in = x.shapeRef();
        return recorded(SLICE, x, x.asStrided(shape, strides, x.offset() + s * x.stridesRef()[d]),
                (n, g) -> new Tensor[] {intoZeros(g, in, z -> slice(z, d, s, e, step))});
    }

    private static long clampIndex(long i, long size) {
        if (i < 0) i += size;
        return Math.min(Math.max(i, 0), size);
    }

    /** The slice at index along dim, with that dim removed. */
    public static Tensor select(Tensor x, int dim, long index) {
        Check.tensor("select", x, "input");
        if (x.dim() == 0) throw new IllegalArgumentException("select: can't index a 0-d tensor " + x.describe());
        int d = Shape.axis("select", dim, x.dim());
        long size = x.shapeRef()[d];
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for dim " + d + " of size " + size
                    + " (tensor " + x.describe() + ")");
        }
        long i = index < 0 ? index + size : index;
        long[] in = x.shapeRef();
        return recorded(SELECT, x, x.asStrided(remove(x.shapeRef(), d), remove(x.stridesRef(), d), x.offset() + i * x.stridesRef()[d]),
                (n, g) -> new Tensor[] {intoZeros(g, in, z -> select(z, d, i))});
    }

    /** Broadcasts size-1 dims (and new leading dims) to shape without copying; -1 keeps a dim. */
    public static Tensor expand(Tensor x, long... shape) {
        Check.tensor("expand", x, "input");
        if (shape == null) throw new NullPointerException("expand: shape is null");
        int rank = x.dim();
        if (shape.length < rank) {
            throw new IllegalArgumentException("expand: target " + Shape.str(shape) + " has fewer dims than tensor " + x.describe());
        }
        int off = shape.length - rank;
        long[] outShape = new long[shape.length];
        long[] strides = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            long target = shape[i];
            if (i < off) {
                if (target < 0) throw new IllegalArgumentException("expand: new leading dim " + i + " can't be " + target);
                outShape[i] = target;
                strides[i] = 0;
                continue;
            }
            long cur = x.shapeRef()[i - off];
            if (target == -1) target = cur;
            if (target < 0) throw new IllegalArgumentException("expand: invalid size " + target + " in " + Shape.str(shape));
            if (cur == target) {
                outShape[i] = cur;
                strides[i] = x.stridesRef()[i - off];
            } else if (cur == 1) {
                outShape[i] = target;
                strides[i] = 0;
            } else {
                throw new IllegalArgumentException("expand: tensor " + x.describe() + " can't expand to " + Shape.str(shape)
                        + " (dim " + i + ": " + cur + " is not 1)");
            }
        }
        long[] in = x.shapeRef();
        return recorded(EXPAND, x, x.asStrided(outShape, strides, x.offset()), (n, g) -> new Tensor[] {Autograd.sumTo(g, in)});
    }

    /** Removes every size-1 dim. */
    public static Tensor squeeze(Tensor x) {
        Check.tensor("squeeze", x, "input");
        int kept = 0;
        for (long s : x.shapeRef()) if (s != 1) kept++;
        long[] shape = new long[kept];
        long[] strides = new long[kept];
        int j = 0;
        for (int i = 0; i < x.dim(); i++) {
            if (x.shapeRef()[i] != 1) {
                shape[j] = x.shapeRef()[i];
                strides[j++] = x.stridesRef()[i];
            }
        }
        return reshaped(SQUEEZE, x, x.asStrided(shape, strides, x.offset()));
    }

    /** Removes dim if its size is 1 (otherwise returns an unchanged view, as torch.squeeze). */
    public static Tensor squeeze(Tensor x, int dim) {
        Check.tensor("squeeze", x, "input");
        if (x.dim() == 0) return reshaped(SQUEEZE, x, x.asStrided(x.shapeRef(), x.stridesRef(), x.offset()));
        int d = Shape.axis("squeeze", dim, x.dim());
        if (x.shapeRef()[d] != 1) return reshaped(SQUEEZE, x, x.asStrided(x.shapeRef(), x.stridesRef(), x.offset()));
        return reshaped(SQUEEZE, x, x.asStrided(remove(x.shapeRef(), d), remove(x.stridesRef(), d), x.offset()));
    }

    /** Inserts a size-1 dim at position dim (-rank-1 .. rank). */
    public static Tensor unsqueeze(Tensor x, int dim) {
        Check.tensor("unsqueeze", x, "input");
        int rank = x.dim();
        if (dim < -rank - 1 || dim > rank) {
            throw new IllegalArgumentException("unsqueeze: dim " + dim + " out of range for a tensor of rank " + rank
                    + " (expected " + (-rank - 1) + ".." + rank + ")");
        }
        int d = dim < 0 ? dim + rank + 1 : dim;
        long[] shape = new long[rank + 1];
        long[] strides = new long[rank + 1];
        for (int i = 0, j = 0; i <= rank; i++) {
            if (i == d) {
                shape[i] = 1;
                strides[i] = i < rank ? x.stridesRef()[j] * x.shapeRef()[j] : 1;
            } else {
                shape[i] = x.shapeRef()[j];
                strides[i] = x.stridesRef()[j++];
            }
        }
        return reshaped(UNSQUEEZE, x, x.asStrided(shape, strides, x.offset()));
    }

    /** Merges dims startDim..endDim into one (a view when possible, else a copy). */
    public static Tensor flatten(Tensor x, int startDim, int endDim) {
        Check.tensor("flatten", x, "input");
        int rank = x.dim();
        if (rank == 0) return reshape(x, 1);
        int s = Shape.axis("flatten", startDim, rank);
        int e = Shape.axis("flatten", endDim, rank);
        if (s > e) throw new IllegalArgumentException("flatten: start dim " + startDim + " comes after end dim " + endDim);
        long[] shape = new long[rank - (e - s)];
        long merged = 1;
        for (int i = s; i <= e; i++) merged *= x.shapeRef()[i];
        for (int i = 0, j = 0; i < rank; i++) {
            if (i < s || i > e) shape[j++] = x.shapeRef()[i];
            else if (i == s) shape[j++] = merged;
        }
        return reshape(x, shape);
    }

    /** Views of splitSize along dim (the last one may be smaller). */
    public static List<Tensor> split(Tensor x, long splitSize, int dim) {
        Check.tensor("split", x, "input");
        if (x.dim() == 0) throw new IllegalArgumentException("split: can't split a 0-d tensor " + x.describe());
        int d = Shape.axis("split", dim, x.dim());
        if (splitSize <= 0) throw new IllegalArgumentException("split: split size must be positive, got " + splitSize);
        long size = x.shapeRef()[d];
        List<Tensor> out = new ArrayList<>();
        for (long start = 0; start < size || (size == 0 && out.isEmpty()); start += splitSize) {
            out.add(slice(x, d, start, Math.min(start + splitSize, size), 1));
            if (size == 0) break;
        }
        return out;
    }

    /** At most {@code chunks} views of equal size (ceil(size / chunks)) along dim. */
    public static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        Check.tensor("chunk", x, "input");
        if (chunks <= 0) throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
        if (x.dim() == 0) throw new IllegalArgumentException("chunk: can't chunk a 0-d tensor " + x.describe());
        int d = Shape.axis("chunk", dim, x.dim());
        long size = x.shapeRef()[d];
        return split(x, Math.max(1, (size + chunks - 1) / chunks), d);
    }

    /** Records a view op for autograd (when needed) and returns its output. */
    private static Tensor recorded(Op op, Tensor x, Tensor out, Backward backward) {
        if (Autograd.needed(x)) Autograd.record(op, out, new Tensor[] {x}, backward);
        return out;
    }

    /** Records a view whose gradient is the output gradient reshaped to the input's shape. */
    private static Tensor reshaped(Op op, Tensor x, Tensor out) {
        long[] in = x.shapeRef();
        return recorded(op, x, out, (n, g) -> new Tensor[] {reshape(g, in)});
    }

    /** Used by slice and select: the reverse of a view that picks part of a tensor. */
    static final Op VIEW_BACKWARD = Op.of("view_backward", Op.Family.VIEW, true);

    /**
     * Zeros of {@code shape} with g written into the part {@code part} picks out: the gradient of a
     * slice or select. Recorded itself, so double backward works (its gradient is part(gg)).
     */
    private static Tensor intoZeros(Tensor g, long[] shape, UnaryOperator<Tensor> part) {
        Tensor z = Tensor.empty(g.backend(), g.dtype(), shape);
        g.backend().fill(z, 0);
        Tensor window = part.apply(z);
        try {
            g.backend().copy(g, window);
        } finally {
            window.close();
        }
        if (Autograd.needed(g)) Autograd.record(VIEW_BACKWARD, z, new Tensor[] {g}, (n, gg) -> new Tensor[] {part.apply(gg)});
        return z;
    }

    private static long[] remove(long[] a, int i) {
        long[] out = new long[a.length - 1];
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, a.length - i - 1);
        return out;
    }
}
