// Cuda: turns the status codes of libtessera_cuda (dev.tessera.bridge.TesseraCuda) into Java
// exceptions, naming the op and carrying the CUDA error's name and text.
package dev.tessera.backend.cuda;

import dev.tessera.backend.KernelException;
import dev.tessera.bridge.TesseraCuda;

final class Cuda {
    private Cuda() {}

    /** Throws the exception for a status of a tsc_* call made for {@code op}. */
    static void check(int status, String op) {
        if (status == 0) return;
        String msg = TesseraCuda.tsc_last_error();
        String text = msg.startsWith(op) ? msg : op + ": " + msg;
        switch (status) {
            case 1: throw new KernelException(text);
            case 2: throw new OutOfMemoryError(text);
            case 3: throw new UnsupportedOperationException(text);
            case TesseraCuda.TSC_ERR_CUDA: throw new CudaException(text);
            case TesseraCuda.TSC_ERR_NOT_BUILT: throw new UnsupportedOperationException(text);
            default: throw new IllegalStateException(text + " (status " + status + ")");
        }
    }
}
