// CpuBackend: runs the op table's kernels on the host through the JavaCPP bridge. It builds the
// strided metadata the C ABI expects (shape, then each operand's strides), picks the contiguous
// entry point when every operand is dense, and turns native status codes into Java exceptions.
package dev.tessera.backend.cpu;

import dev.tessera.backend.Backend;
import dev.tessera.backend.KernelException;
import dev.tessera.backend.PointwiseLoss;
import dev.tessera.backend.StridedArgs;
import dev.tessera.bridge.TesseraNative;
import dev.tessera.kernels.Kernels;
import dev.tessera.memory.Allocator;
import dev.tessera.memory.CpuAllocator;
import dev.tessera.ops.BinaryOp;
import dev.tessera.ops.Conv2dParams;
import dev.tessera.ops.PoolWindow;
import dev.tessera.ops.ReduceOp;
import dev.tessera.ops.UnaryOp;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Device;
import dev.tessera.tensor.Tensor;


public final class CpuBackend implements Backend {
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {
        TesseraNative.load();
    }

    @Override
    public Device device() { return Device.CPU; }

    @Override
    public Allocator allocator() { return CpuAllocator.INSTANCE; }

    /** Throws the Java exception for a native status code. */
    static void check(int status, String op) {
        if (status == 0) return;
        String msg = TesseraNative.ts_last_error();
        String text = msg.startsWith(op) ? msg : op + ": " + msg;
        switch (status) {
            case 1: throw new KernelException(text);
            case 2: throw new OutOfMemoryError(text);
            case 3: throw new UnsupportedOperationException(text);
            default: throw new IllegalStateException(text + " (status " + status + ")");
        }
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out, double alpha, double beta) {
        long[] shape = out.shapeRef();
        int status;
        if (StridedArgs.dense(x, shape) && out.isContiguous()) {
            status = TesseraNative.ts_unary_contig(op.code(), x.dtype().code(), out.numel(), x.address(op.name()),
                    out.address(op.name()), alpha, beta);
        } else {
            status = TesseraNative.ts_unary_strided(op.code(), x.dtype().code(), shape.length, StridedArgs.meta(shape, x, out),
                    x.address(op.name()), out.address(op.name()), alpha, beta);
        }
        check(status, op.name());
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        long[] shape = out.shapeRef();
        int status;
        if (StridedArgs.dense(a, shape) && StridedArgs.dense(b, shape) && out.isContiguous()) {
            status = TesseraNative.ts_binary_contig(op.code(), a.dtype().code(), out.numel(), a.address(op.name()),
                    b.address(op.name()), out.address(op.name()));
        } else {
            status = TesseraNative.ts_binary_strided(op.code(), a.dtype().code(), shape.length, StridedArgs.meta(shape, a, b, out),
                    a.address(op.name()), b.address(op.name()), out.address(op.name()));
        }
        check(status, op.name());
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        long[] shape = dst.shapeRef();
        if (src.dtype() == dst.dtype() && StridedArgs.dense(src, shape) && dst.isContiguous()) {
            TesseraNative.ts_memcpy(dst.address("copy"), src.address("copy"), dst.numel() * dst.dtype().size());
            return;
        }
        check(TesseraNative.ts_copy_strided(src.dtype().code(), dst.dtype().code(), shape.length, StridedArgs.meta(shape, src, dst),
                src.address("copy"), dst.address("copy")), "copy");
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        long[] shape = out.shapeRef();
        check(TesseraNative.ts_where_strided(out.dtype().code(), shape.length, StridedArgs.meta(shape, cond, a, b, out),
                cond.address("where"), a.address("where"), b.address("where"), out.address("where")), "where");
    }

    @Override
    public void fill(Tensor out, double value) {
        check(TesseraNative.ts_fill(out.dtype().code(), out.numel(), out.address("fill"), value), "fill");
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, long outer, long n, long inner, Tensor out, double param) {
        check(TesseraNative.ts_reduce(op.code(), x.dtype().code(), outer, n, inner, x.address(op.name()),
                out.address(op.name()), param), op.name());
    }

