// Check: the argument validation every op starts with. Messages always name the op and describe
// the tensors involved, e.g. "add: tensor [2, 3] f32 is closed ..." or "matmul: other is null".
package dev.tessera.ops;

import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;

final class Check {
    private Check() {}

    /** Non-null and open. */
    static Tensor tensor(String op, Tensor t, String what) {
        if (t == null) throw new NullPointerException(op + ": " + what + " is null");
        t.checkOpen(op);
        return t;
    }

    static void sameDevice(String op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException(op + ": tensors are on different devices (" + a.describe() + " on "
                    + a.device() + ", " + b.describe() + " on " + b.device() + ")");
        }
    }

    static void floating(String op, Tensor t) {
        if (!t.dtype().isFloat()) {
            throw new IllegalArgumentException(op + ": needs a floating-point tensor, got " + t.describe()
                    + " (convert with .to(DType.F32))");
        }
    }

    static void indexDtype(String op, Tensor index) {
        if (index.dtype() != DType.I64 && index.dtype() != DType.I32) {
            throw new IllegalArgumentException(op + ": index must be i64 or i32, got " + index.describe());
        }
    }

    /**
     * A Java value written into a tensor of {@code dtype} must fit it: PyTorch refuses NaN or 1e20
     * for an i32 tensor instead of storing whatever the C++ conversion gives.
     */
    static void representable(String op, DType dtype, double value) {
        boolean ok;
        switch (dtype) {
            case I32: ok = value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE; break;
            case I64: ok = value >= -0x1p63 && value < 0x1p63; break;
            case U8: ok = value >= 0 && value <= 255; break;
            default: ok = true; // floats round (1e300 becomes inf in f32, as in PyTorch); BOOL stores value != 0
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": value " + value + " can't be converted to " + dtype + " without overflow");
        }
    }

    /** Normalised, distinct axes; null or empty means all axes. */
    static int[] axes(String op, int[] dims, int rank) {
        if (dims == null || dims.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) all[i] = i;
            return all;
        }
        int[] out = new int[dims.length];
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int i = 0; i < dims.length; i++) {
            int d = Shape.axis(op, dims[i], rank);
            if (seen[d]) throw new IllegalArgumentException(op + ": dim " + dims[i] + " appears twice in " + Arrays.toString(dims));
            seen[d] = true;
            out[i] = d;
        }
        Arrays.sort(out);
        return rank == 0 ? new int[0] : out;
    }
}
