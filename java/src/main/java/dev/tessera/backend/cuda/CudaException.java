// CudaException: a CUDA runtime error (a failed launch, a fault found at synchronisation, a lost
// context). The message names the op and carries cudaGetErrorName / cudaGetErrorString.
package dev.tessera.backend.cuda;

public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CudaException(String message) { super(message); }
}
