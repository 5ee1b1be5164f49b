// Backend: what a device must provide to run the op table: an allocator, the kernels (each called
// with validated tensors and an allocated output) and synchronisation. The op layer (dev.tessera.ops)
// does all checking and shape inference in Java before it calls in here.
package dev.tessera.backend;

import dev.tessera.memory.Allocator;
import dev.tessera.ops.BinaryOp;
import dev.tessera.ops.ReduceOp;
import dev.tessera.ops.UnaryOp;
import dev.tessera.tensor.Device;
import dev.tessera.tensor.Tensor;

public interface Backend {
    Device device();

    Allocator allocator();

    /** out = op(x); x and out have the same shape and dtype. */
    void unary(UnaryOp op, Tensor x, Tensor out, double alpha, double beta);

    /** out = a op b; a and b have out's dtype (or its inputs' for comparisons) and broadcast to out's shape. */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** dst = src converted to dst's dtype; src broadcasts to dst's shape. */
    void copy(Tensor src, Tensor dst);

    /** out = cond ? a : b with broadcasting; cond is BOOL. */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    /** Fills a contiguous tensor. */
    void fill(Tensor out, double value);

    /** Reduces the middle axis of contiguous x viewed as [outer, n, inner] into contiguous out. */
    void reduce(ReduceOp op, Tensor x, long outer, long n, long inner, Tensor out, double param);

    /** Softmax or log-softmax along the middle axis of contiguous x viewed as [outer, n, inner]. */
    void softmax(Tensor x, long outer, long n, long inner, Tensor out, boolean log);

    /** torch.gather along dim; index is I64 with out's shape. */
    void gather(Tensor x, int dim, Tensor index, Tensor out);

    /** out[index along dim] = src, for every element of index (out already holds the base values). */
    void scatter(Tensor src, int dim, Tensor index, Tensor out);

    /** out = x.index_select(dim, index) with a contiguous 1-D I64 index. */
    void indexSelect(Tensor x, int dim, Tensor index, Tensor out);

    /**
     * C = alpha * op(A) op(B) + beta * C for row-major matrices given by address and row stride;
     * {@code version} picks the kernel (0 = vendor library).
     */
    void gemm(int version, Tensor a, boolean transA, Tensor b, boolean transB, long m, long n, long k,
              long aOffset, long lda, long bOffset, long ldb, Tensor c, long cOffset, long ldc, double alpha, double beta);

    /** Element {@code index} (in elements from the storage start) as double / long. */
    double readDouble(Tensor t, long elementOffset);

    long readLong(Tensor t, long elementOffset);

    void writeDouble(Tensor t, long elementOffset, double value);

    /** Copies a contiguous tensor's elements into a Java primitive array of the matching type. */
    void copyToArray(Tensor src, Object primitiveArray);

    /** Copies a Java primitive array into a contiguous tensor of the matching dtype. */
    void copyFromArray(Object primitiveArray, Tensor dst);

    /** Waits for queued work (no-op on the CPU). */
    void synchronize();
}
