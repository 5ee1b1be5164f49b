// CudaGemm: matrix products through the GEMM ladder of kernels/gemm (version 0 = cuBLAS where loaded) on the GPU, for CudaBackend (the same contracts as dev.tessera.backend.Backend).
package dev.tessera.backend.cuda;

import dev.tessera.tensor.Tensor;

final class CudaGemm {
    private CudaGemm() {}

    static void gemm(CudaBackend be, int version, Tensor a, boolean transA, Tensor b, boolean transB, long m, long n, long k, long aOffset, long lda, long bOffset, long ldb, Tensor c, long cOffset, long ldc, double alpha, double beta) {
        throw CudaBackend.notWritten("gemm");
    }
}
