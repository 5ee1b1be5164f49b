// BufferChecks: what a CPU kernel call must know before it hands addresses to native code, so the
// kernel stays inside its buffers: a tensor is present, contiguous, of the kernel's dtype and of the
// element count the sizes passed imply. A violation is an IllegalArgumentException (or an NPE for a
// missing tensor) naming the kernel and the tensor. Used by RecurrentKernels.
package dev.tessera.backend.cpu;

import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

final class BufferChecks {
    private BufferChecks() {}

    /** A contiguous tensor of {@code dtype} with {@code numel} elements; its address. */
    static long need(String op, String what, Tensor t, DType dtype, long numel) {
        if (t == null) throw new NullPointerException(op + ": " + what + " is null");
        if (!t.isContiguous()) throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " must be contiguous");
        if (t.dtype() != dtype) throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " must be " + dtype);
        if (t.numel() != numel) {
            throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " must have " + numel + " elements");
        }
        return t.address(op);
    }

    /** As need, or 0 (NULL) for an absent optional tensor. */
    static long optional(String op, String what, Tensor t, DType dtype, long numel) {
        return t == null ? 0 : need(op, what, t, dtype, numel);
    }

    /** The dtype of a tensor that must be f32 or f64. */
    static DType floating(String op, String what, Tensor t) {
        if (t == null) throw new NullPointerException(op + ": " + what + " is null");
        if (!t.dtype().isFloat()) throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " must be f32 or f64");
        return t.dtype();
    }

    /** [rows, columns] of a 2-D tensor. */
    static long[] matrix(String op, String what, Tensor t) {
        if (t.dim() != 2) throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " must be 2-D [n, columns]");
        return t.shapeRef();
    }
}
