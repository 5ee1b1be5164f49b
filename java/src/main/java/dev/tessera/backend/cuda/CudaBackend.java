// CudaBackend: runs the op table on one CUDA device. Every kernel is queued on the device's one
// compute stream and nothing synchronises until a result is read on the host (readDouble,
// copyToArray, synchronize); CUDA errors come back as CudaException naming the op. Storage comes
// from a CachingDeviceAllocator over cudaMalloc. The kernels live in per-family classes
// (CudaElementwise, CudaGemm, ...) over the ABI in kernels/include/tessera_cuda/.
package dev.tessera.backend.cuda;

import dev.tessera.backend.Backend;
import dev.tessera.backend.PointwiseLoss;
import dev.tessera.bridge.TesseraCuda;
import dev.tessera.bridge.TesseraNative;
import dev.tessera.memory.Allocator;
import dev.tessera.memory.CachingDeviceAllocator;
import dev.tessera.memory.RawDeviceMemory;
import dev.tessera.memory.CpuAllocator;
import dev.tessera.ops.BinaryOp;
import dev.tessera.ops.Conv2dParams;
import dev.tessera.ops.PoolWindow;
import dev.tessera.ops.ReduceOp;
import dev.tessera.ops.UnaryOp;
import dev.tessera.tensor.Device;
import dev.tessera.tensor.Tensor;

public final class CudaBackend implements Backend {
    private static final CudaBackend[] DEVICES = new CudaBackend[64];

    private final Device device;
    private final long stream;
    private final CachingDeviceAllocator allocator;

    private CudaBackend(int index) {
        this.device = Device.cuda(index);
        Cuda.check(TesseraCuda.tsc_set_device(index), "cuda:" + index);
        long[] s = new long[1];
        Cuda.check(TesseraCuda.tsc_stream_create(s), "stream_create");
        this.stream = s[0];
        this.allocator = new CachingDeviceAllocator(device, new RawDeviceMemory() {
            @Override
            public long malloc(long nbytes) {
                enter();
                long[] p = new long[1];
                int status = TesseraCuda.tsc_malloc(nbytes, p);
                if (status == 2) return 0;
                Cuda.check(status, "cudaMalloc");
                return p[0];
            }

            @Override
            public void free(long address) {
                enter();
                Cuda.check(TesseraCuda.tsc_free(address), "cudaFree");
            }
        }, stream);
    }

    /**
     * The backend of CUDA device {@code index}; throws UnsupportedOperationException with the reason
     * when CUDA can't be used here, IllegalArgumentException for a device that does not exist.
     */
    public static synchronized CudaBackend of(int index) {
        CudaStatus status = CudaStatus.get();
        if (!status.available()) throw new UnsupportedOperationException("device cuda:" + index + " is not available: " + status.reason());
        if (index >= status.deviceCount())
            throw new IllegalArgumentException("device cuda:" + index + " does not exist (" + status.deviceCount() + " CUDA device(s))");
        if (DEVICES[index] == null) DEVICES[index] = new CudaBackend(index);
        return DEVICES[index];
    }

    static UnsupportedOperationException notWritten(String op) {
        return new UnsupportedOperationException(op + ": no CUDA kernel yet");
    }

    @Override
    public Device device() { return device; }

    @Override
    public Allocator allocator() { return allocator; }

    /** The stream every kernel of this device is queued on. */
    long stream() { return stream; }

    /** Makes this device current on the calling thread; the families call it before each launch. */
    void enter() {
        Cuda.check(TesseraCuda.tsc_set_device(device.index()), device.toString());
    }

    /** Copies nbytes from device address src into host memory at dst and waits for it. */
    private void toHost(long dst, long src, long nbytes, String op) {
        enter();
        Cuda.check(TesseraCuda.tsc_memcpy_async(stream, dst, src, nbytes), op);
        Cuda.check(TesseraCuda.tsc_stream_synchronize(stream), op);
    }

