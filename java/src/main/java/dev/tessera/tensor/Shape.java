// Shape: static helpers over long[] shapes and strides (element counts, contiguous strides,
// NumPy broadcasting, axis normalisation, formatting). Shapes are never mutated after creation,
// so tensors share these arrays freely.
package dev.tessera.tensor;

import java.util.Arrays;

public final class Shape {
    private Shape() {}

    public static final long[] SCALAR = new long[0];

    /** Convenience for building shapes: {@code Shape.of(2, 3)}. */
    public static long[] of(long... dims) { return dims.clone(); }

    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    public static long[] contiguousStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** True when a tensor with these strides is laid out densely in row-major order. */
    public static boolean isContiguous(long[] shape, long[] strides) {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 0) return true;
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** Broadcast shape of a and b, or throws naming the op and the clashing dimension. */
    public static long[] broadcast(String op, long[] a, long[] b) {
        if (Arrays.equals(a, b)) return a;
        int n = Math.max(a.length, b.length);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long da = i < n - a.length ? 1 : a[i - (n - a.length)];
            long db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(String.format("%s: shapes %s and %s can't broadcast (dim %d: %d vs %d)",
                        op, str(a), str(b), i, da, db));
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Strides that read a tensor of shape {@code shape} as if it had the (broadcast) shape
     * {@code target}: missing leading dims and size-1 dims get stride 0.
     */
    public static long[] broadcastStrides(long[] shape, long[] strides, long[] target) {
        long[] out = new long[target.length];
        int off = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            out[i + off] = shape[i] == 1 && target[i + off] != 1 ? 0 : strides[i];
        }
        return out;
    }

    /** Normalises a possibly negative axis for a tensor of rank {@code rank}. */
    public static int axis(String op, int axis, int rank) {
        int r = Math.max(rank, 1);
        if (axis < -r || axis >= r) {
            throw new IllegalArgumentException(String.format("%s: dim %d out of range for a tensor of rank %d (expected %d..%d)",
                    op, axis, rank, -r, r - 1));
        }
        return axis < 0 ? axis + r : axis;
    }

    public static String str(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(']').toString();
    }
}
