// TesseraNative: the JavaCPP bridge to libtessera_native, the CPU library's flat C ABI
// (native/include/tessera/tessera.h). Nothing but declarations lives here: addresses travel as
// raw longs (about 6 ns a call), strided metadata as one long[] per call, and every function that
// can fail returns a status code whose message comes from ts_last_error().
package dev.tessera.bridge;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Platform;

@Platform(include = "tessera/tessera.h", link = "tessera_native")
public final class TesseraNative {
    static {
        Loader.load();
    }

    private TesseraNative() {}

    /** Loads the native library (idempotent); call before any other member. */
    public static void load() {
        // The static initialiser does the work.
    }

    // common.h
    public static native @Cast("const char*") String ts_last_error();
    public static native @Cast("const char*") String ts_version();
    public static native @Cast("const char*") String ts_dtype_name(int dtype);

    // memory.h
    public static native @Cast("intptr_t") long ts_aligned_alloc(long nbytes);
    public static native void ts_aligned_free(@Cast("void*") long p);
    public static native void ts_memcpy(@Cast("void*") long dst, @Cast("const void*") long src, long nbytes);
    public static native void ts_memcpy(@Cast("void*") long dst, @Cast("const void*") float[] src, long nbytes);
    public static native void ts_memcpy(@Cast("void*") long dst, @Cast("const void*") double[] src, long nbytes);
    public static native void ts_memcpy(@Cast("void*") long dst, @Cast("const void*") int[] src, long nbytes);
    public static native void ts_memcpy(@Cast("void*") long dst, @Cast("const void*") long[] src, long nbytes);
    public static native void ts_memcpy(@Cast("void*") long dst, @Cast("const void*") byte[] src, long nbytes);
    public static native void ts_memcpy(@Cast("void*") float[] dst, @Cast("const void*") long src, long nbytes);
    public static native void ts_memcpy(@Cast("void*") double[] dst, @Cast("const void*") long src, long nbytes);
    public static native void ts_memcpy(@Cast("void*") int[] dst, @Cast("const void*") long src, long nbytes);
    public static native void ts_memcpy(@Cast("void*") long[] dst, @Cast("const void*") long src, long nbytes);
    public static native void ts_memcpy(@Cast("void*") byte[] dst, @Cast("const void*") long src, long nbytes);
    public static native int ts_fill(int dtype, long n, @Cast("void*") long out, double value);
    public static native double ts_read_f64(int dtype, @Cast("const void*") long p);
    public static native long ts_read_i64(int dtype, @Cast("const void*") long p);
    public static native void ts_write_f64(int dtype, @Cast("void*") long p, double value);
    public static native void ts_write_i64(int dtype, @Cast("void*") long p, long value);

    // elementwise.h
    public static native @Cast("const char*") String ts_unary_name(int op);
    public static native int ts_unary_contig(int op, int dtype, long n, @Cast("const void*") long x,
            @Cast("void*") long out, double alpha, double beta);
    public static native int ts_unary_strided(int op, int dtype, int ndim, @Cast("const int64_t*") long[] meta,
            @Cast("const void*") long x, @Cast("void*") long out, double alpha, double beta);
    public static native @Cast("const char*") String ts_binary_name(int op);
    public static native int ts_binary_contig(int op, int dtype, long n, @Cast("const void*") long a,
            @Cast("const void*") long b, @Cast("void*") long out);
    public static native int ts_binary_strided(int op, int dtype, int ndim, @Cast("const int64_t*") long[] meta,
            @Cast("const void*") long a, @Cast("const void*") long b, @Cast("void*") long out);
    public static native int ts_copy_strided(int srcDtype, int dstDtype, int ndim,
            @Cast("const int64_t*") long[] meta, @Cast("const void*") long src, @Cast("void*") long dst);
    public static native int ts_where_strided(int dtype, int ndim, @Cast("const int64_t*") long[] meta,
            @Cast("const void*") long cond, @Cast("const void*") long a, @Cast("const void*") long b,
            @Cast("void*") long out);

    // reduce.h
    public static native @Cast("const char*") String ts_reduce_name(int op);
    public static native int ts_reduce(int op, int dtype, long outer, long n, long inner,
            @Cast("const void*") long x, @Cast("void*") long out, double param);
    public static native int ts_softmax(int dtype, long outer, long n, long inner,
            @Cast("const void*") long x, @Cast("void*") long out, int log);