    /** Copies nbytes from host memory at src to device address dst; src may be reused on return. */
    private void fromHost(long dst, long src, long nbytes, String op) {
        enter();
        Cuda.check(TesseraCuda.tsc_memcpy_async(stream, dst, src, nbytes), op);
        Cuda.check(TesseraCuda.tsc_stream_synchronize(stream), op);
    }

    private static long elementAddress(Tensor t, long elementOffset) {
        return t.storage().address() + elementOffset * t.dtype().size();
    }

    @Override
    public double readDouble(Tensor t, long elementOffset) {
        long host = CpuAllocator.INSTANCE.allocate(8);
        try {
            toHost(host, elementAddress(t, elementOffset), t.dtype().size(), "item");
            return TesseraNative.ts_read_f64(t.dtype().code(), host);
        } finally {
            CpuAllocator.INSTANCE.free(host, 8);
        }
    }

    @Override
    public long readLong(Tensor t, long elementOffset) {
        long host = CpuAllocator.INSTANCE.allocate(8);
        try {
            toHost(host, elementAddress(t, elementOffset), t.dtype().size(), "item");
            return TesseraNative.ts_read_i64(t.dtype().code(), host);
        } finally {
            CpuAllocator.INSTANCE.free(host, 8);
        }
    }

    @Override
    public void writeDouble(Tensor t, long elementOffset, double value) {
        long host = CpuAllocator.INSTANCE.allocate(8);
        try {
            TesseraNative.ts_write_f64(t.dtype().code(), host, value);
            fromHost(elementAddress(t, elementOffset), host, t.dtype().size(), "set");
        } finally {
            CpuAllocator.INSTANCE.free(host, 8);
        }
    }

    @Override
    public void copyToArray(Tensor src, Object array) {
        long nbytes = src.numel() * src.dtype().size();
        if (nbytes == 0) return;
        long host = CpuAllocator.INSTANCE.allocate(nbytes);
        try {
            toHost(host, src.address("toArray"), nbytes, "toArray");
            if (array instanceof float[]) TesseraNative.ts_memcpy((float[]) array, host, nbytes);
            else if (array instanceof double[]) TesseraNative.ts_memcpy((double[]) array, host, nbytes);
            else if (array instanceof int[]) TesseraNative.ts_memcpy((int[]) array, host, nbytes);
            else if (array instanceof long[]) TesseraNative.ts_memcpy((long[]) array, host, nbytes);
            else if (array instanceof byte[]) TesseraNative.ts_memcpy((byte[]) array, host, nbytes);
            else throw new IllegalArgumentException("toArray: unsupported array type " + array.getClass().getSimpleName());
        } finally {
            CpuAllocator.INSTANCE.free(host, nbytes);
        }
    }

    @Override
    public void copyFromArray(Object array, Tensor dst) {
        long nbytes = dst.numel() * dst.dtype().size();
        if (nbytes == 0) return;
        long host = CpuAllocator.INSTANCE.allocate(nbytes);
        try {
            if (array instanceof float[]) TesseraNative.ts_memcpy(host, (float[]) array, nbytes);
            else if (array instanceof double[]) TesseraNative.ts_memcpy(host, (double[]) array, nbytes);
            else if (array instanceof int[]) TesseraNative.ts_memcpy(host, (int[]) array, nbytes);
            else if (array instanceof long[]) TesseraNative.ts_memcpy(host, (long[]) array, nbytes);
            else if (array instanceof byte[]) TesseraNative.ts_memcpy(host, (byte[]) array, nbytes);
            else throw new IllegalArgumentException("fromArray: unsupported array type " + array.getClass().getSimpleName());
            fromHost(dst.address("fromArray"), host, nbytes, "fromArray");
        } finally {
            CpuAllocator.INSTANCE.free(host, nbytes);
        }
    }

