// StridedArgs: the strided metadata both backends hand their kernels (the meta convention of
// native/include/tessera/common.h: the iteration shape, then each operand's strides under it,
// broadcast dims as 0) and the test for the dense fast path.
package dev.tessera.backend;

import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;

public final class StridedArgs {
    private StridedArgs() {}

    /** meta = shape, then each operand's strides read under that shape (broadcast dims get 0). */
    public static long[] meta(long[] shape, Tensor... operands) {
        int nd = shape.length;
        long[] meta = new long[nd * (operands.length + 1)];
        System.arraycopy(shape, 0, meta, 0, nd);
        for (int i = 0; i < operands.length; i++) {
            Tensor t = operands[i];
            long[] s = Arrays.equals(t.shapeRef(), shape) ? t.stridesRef()
                    : Shape.broadcastStrides(t.shapeRef(), t.stridesRef(), shape);
            System.arraycopy(s, 0, meta, nd * (i + 1), nd);
        }
        return meta;
    }

    /** True when t has exactly this shape and is contiguous. */
    public static boolean dense(Tensor t, long[] shape) {
        return t.shapeRef() == shape || Arrays.equals(t.shapeRef(), shape) ? t.isContiguous() : false;
    }

    /** The arrays one after another. */
    public static long[] concat(long[]... parts) {
        int n = 0;
        for (long[] p : parts) n += p.length;
        long[] out = new long[n];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