    // index.h
    public static native int ts_gather(int dtype, int ndim, int dim, @Cast("const int64_t*") long[] meta,
            @Cast("const void*") long x, long xDimSize, @Cast("const int64_t*") long index,
            @Cast("void*") long out);
    public static native int ts_scatter(int dtype, int ndim, int dim, @Cast("const int64_t*") long[] meta,
            @Cast("const void*") long src, @Cast("const int64_t*") long index, @Cast("void*") long out,
            long outDimSize);
    public static native int ts_index_select(int dtype, int ndim, int dim, @Cast("const int64_t*") long[] meta,
            @Cast("const void*") long x, long xDimSize, @Cast("const int64_t*") long index, long nIndex,
            @Cast("void*") long out);

    public static native int ts_scatter_add(int dtype, int ndim, int dim, @Cast("const int64_t*") long[] meta,
            @Cast("const void*") long src, @Cast("const int64_t*") long index, @Cast("void*") long out,
            long outDimSize);
    public static native int ts_index_add(int dtype, int ndim, int dim, @Cast("const int64_t*") long[] meta,
            @Cast("const void*") long src, @Cast("const int64_t*") long index, long nIndex, @Cast("void*") long out,
            long outDimSize);

    // loss.h (a 0 address is NULL: no weights / no pos_weight / gradient not wanted)
    public static native int ts_cross_entropy_forward(int dtype, long n, long c, @Cast("const void*") long x,
            @Cast("const int64_t*") long labels, @Cast("const void*") long weight, double smoothing, long ignoreIndex,
            @Cast("void*") long loss, @Cast("double*") double[] totalWeight);
    public static native int ts_cross_entropy_backward(int dtype, long n, long c, @Cast("const void*") long x,
            @Cast("const int64_t*") long labels, @Cast("const void*") long weight, double smoothing, long ignoreIndex,
            @Cast("const void*") long gradLoss, long gradStride, @Cast("void*") long gradX);
    public static native int ts_nll_forward(int dtype, long n, long c, @Cast("const void*") long x,
            @Cast("const int64_t*") long labels, @Cast("const void*") long weight, long ignoreIndex,
            @Cast("void*") long loss, @Cast("double*") double[] totalWeight);
    public static native int ts_nll_backward(int dtype, long n, long c, @Cast("const int64_t*") long labels,
            @Cast("const void*") long weight, long ignoreIndex, @Cast("const void*") long gradLoss, long gradStride,
            @Cast("void*") long gradX);
    public static native int ts_bce_with_logits_forward(int dtype, long n, @Cast("const void*") long x,
            @Cast("const void*") long y, @Cast("const void*") long posWeight, long c, @Cast("void*") long loss);
    public static native int ts_bce_with_logits_backward(int dtype, long n, @Cast("const void*") long x,
            @Cast("const void*") long y, @Cast("const void*") long posWeight, long c, @Cast("const void*") long gradLoss,
            long gradStride, @Cast("void*") long gradX, @Cast("void*") long gradY);
    public static native int ts_bce_forward(int dtype, long n, @Cast("const void*") long x, @Cast("const void*") long y,
            @Cast("void*") long loss);
    public static native int ts_bce_backward(int dtype, long n, @Cast("const void*") long x, @Cast("const void*") long y,
            @Cast("const void*") long gradLoss, long gradStride, @Cast("void*") long gradX, @Cast("void*") long gradY);
    public static native @Cast("const char*") String ts_pointwise_loss_name(int kind);
    public static native int ts_pointwise_loss_forward(int kind, int dtype, long n, @Cast("const void*") long x,
            @Cast("const void*") long y, double param, @Cast("void*") long loss);
    public static native int ts_pointwise_loss_backward(int kind, int dtype, long n, @Cast("const void*") long x,
            @Cast("const void*") long y, double param, @Cast("const void*") long gradLoss, long gradStride,
            @Cast("void*") long gradX, @Cast("void*") long gradY);
    public static native int ts_kl_div_forward(int dtype, long n, @Cast("const void*") long x, @Cast("const void*") long t,
            int logTarget, @Cast("void*") long loss);
    public static native int ts_kl_div_backward(int dtype, long n, @Cast("const void*") long x, @Cast("const void*") long t,
            int logTarget, @Cast("const void*") long gradLoss, long gradStride, @Cast("void*") long gradX,
            @Cast("void*") long gradT);

