// KernelArgs: how the ops whose kernels read dense memory (convolution, pooling, normalisation)
// hand them their tensors: the tensor itself when it is already contiguous, else a contiguous copy
// made outside the graph (the op records its own node; a copy node in between would only cost memory).
package dev.tessera.ops;

import dev.tessera.autograd.GradMode;
import dev.tessera.tensor.Tensor;

final class KernelArgs {
    private KernelArgs() {}

    /** t, or a contiguous copy of it that the caller closes (compare with t). */
    static Tensor dense(Tensor t) {
        if (t == null || t.isContiguous()) return t;
        try (GradMode.Guard off = GradMode.noGrad()) {
            return Elementwise.copy(t);
        }
    }

    /** Closes a tensor dense() copied (no-op when it returned the original or null). */
    static void release(Tensor dense, Tensor original) {
        if (dense != null && dense != original) dense.close();
    }
}
