// CudaElementwise: unary and binary elementwise ops with broadcasting and strides, casts/copies, where, fill, reductions and softmax on the GPU, for CudaBackend (the same contracts as dev.tessera.backend.Backend).
package dev.tessera.backend.cuda;

import dev.tessera.ops.BinaryOp;
import dev.tessera.ops.ReduceOp;
import dev.tessera.ops.UnaryOp;
import dev.tessera.tensor.Tensor;

final class CudaElementwise {
    private CudaElementwise() {}

    static void unary(CudaBackend be, UnaryOp op, Tensor x, Tensor out, double alpha, double beta) {
        throw CudaBackend.notWritten("unary");
    }

    static void binary(CudaBackend be, BinaryOp op, Tensor a, Tensor b, Tensor out) {
        throw CudaBackend.notWritten("binary");
    }

    static void copy(CudaBackend be, Tensor src, Tensor dst) {
        throw CudaBackend.notWritten("copy");
    }

    static void where(CudaBackend be, Tensor cond, Tensor a, Tensor b, Tensor out) {
        throw CudaBackend.notWritten("where");
    }

    static void fill(CudaBackend be, Tensor out, double value) {
        throw CudaBackend.notWritten("fill");
    }

    static void reduce(CudaBackend be, ReduceOp op, Tensor x, long outer, long n, long inner, Tensor out, double param) {
        throw CudaBackend.notWritten("reduce");
    }

    static void softmax(CudaBackend be, Tensor x, long outer, long n, long inner, Tensor out, boolean log) {
        throw CudaBackend.notWritten("softmax");
    }
}