    // optim.h
    public static native int ts_sgd_step(int dtype, long n, @Cast("void*") long param, @Cast("const void*") long grad,
            @Cast("void*") long momentumBuf, double lr, double momentum, double dampening, double weightDecay,
            int nesterov, int firstStep);
    public static native int ts_adam_step(int dtype, long n, @Cast("void*") long param, @Cast("const void*") long grad,
            @Cast("void*") long expAvg, @Cast("void*") long expAvgSq, @Cast("void*") long maxExpAvgSq, long step,
            double lr, double beta1, double beta2, double eps, double weightDecay, int decoupled);
    public static native int ts_rmsprop_step(int dtype, long n, @Cast("void*") long param, @Cast("const void*") long grad,
            @Cast("void*") long squareAvg, @Cast("void*") long gradAvg, @Cast("void*") long momentumBuf, double lr,
            double alpha, double eps, double weightDecay, double momentum, int centered);
    public static native int ts_adagrad_step(int dtype, long n, @Cast("void*") long param, @Cast("const void*") long grad,
            @Cast("void*") long stateSum, long step, double lr, double lrDecay, double weightDecay, double eps);

    // gemm.h
    public static native int ts_gemm_version_count();
    public static native @Cast("const char*") String ts_gemm_version_name(int version);
    public static native long ts_gemm_version_features(int version);
    public static native int ts_gemm_default_version();
    public static native @Cast("const char*") String ts_gemm_openblas_core();
    public static native int ts_gemm(int version, int dtype, int transA, int transB, long m, long n, long k,
            double alpha, @Cast("const void*") long a, long lda, @Cast("const void*") long b, long ldb,
            double beta, @Cast("void*") long c, long ldc);

    // cpu.h
    public static native long ts_cpu_features();
    public static native @Cast("const char*") String ts_cpu_feature_name(int bit);
    public static native @Cast("const char*") String ts_cpu_model();
    public static native int ts_cpu_logical_cores();

    // threads.h
    public static native int ts_get_num_threads();
    public static native int ts_set_num_threads(int n);
    public static native int ts_get_deterministic();
    public static native int ts_set_deterministic(int on);

    // peak.h
    public static native double ts_peak_fma_gflops(int millis);
    public static native double ts_stream_gbps(int kind, long bytes, int repeats);


    // conv.h (geometry: TS_CONV2D_GEOMETRY_LEN values in the order of the TS_CONV2D_* indices; bias 0 = none)
    public static native int ts_conv2d_version_count();
    public static native @Cast("const char*") String ts_conv2d_version_name(int version);
    public static native long ts_conv2d_version_features(int version);
    public static native int ts_conv2d_forward(int version, int dtype, @Cast("const int64_t*") long[] geometry,
            @Cast("const void*") long input, @Cast("const void*") long weight, @Cast("const void*") long bias,
            @Cast("void*") long output);
    public static native int ts_conv2d_backward_input(int version, int dtype, @Cast("const int64_t*") long[] geometry,
            @Cast("const void*") long gradOutput, @Cast("const void*") long weight, @Cast("void*") long gradInput);
    public static native int ts_conv2d_backward_weight(int version, int dtype, @Cast("const int64_t*") long[] geometry,
            @Cast("const void*") long input, @Cast("const void*") long gradOutput, @Cast("void*") long gradWeight);
    public static native int ts_conv2d_backward_bias(int dtype, long n, long channels, long spatial,
            @Cast("const void*") long gradOutput, @Cast("void*") long gradBias);

