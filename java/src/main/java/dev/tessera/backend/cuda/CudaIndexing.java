// CudaIndexing: gather, scatter, index_select, scatter_add and index_add on the GPU, for CudaBackend (the same contracts as dev.tessera.backend.Backend).
package dev.tessera.backend.cuda;

import dev.tessera.tensor.Tensor;

final class CudaIndexing {
    private CudaIndexing() {}

    static void gather(CudaBackend be, Tensor x, int dim, Tensor index, Tensor out) {
        throw CudaBackend.notWritten("gather");
    }

    static void scatter(CudaBackend be, Tensor src, int dim, Tensor index, Tensor out) {
        throw CudaBackend.notWritten("scatter");
    }

    static void indexSelect(CudaBackend be, Tensor x, int dim, Tensor index, Tensor out) {
        throw CudaBackend.notWritten("indexSelect");
    }

    static void scatterAdd(CudaBackend be, Tensor src, int dim, Tensor index, Tensor out) {
        throw CudaBackend.notWritten("scatterAdd");
    }

    static void indexAdd(CudaBackend be, Tensor src, int dim, Tensor index, Tensor out) {
        throw CudaBackend.notWritten("indexAdd");
    }
}