    @Override
    public void softmax(Tensor x, long outer, long n, long inner, Tensor out, boolean log) {
        String name = log ? "log_softmax" : "softmax";
        check(TesseraNative.ts_softmax(x.dtype().code(), outer, n, inner, x.address(name), out.address(name), log ? 1 : 0), name);
    }

    @Override
    public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        long[] shape = index.shapeRef();
        long[] meta = StridedArgs.concat(shape, x.stridesRef(), index.stridesRef(), out.stridesRef());
        check(TesseraNative.ts_gather(x.dtype().code(), shape.length, dim, meta, x.address("gather"), x.shapeRef()[dim],
                index.address("gather"), out.address("gather")), "gather");
    }

    @Override
    public void scatter(Tensor src, int dim, Tensor index, Tensor out) {
        long[] shape = index.shapeRef();
        long[] meta = StridedArgs.concat(shape, src.stridesRef(), index.stridesRef(), out.stridesRef());
        check(TesseraNative.ts_scatter(out.dtype().code(), shape.length, dim, meta, src.address("scatter"),
                index.address("scatter"), out.address("scatter"), out.shapeRef()[dim]), "scatter");
    }

    @Override
    public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        long[] shape = out.shapeRef();
        long[] meta = StridedArgs.concat(shape, x.stridesRef(), out.stridesRef());
        check(TesseraNative.ts_index_select(x.dtype().code(), shape.length, dim, meta, x.address("index_select"),
                x.shapeRef()[dim], index.address("index_select"), index.numel(), out.address("index_select")), "index_select");
    }

    @Override
    public void scatterAdd(Tensor src, int dim, Tensor index, Tensor out) {
        long[] shape = index.shapeRef();
        long[] meta = StridedArgs.concat(shape, src.stridesRef(), index.stridesRef(), out.stridesRef());
        long dimSize = out.dim() == 0 ? 1 : out.shapeRef()[dim];
        check(TesseraNative.ts_scatter_add(out.dtype().code(), shape.length, dim, meta, src.address("scatter_add"),
                index.address("scatter_add"), out.address("scatter_add"), dimSize), "scatter_add");
    }

    @Override
    public void indexAdd(Tensor src, int dim, Tensor index, Tensor out) {
        long[] shape = src.shapeRef();
        long[] meta = StridedArgs.concat(shape, src.stridesRef(), out.stridesRef());
        long dimSize = out.dim() == 0 ? 1 : out.shapeRef()[dim];
        check(TesseraNative.ts_index_add(out.dtype().code(), shape.length, dim, meta, src.address("index_add"),
                index.address("index_add"), index.numel(), out.address("index_add"), dimSize), "index_add");
    }

    // ------------------------------------------------------------------ fused losses and optimizer steps (FusedKernels)

    @Override
    public double crossEntropyForward(Tensor logits, Tensor labels, Tensor weight, double smoothing, long ignoreIndex,
                                      Tensor lossPerSample) {
        return FusedKernels.crossEntropyForward(logits, labels, weight, smoothing, ignoreIndex, lossPerSample);
    }

    @Override
    public void crossEntropyBackward(Tensor logits, Tensor labels, Tensor weight, double smoothing, long ignoreIndex,
                                     Tensor gradLoss, Tensor gradLogits) {
        FusedKernels.crossEntropyBackward(logits, labels, weight, smoothing, ignoreIndex, gradLoss, gradLogits);
    }

    @Override
    public double nllForward(Tensor logProbs, Tensor labels, Tensor weight, long ignoreIndex, Tensor lossPerSample) {
        return FusedKernels.nllForward(logProbs, labels, weight, ignoreIndex, lossPerSample);
    }

    @Override
    public void nllBackward(Tensor labels, Tensor weight, long ignoreIndex, Tensor gradLoss, Tensor gradLogProbs) {
        FusedKernels.nllBackward(labels, weight, ignoreIndex, gradLoss, gradLogProbs);
    }

    @Override
    public void bceWithLogitsForward(Tensor logits, Tensor target, Tensor posWeight, Tensor loss) {
        FusedKernels.bceWithLogitsForward(logits, target, posWeight, loss);
    }

    @Override
    public void bceWithLogitsBackward(Tensor logits, Tensor target, Tensor posWeight, Tensor gradLoss, Tensor gradLogits,
                                      Tensor gradTarget) {
        FusedKernels.bceWithLogitsBackward(logits, target, posWeight, gradLoss, gradLogits, gradTarget);
    }

    @Override
    public void bceForward(Tensor probs, Tensor target, Tensor loss) {
        FusedKernels.bceForward(probs, target, loss);
    }

    @Override
    public void bceBackward(Tensor probs, Tensor target, Tensor gradLoss, Tensor gradProbs, Tensor gradTarget) {
        FusedKernels.bceBackward(probs, target, gradLoss, gradProbs, gradTarget);
    }

    @Override
    public void pointwiseLossForward(PointwiseLoss kind, Tensor input, Tensor target, double param, Tensor loss) {
        FusedKernels.pointwiseLossForward(kind, input, target, param, loss);
    }

    @Override
    public void pointwiseLossBackward(PointwiseLoss kind, Tensor input, Tensor target, double param, Tensor gradLoss,
                                      Tensor gradInput, Tensor gradTarget) {
        FusedKernels.pointwiseLossBackward(kind, input, target, param, gradLoss, gradInput, gradTarget);
    }

    @Override
    public void klDivForward(Tensor input, Tensor target, boolean logTarget, Tensor loss) {
        FusedKernels.klDivForward(input, target, logTarget, loss);
    }

    @Override
    public void klDivBackward(Tensor input, Tensor target, boolean logTarget, Tensor gradLoss, Tensor gradInput,
                              Tensor gradTarget) {
        FusedKernels.klDivBackward(input, target, logTarget, gradLoss, gradInput, gradTarget);
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor momentumBuf, double lr, double momentum, double dampening,
                        double weightDecay, boolean nesterov, boolean firstStep) {
        FusedKernels.sgdStep(param, grad, momentumBuf, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, long step, double lr,
                         double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        FusedKernels.adamStep(param, grad, expAvg, expAvgSq, maxExpAvgSq, step, lr, beta1, beta2, eps, weightDecay, decoupled);
    }

    @Override
    public void rmspropStep(Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor momentumBuf, double lr,
                            double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        FusedKernels.rmspropStep(param, grad, squareAvg, gradAvg, momentumBuf, lr, alpha, eps, weightDecay, momentum, centered);
    }

    @Override
    public void adagradStep(Tensor param, Tensor grad, Tensor stateSum, long step, double lr, double lrDecay,
                            double weightDecay, double eps) {
        FusedKernels.adagradStep(param, grad, stateSum, step, lr, lrDecay, weightDecay, eps);
    }

    @Override
    public void gemm(int version, Tensor a, boolean transA, Tensor b, boolean transB, long m, long n, long k,
                     long aOffset, long lda, long bOffset, long ldb, Tensor c, long cOffset, long ldc, double alpha, double beta) {
        DType dt = c.dtype();
        int size = dt.size();
        long pa = a.address("matmul") + aOffset * size;
        long pb = b.address("matmul") + bOffset * size;
        long pc = c.address("matmul") + cOffset * size;
        if (version == 0) {
            OpenBlas.gemm(dt, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        } else {
            check(TesseraNative.ts_gemm(version, dt.code(), transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, pa, lda, pb, ldb,
                    beta, pc, ldc), "matmul");
        }
    }

    @Override
    public double readDouble(Tensor t, long elementOffset) {
        return TesseraNative.ts_read_f64(t.dtype().code(), t.storage().address() + elementOffset * t.dtype().size());
    }

    @Override
    public long readLong(Tensor t, long elementOffset) {
        return TesseraNative.ts_read_i64(t.dtype().code(), t.storage().address() + elementOffset * t.dtype().size());
    }

    @Override
    public void writeDouble(Tensor t, long elementOffset, double value) {
        TesseraNative.ts_write_f64(t.dtype().code(), t.storage().address() + elementOffset * t.dtype().size(), value);
    }

    @Override
    public void copyToArray(Tensor src, Object array) {
        long address = src.address("toArray");
        long nbytes = src.numel() * src.dtype().size();
        if (array instanceof float[]) TesseraNative.ts_memcpy((float[]) array, address, nbytes);
        else if (array instanceof double[]) TesseraNative.ts_memcpy((double[]) array, address, nbytes);
        else if (array instanceof int[]) TesseraNative.ts_memcpy((int[]) array, address, nbytes);
        else if (array instanceof long[]) TesseraNative.ts_memcpy((long[]) array, address, nbytes);
        else if (array instanceof byte[]) TesseraNative.ts_memcpy((byte[]) array, address, nbytes);
        else throw new IllegalArgumentException("toArray: unsupported array type " + array.getClass().getSimpleName());
    }

    @Override
    public void copyFromArray(Object array, Tensor dst) {
        long address = dst.address("fromArray");
        long nbytes = dst.numel() * dst.dtype().size();
        if (nbytes == 0) return;
        if (array instanceof float[]) TesseraNative.ts_memcpy(address, (float[]) array, nbytes);
        else if (array instanceof double[]) TesseraNative.ts_memcpy(address, (double[]) array, nbytes);
        else if (array instanceof int[]) TesseraNative.ts_memcpy(address, (int[]) array, nbytes);
        else if (array instanceof long[]) TesseraNative.ts_memcpy(address, (long[]) array, nbytes);
        else if (array instanceof byte[]) TesseraNative.ts_memcpy(address, (byte[]) array, nbytes);
        else throw new IllegalArgumentException("fromArray: unsupported array type " + array.getClass().getSimpleName());
    }

    @Override
    public void synchronize() {
        // CPU kernels finish before they return.
    }

    // ------------------------------------------------------------------ convolution

    @Override
    public void conv2dForward(int version, Tensor input, Tensor weight, Tensor bias, Conv2dParams params, Tensor output) {
        ConvKernels.forward(version, input, weight, bias, params, output);
    }

    @Override
    public void conv2dBackwardInput(int version, Tensor gradOutput, Tensor weight, Conv2dParams params, Tensor gradInput) {
        ConvKernels.backwardInput(version, gradOutput, weight, params, gradInput);
    }

    @Override
    public void conv2dBackwardWeight(int version, Tensor input, Tensor gradOutput, Conv2dParams params, Tensor gradWeight) {
        ConvKernels.backwardWeight(version, input, gradOutput, params, gradWeight);
    }

    @Override
    public void conv2dBackwardBias(Tensor gradOutput, Tensor gradBias) {
        ConvKernels.backwardBias(gradOutput, gradBias);
    }

    // ------------------------------------------------------------------ pooling
    // (PoolNormKernels)

    @Override
    public void maxPool2dForward(Tensor x, PoolWindow window, Tensor out, Tensor indices) {
        PoolNormKernels.maxPool2dForward(x, window, out, indices);
    }

    @Override
    public void maxPool2dBackward(Tensor gradOut, Tensor indices, Tensor gradInput) {
        PoolNormKernels.maxPool2dBackward(gradOut, indices, gradInput);
    }

    @Override
    public void avgPool2dForward(Tensor x, PoolWindow window, boolean countIncludePad, Tensor out) {
        PoolNormKernels.avgPool2dForward(x, window, countIncludePad, out);
    }

    @Override
    public void avgPool2dBackward(Tensor gradOut, PoolWindow window, boolean countIncludePad, Tensor gradInput) {
        PoolNormKernels.avgPool2dBackward(gradOut, window, countIncludePad, gradInput);
    }

    @Override
    public void adaptiveAvgPool2dForward(Tensor x, Tensor out) {
        PoolNormKernels.adaptiveAvgPool2dForward(x, out);
    }

    @Override
    public void adaptiveAvgPool2dBackward(Tensor gradOut, Tensor gradInput) {
        PoolNormKernels.adaptiveAvgPool2dBackward(gradOut, gradInput);
    }

    // ------------------------------------------------------------------ normalisation
    // (PoolNormKernels)

    @Override
    public void batchNormForward(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, boolean training,
                                 double momentum, double eps, Tensor out, Tensor saveMean, Tensor saveInvstd) {
        PoolNormKernels.batchNormForward(x, weight, bias, runningMean, runningVar, training, momentum, eps, out, saveMean, saveInvstd);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gradOut, Tensor weight, Tensor saveMean, Tensor saveInvstd, boolean training,
                                  Tensor gradInput, Tensor gradWeight, Tensor gradBias) {
        PoolNormKernels.batchNormBackward(x, gradOut, weight, saveMean, saveInvstd, training, gradInput, gradWeight, gradBias);
    }

    @Override
    public void layerNormForward(Tensor x, long cols, Tensor weight, Tensor bias, double eps, Tensor out, Tensor saveMean,
                                 Tensor saveInvstd) {
        PoolNormKernels.layerNormForward(x, cols, weight, bias, eps, out, saveMean, saveInvstd);
    }

    @Override
    public void layerNormBackward(Tensor x, long cols, Tensor gradOut, Tensor weight, Tensor saveMean, Tensor saveInvstd,
                                  Tensor gradInput, Tensor gradWeight, Tensor gradBias) {
        PoolNormKernels.layerNormBackward(x, cols, gradOut, weight, saveMean, saveInvstd, gradInput, gradWeight, gradBias);
    }

    // ------------------------------------------------------------------ recurrent cells

    @Override
    public void lstmCellForward(Tensor gates, Tensor biasIh, Tensor biasHh, Tensor cPrev, Tensor h, Tensor c, Tensor saved) {
        RecurrentKernels.lstmCellForward(gates, biasIh, biasHh, cPrev, h, c, saved);
    }

    @Override
    public void lstmCellBackward(Tensor gradH, Tensor gradC, Tensor cPrev, Tensor saved, Tensor gradGates, Tensor gradCPrev) {
        RecurrentKernels.lstmCellBackward(gradH, gradC, cPrev, saved, gradGates, gradCPrev);
    }

    @Override
    public void gruCellForward(Tensor gatesX, Tensor gatesH, Tensor biasIh, Tensor biasHh, Tensor hPrev, Tensor h, Tensor saved) {
        RecurrentKernels.gruCellForward(gatesX, gatesH, biasIh, biasHh, hPrev, h, saved);
    }

    @Override
    public void gruCellBackward(Tensor gradH, Tensor hPrev, Tensor saved, Tensor gradGatesX, Tensor gradGatesH, Tensor gradHPrev) {
        RecurrentKernels.gruCellBackward(gradH, hPrev, saved, gradGatesX, gradGatesH, gradHPrev);
    }

    @Override
    public void rnnCellForward(boolean relu, Tensor gates, Tensor biasIh, Tensor biasHh, Tensor h) {
        RecurrentKernels.rnnCellForward(relu, gates, biasIh, biasHh, h);
    }

    @Override
    public void rnnCellBackward(boolean relu, Tensor gradH, Tensor h, Tensor gradGates) {
        RecurrentKernels.rnnCellBackward(relu, gradH, h, gradGates);
    }

    /** Which gemm version matmul uses right now (see dev.tessera.kernels.Kernels). */
    public static int gemmVersion() { return Kernels.MATMUL.selected().number(); }
}