    // pool.h
    public static native int ts_max_pool2d_forward(int dtype, long planes, long h, long w, long outH, long outW,
            long kernelH, long kernelW, long strideH, long strideW, long padH, long padW, long dilationH, long dilationW,
            @Cast("const void*") long x, @Cast("void*") long out, @Cast("int64_t*") long indices);
    public static native int ts_max_pool2d_backward(int dtype, long planes, long h, long w, long outH, long outW,
            @Cast("const void*") long gradOut, @Cast("const int64_t*") long indices, @Cast("void*") long gradX);
    public static native int ts_avg_pool2d_forward(int dtype, long planes, long h, long w, long outH, long outW,
            long kernelH, long kernelW, long strideH, long strideW, long padH, long padW, int countIncludePad,
            @Cast("const void*") long x, @Cast("void*") long out);
    public static native int ts_avg_pool2d_backward(int dtype, long planes, long h, long w, long outH, long outW,
            long kernelH, long kernelW, long strideH, long strideW, long padH, long padW, int countIncludePad,
            @Cast("const void*") long gradOut, @Cast("void*") long gradX);
    public static native int ts_adaptive_avg_pool2d_forward(int dtype, long planes, long h, long w, long outH, long outW,
            @Cast("const void*") long x, @Cast("void*") long out);
    public static native int ts_adaptive_avg_pool2d_backward(int dtype, long planes, long h, long w, long outH, long outW,
            @Cast("const void*") long gradOut, @Cast("void*") long gradX);

    // norm.h
    // (a 0 address is NULL: no weight / bias / running stats, or an output not wanted)
    public static native int ts_batch_norm_forward(int dtype, long n, long c, long inner, @Cast("const void*") long x,
            @Cast("const void*") long weight, @Cast("const void*") long bias, @Cast("void*") long runningMean,
            @Cast("void*") long runningVar, int training, double momentum, double eps, @Cast("void*") long out,
            @Cast("void*") long saveMean, @Cast("void*") long saveInvstd);
    public static native int ts_batch_norm_backward(int dtype, long n, long c, long inner, @Cast("const void*") long x,
            @Cast("const void*") long gradOut, @Cast("const void*") long weight, @Cast("const void*") long saveMean,
            @Cast("const void*") long saveInvstd, int training, @Cast("void*") long gradX, @Cast("void*") long gradWeight,
            @Cast("void*") long gradBias);
    public static native int ts_layer_norm_forward(int dtype, long rows, long cols, @Cast("const void*") long x,
            @Cast("const void*") long weight, @Cast("const void*") long bias, double eps, @Cast("void*") long out,
            @Cast("void*") long saveMean, @Cast("void*") long saveInvstd);
    public static native int ts_layer_norm_backward(int dtype, long rows, long cols, @Cast("const void*") long x,
            @Cast("const void*") long gradOut, @Cast("const void*") long weight, @Cast("const void*") long saveMean,
            @Cast("const void*") long saveInvstd, @Cast("void*") long gradX, @Cast("void*") long gradWeight,
            @Cast("void*") long gradBias);

    // rnn.h
    public static native int ts_lstm_cell_forward(int dtype, long n, long hidden, @Cast("const void*") long gates,
            @Cast("const void*") long biasIh, @Cast("const void*") long biasHh, @Cast("const void*") long cPrev,
            @Cast("void*") long h, @Cast("void*") long c, @Cast("void*") long saved);
    public static native int ts_lstm_cell_backward(int dtype, long n, long hidden, @Cast("const void*") long gradH,
            @Cast("const void*") long gradC, @Cast("const void*") long cPrev, @Cast("const void*") long saved,
            @Cast("void*") long gradGates, @Cast("void*") long gradCPrev);
    public static native int ts_gru_cell_forward(int dtype, long n, long hidden, @Cast("const void*") long gatesX,
            @Cast("const void*") long gatesH, @Cast("const void*") long biasIh, @Cast("const void*") long biasHh,
            @Cast("const void*") long hPrev, @Cast("void*") long h, @Cast("void*") long saved);
    public static native int ts_gru_cell_backward(int dtype, long n, long hidden, @Cast("const void*") long gradH,
            @Cast("const void*") long hPrev, @Cast("const void*") long saved, @Cast("void*") long gradGatesX,
            @Cast("void*") long gradGatesH, @Cast("void*") long gradHPrev);
    public static native int ts_rnn_cell_forward(int dtype, int activation, long n, long hidden,
            @Cast("const void*") long gates, @Cast("const void*") long biasIh, @Cast("const void*") long biasHh,
            @Cast("void*") long h);
    public static native int ts_rnn_cell_backward(int dtype, int activation, long n, long hidden,
            @Cast("const void*") long gradH, @Cast("const void*") long h, @Cast("void*") long gradGates);
}
