// Outputs: the one way an op runs a kernel into a freshly allocated result: if the kernel fails
// (an index out of range found while running, for instance), the result is freed before the
// exception propagates, so a failed op leaves no live bytes behind.
package dev.tessera.ops;

import dev.tessera.tensor.Tensor;

final class Outputs {
    private Outputs() {}

    /** Runs {@code kernel}, which writes {@code out}; frees out and rethrows if it fails. */
    static Tensor written(Tensor out, Runnable kernel) {
        try {
            kernel.run();
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }
}