    @Override
    public void synchronize() {
        enter();
        Cuda.check(TesseraCuda.tsc_stream_synchronize(stream), "synchronize");
    }

    // ------------------------------------------------------------------ CudaElementwise

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out, double alpha, double beta) {
        CudaElementwise.unary(this, op, x, out, alpha, beta);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        CudaElementwise.binary(this, op, a, b, out);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        CudaElementwise.copy(this, src, dst);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        CudaElementwise.where(this, cond, a, b, out);
    }

    @Override
    public void fill(Tensor out, double value) {
        CudaElementwise.fill(this, out, value);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, long outer, long n, long inner, Tensor out, double param) {
        CudaElementwise.reduce(this, op, x, outer, n, inner, out, param);
    }

    @Override
    public void softmax(Tensor x, long outer, long n, long inner, Tensor out, boolean log) {
        CudaElementwise.softmax(this, x, outer, n, inner, out, log);
    }

    // ------------------------------------------------------------------ CudaIndexing

    @Override
    public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        CudaIndexing.gather(this, x, dim, index, out);
    }

    @Override
    public void scatter(Tensor src, int dim, Tensor index, Tensor out) {
        CudaIndexing.scatter(this, src, dim, index, out);
    }

    @Override
    public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        CudaIndexing.indexSelect(this, x, dim, index, out);
    }

    @Override
    public void scatterAdd(Tensor src, int dim, Tensor index, Tensor out) {
        CudaIndexing.scatterAdd(this, src, dim, index, out);
    }

    @Override
    public void indexAdd(Tensor src, int dim, Tensor index, Tensor out) {
        CudaIndexing.indexAdd(this, src, dim, index, out);
    }

    // ------------------------------------------------------------------ CudaLosses

    @Override
    public double crossEntropyForward(Tensor logits, Tensor labels, Tensor weight, double smoothing, long ignoreIndex, Tensor lossPerSample) {
        return CudaLosses.crossEntropyForward(this, logits, labels, weight, smoothing, ignoreIndex, lossPerSample);
    }

    @Override
    public void crossEntropyBackward(Tensor logits, Tensor labels, Tensor weight, double smoothing, long ignoreIndex, Tensor gradLoss, Tensor gradLogits) {
        CudaLosses.crossEntropyBackward(this, logits, labels, weight, smoothing, ignoreIndex, gradLoss, gradLogits);
    }

    @Override
    public double nllForward(Tensor logProbs, Tensor labels, Tensor weight, long ignoreIndex, Tensor lossPerSample) {
        return CudaLosses.nllForward(this, logProbs, labels, weight, ignoreIndex, lossPerSample);
    }

    @Override
    public void nllBackward(Tensor labels, Tensor weight, long ignoreIndex, Tensor gradLoss, Tensor gradLogProbs) {
        CudaLosses.nllBackward(this, labels, weight, ignoreIndex, gradLoss, gradLogProbs);
    }

    @Override
    public void bceWithLogitsForward(Tensor logits, Tensor target, Tensor posWeight, Tensor loss) {
        CudaLosses.bceWithLogitsForward(this, logits, target, posWeight, loss);
    }

    @Override
    public void bceWithLogitsBackward(Tensor logits, Tensor target, Tensor posWeight, Tensor gradLoss, Tensor gradLogits, Tensor gradTarget) {
        CudaLosses.bceWithLogitsBackward(this, logits, target, posWeight, gradLoss, gradLogits, gradTarget);
    }

    @Override
    public void bceForward(Tensor probs, Tensor target, Tensor loss) {
        CudaLosses.bceForward(this, probs, target, loss);
    }

    @Override
    public void bceBackward(Tensor probs, Tensor target, Tensor gradLoss, Tensor gradProbs, Tensor gradTarget) {
        CudaLosses.bceBackward(this, probs, target, gradLoss, gradProbs, gradTarget);
    }

    @Override
    public void pointwiseLossForward(PointwiseLoss kind, Tensor input, Tensor target, double param, Tensor loss) {
        CudaLosses.pointwiseLossForward(this, kind, input, target, param, loss);
    }

    @Override
    public void pointwiseLossBackward(PointwiseLoss kind, Tensor input, Tensor target, double param, Tensor gradLoss, Tensor gradInput, Tensor gradTarget) {
        CudaLosses.pointwiseLossBackward(this, kind, input, target, param, gradLoss, gradInput, gradTarget);
    }

    @Override
    public void klDivForward(Tensor input, Tensor target, boolean logTarget, Tensor loss) {
        CudaLosses.klDivForward(this, input, target, logTarget, loss);
    }

    @Override
    public void klDivBackward(Tensor input, Tensor target, boolean logTarget, Tensor gradLoss, Tensor gradInput, Tensor gradTarget) {
        CudaLosses.klDivBackward(this, input, target, logTarget, gradLoss, gradInput, gradTarget);
    }

    // ------------------------------------------------------------------ CudaOptimizers

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor momentumBuf, double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean firstStep) {
        CudaOptimizers.sgdStep(this, param, grad, momentumBuf, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, long step, double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        CudaOptimizers.adamStep(this, param, grad, expAvg, expAvgSq, maxExpAvgSq, step, lr, beta1, beta2, eps, weightDecay, decoupled);
    }

    @Override
    public void rmspropStep(Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor momentumBuf, double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        CudaOptimizers.rmspropStep(this, param, grad, squareAvg, gradAvg, momentumBuf, lr, alpha, eps, weightDecay, momentum, centered);
    }

    @Override
    public void adagradStep(Tensor param, Tensor grad, Tensor stateSum, long step, double lr, double lrDecay, double weightDecay, double eps) {
        CudaOptimizers.adagradStep(this, param, grad, stateSum, step, lr, lrDecay, weightDecay, eps);
    }

    // ------------------------------------------------------------------ CudaGemm

    @Override
    public void gemm(int version, Tensor a, boolean transA, Tensor b, boolean transB, long m, long n, long k, long aOffset, long lda, long bOffset, long ldb, Tensor c, long cOffset, long ldc, double alpha, double beta) {
        CudaGemm.gemm(this, version, a, transA, b, transB, m, n, k, aOffset, lda, bOffset, ldb, c, cOffset, ldc, alpha, beta);
    }

    // ------------------------------------------------------------------ CudaConv

    @Override
    public void conv2dForward(int version, Tensor input, Tensor weight, Tensor bias, Conv2dParams params, Tensor output) {
        CudaConv.conv2dForward(this, version, input, weight, bias, params, output);
    }

    @Override
    public void conv2dBackwardInput(int version, Tensor gradOutput, Tensor weight, Conv2dParams params, Tensor gradInput) {
        CudaConv.conv2dBackwardInput(this, version, gradOutput, weight, params, gradInput);
    }

    @Override
    public void conv2dBackwardWeight(int version, Tensor input, Tensor gradOutput, Conv2dParams params, Tensor gradWeight) {
        CudaConv.conv2dBackwardWeight(this, version, input, gradOutput, params, gradWeight);
    }

    @Override
    public void conv2dBackwardBias(Tensor gradOutput, Tensor gradBias) {
        CudaConv.conv2dBackwardBias(this, gradOutput, gradBias);
    }

    // ------------------------------------------------------------------ CudaPooling

    @Override
    public void maxPool2dForward(Tensor x, PoolWindow window, Tensor out, Tensor indices) {
        CudaPooling.maxPool2dForward(this, x, window, out, indices);
    }

    @Override
    public void maxPool2dBackward(Tensor gradOut, Tensor indices, Tensor gradInput) {
        CudaPooling.maxPool2dBackward(this, gradOut, indices, gradInput);
    }

    @Override
    public void avgPool2dForward(Tensor x, PoolWindow window, boolean countIncludePad, Tensor out) {
        CudaPooling.avgPool2dForward(this, x, window, countIncludePad, out);
    }

    @Override
    public void avgPool2dBackward(Tensor gradOut, PoolWindow window, boolean countIncludePad, Tensor gradInput) {
        CudaPooling.avgPool2dBackward(this, gradOut, window, countIncludePad, gradInput);
    }

    @Override
    public void adaptiveAvgPool2dForward(Tensor x, Tensor out) {
        CudaPooling.adaptiveAvgPool2dForward(this, x, out);
    }

    @Override
    public void adaptiveAvgPool2dBackward(Tensor gradOut, Tensor gradInput) {
        CudaPooling.adaptiveAvgPool2dBackward(this, gradOut, gradInput);
    }

    // ------------------------------------------------------------------ CudaNorm

    @Override
    public void batchNormForward(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, boolean training, double momentum, double eps, Tensor out, Tensor saveMean, Tensor saveInvstd) {
        CudaNorm.batchNormForward(this, x, weight, bias, runningMean, runningVar, training, momentum, eps, out, saveMean, saveInvstd);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gradOut, Tensor weight, Tensor saveMean, Tensor saveInvstd, boolean training, Tensor gradInput, Tensor gradWeight, Tensor gradBias) {
        CudaNorm.batchNormBackward(this, x, gradOut, weight, saveMean, saveInvstd, training, gradInput, gradWeight, gradBias);
    }

    @Override
    public void layerNormForward(Tensor x, long cols, Tensor weight, Tensor bias, double eps, Tensor out, Tensor saveMean, Tensor saveInvstd) {
        CudaNorm.layerNormForward(this, x, cols, weight, bias, eps, out, saveMean, saveInvstd);
    }

    @Override
    public void layerNormBackward(Tensor x, long cols, Tensor gradOut, Tensor weight, Tensor saveMean, Tensor saveInvstd, Tensor gradInput, Tensor gradWeight, Tensor gradBias) {
        CudaNorm.layerNormBackward(this, x, cols, gradOut, weight, saveMean, saveInvstd, gradInput, gradWeight, gradBias);
    }

    // ------------------------------------------------------------------ CudaRecurrent

    @Override
    public void lstmCellForward(Tensor gates, Tensor biasIh, Tensor biasHh, Tensor cPrev, Tensor h, Tensor c, Tensor saved) {
        CudaRecurrent.lstmCellForward(this, gates, biasIh, biasHh, cPrev, h, c, saved);
    }

    @Override
    public void lstmCellBackward(Tensor gradH, Tensor gradC, Tensor cPrev, Tensor saved, Tensor gradGates, Tensor gradCPrev) {
        CudaRecurrent.lstmCellBackward(this, gradH, gradC, cPrev, saved, gradGates, gradCPrev);
    }

    @Override
    public void gruCellForward(Tensor gatesX, Tensor gatesH, Tensor biasIh, Tensor biasHh, Tensor hPrev, Tensor h, Tensor saved) {
        CudaRecurrent.gruCellForward(this, gatesX, gatesH, biasIh, biasHh, hPrev, h, saved);
    }

    @Override
    public void gruCellBackward(Tensor gradH, Tensor hPrev, Tensor saved, Tensor gradGatesX, Tensor gradGatesH, Tensor gradHPrev) {
        CudaRecurrent.gruCellBackward(this, gradH, hPrev, saved, gradGatesX, gradGatesH, gradHPrev);
    }

    @Override
    public void rnnCellForward(boolean relu, Tensor gates, Tensor biasIh, Tensor biasHh, Tensor h) {
        CudaRecurrent.rnnCellForward(this, relu, gates, biasIh, biasHh, h);
    }

    @Override
    public void rnnCellBackward(boolean relu, Tensor gradH, Tensor h, Tensor gradGates) {
        CudaRecurrent.rnnCellBackward(this, relu, gradH, h, gradGates);
    }
}
