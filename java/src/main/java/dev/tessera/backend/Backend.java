// Backend: what a device must provide to run the op table: an allocator, the kernels (each called
// with validated tensors and an allocated output) and synchronisation. The op layer (dev.tessera.ops)
// does all checking and shape inference in Java before it calls in here.
package dev.tessera.backend;

import dev.tessera.memory.Allocator;
import dev.tessera.ops.BinaryOp;
import dev.tessera.ops.Conv2dParams;
import dev.tessera.ops.PoolWindow;
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
     * out[index along dim] += src for every element of index (torch.scatter_add_; out already holds
     * the base values). src has out's dtype; repeated indices accumulate deterministically.
     */
    void scatterAdd(Tensor src, int dim, Tensor index, Tensor out);

    /**
     * out.index_add_(dim, index, src): out[.., index[i], ..] += src[.., i, ..] for a contiguous 1-D
     * I64 index with src.shape[dim] entries; src has out's dtype. Repeated indices accumulate.
     */
    void indexAdd(Tensor src, int dim, Tensor index, Tensor out);

    // ------------------------------------------------------------------ fused losses
    // Contiguous F32/F64 tensors of one dtype (labels: contiguous I64). Forwards write the
    // unreduced loss; backwards take the upstream gradient of that unreduced loss, either one
    // value per sample/element or a single element (what a 'mean'/'sum' reduction hands down), and
    // write the input gradients. A null optional tensor means "none" / "not wanted". Formulas:
    // native/include/tessera/loss.h (PyTorch's, clamps included).

    /**
     * Per-sample cross entropy of logits [n, c] against labels [n] with optional class weights [c]
     * and label smoothing; samples labelled ignoreIndex get 0. Returns the summed weight of the
     * samples not ignored (their count without weights): PyTorch's 'mean' = sum(loss) / it.
     */
    double crossEntropyForward(Tensor logits, Tensor labels, Tensor weight, double smoothing, long ignoreIndex,
                               Tensor lossPerSample);

    /** gradLogits = g_i (softmax(row) - smoothed one-hot), weighted as in the forward. */
    void crossEntropyBackward(Tensor logits, Tensor labels, Tensor weight, double smoothing, long ignoreIndex,
                              Tensor gradLoss, Tensor gradLogits);

    /** Per-sample nll_loss of log-probabilities [n, c]; returns the total weight as crossEntropyForward. */
    double nllForward(Tensor logProbs, Tensor labels, Tensor weight, long ignoreIndex, Tensor lossPerSample);

    void nllBackward(Tensor labels, Tensor weight, long ignoreIndex, Tensor gradLoss, Tensor gradLogProbs);

    /** binary_cross_entropy_with_logits per element; posWeight (optional) has the last dim's size. */
    void bceWithLogitsForward(Tensor logits, Tensor target, Tensor posWeight, Tensor loss);

    void bceWithLogitsBackward(Tensor logits, Tensor target, Tensor posWeight, Tensor gradLoss, Tensor gradLogits,
                               Tensor gradTarget);

    /** binary_cross_entropy on probabilities in [0, 1] (else a KernelException), logs clamped at -100. */
    void bceForward(Tensor probs, Tensor target, Tensor loss);

    void bceBackward(Tensor probs, Tensor target, Tensor gradLoss, Tensor gradProbs, Tensor gradTarget);

    /** MSE, L1, Huber(delta = param) or SmoothL1(beta = param) per element. */
    void pointwiseLossForward(PointwiseLoss kind, Tensor input, Tensor target, double param, Tensor loss);

    /** gradTarget is always -gradInput. */
    void pointwiseLossBackward(PointwiseLoss kind, Tensor input, Tensor target, double param, Tensor gradLoss,
                               Tensor gradInput, Tensor gradTarget);

    /** kl_div per element: input log-probabilities, target probabilities (or log-probabilities). */
    void klDivForward(Tensor input, Tensor target, boolean logTarget, Tensor loss);

    void klDivBackward(Tensor input, Tensor target, boolean logTarget, Tensor gradLoss, Tensor gradInput,
                       Tensor gradTarget);

    // ------------------------------------------------------------------ fused optimizer steps
    // In place over contiguous F32/F64 tensors of one dtype and size; grad is never written.
    // Updates follow torch.optim (native/include/tessera/optim.h); `step` counts from 1 and
    // includes this step.

    /** momentumBuf may be null when momentum == 0; firstStep initialises it to the gradient. */
    void sgdStep(Tensor param, Tensor grad, Tensor momentumBuf, double lr, double momentum, double dampening,
                 double weightDecay, boolean nesterov, boolean firstStep);

    /** Adam, or AdamW when decoupled; maxExpAvgSq non-null turns on amsgrad. State starts at zero. */
    void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, long step, double lr,
                  double beta1, double beta2, double eps, double weightDecay, boolean decoupled);

    /** gradAvg is needed when centered, momentumBuf when momentum > 0 (else either may be null). */
    void rmspropStep(Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor momentumBuf, double lr,
                     double alpha, double eps, double weightDecay, double momentum, boolean centered);

    /** stateSum starts at initial_accumulator_value (the caller fills it). */
    void adagradStep(Tensor param, Tensor grad, Tensor stateSum, long step, double lr, double lrDecay,
                     double weightDecay, double eps);

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

    // ------------------------------------------------------------------ convolution
    // conv2d over contiguous NCHW tensors of one float dtype (F32/F64): input [n, c, h, w], weight
    // [o, c / groups, kh, kw], bias [o], output [n, o, outH, outW] with the sizes of Conv2dParams.
    // The op layer (ops.Convolution) has validated shapes and attributes. version picks the kernel
    // (Kernels.CONV2D). Outputs are overwritten. Formulas: native/include/tessera/conv.h.

    /** output = conv2d(input, weight) + bias (bias null: none). */
    void conv2dForward(int version, Tensor input, Tensor weight, Tensor bias, Conv2dParams params, Tensor output);

    /** gradInput (the input's shape) = the transposed convolution of gradOutput with weight. */
    void conv2dBackwardInput(int version, Tensor gradOutput, Tensor weight, Conv2dParams params, Tensor gradInput);

    /** gradWeight (the weight's shape) = per tap, gradOutput correlated with the input it multiplied, summed over the batch. */
    void conv2dBackwardWeight(int version, Tensor input, Tensor gradOutput, Conv2dParams params, Tensor gradWeight);

    /** gradBias [o] = gradOutput [n, o, ...] summed over every dim but o. */
    void conv2dBackwardBias(Tensor gradOutput, Tensor gradBias);

    // ------------------------------------------------------------------ pooling
    // Contiguous F32/F64 tensors of one dtype whose last two dims are the spatial ones (H, W); the
    // dims before them are independent planes (N * C). The op layer (ops.Pooling) has validated the
    // window and sized the outputs; every window overlaps the input. Backwards overwrite gradInput.
    // Formulas: native/include/tessera/pool.h (PyTorch's).

    /** out = max over each window of x; indices (I64, out's shape; null = not wanted) = flat h * w position of each max. */
    void maxPool2dForward(Tensor x, PoolWindow window, Tensor out, Tensor indices);

    /** gradInput (x's shape) = gradOut scattered to the positions in indices. */
    void maxPool2dBackward(Tensor gradOut, Tensor indices, Tensor gradInput);

    /** out = mean over each window of x (the window's padded area, or only its input elements). */
    void avgPool2dForward(Tensor x, PoolWindow window, boolean countIncludePad, Tensor out);

    /** The adjoint of avgPool2dForward: each window's gradient spread evenly over it. */
    void avgPool2dBackward(Tensor gradOut, PoolWindow window, boolean countIncludePad, Tensor gradInput);

    /** out [.., oh, ow] = means over PyTorch's adaptive windows of x [.., h, w]. */
    void adaptiveAvgPool2dForward(Tensor x, Tensor out);

    void adaptiveAvgPool2dBackward(Tensor gradOut, Tensor gradInput);

    // ------------------------------------------------------------------ normalisation
    // Contiguous F32/F64 tensors of one dtype; a null weight / bias / running statistic means none,
    // a null gradient output means not wanted. Statistics in double, biased variance,
    // invstd = 1 / sqrt(var + eps): native/include/tessera/norm.h.

    /**
     * Batch norm of x [N, C, ...] per channel. training: the batch's statistics, and the running
     * ones (both or neither) updated in place with momentum (the variance unbiased); otherwise the
     * running statistics. saveMean / saveInvstd [C] receive the statistics used.
     */
    void batchNormForward(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, boolean training,
                          double momentum, double eps, Tensor out, Tensor saveMean, Tensor saveInvstd);

    /** Gradients of batchNormForward from its saved statistics (training: they depend on x). */
    void batchNormBackward(Tensor x, Tensor gradOut, Tensor weight, Tensor saveMean, Tensor saveInvstd, boolean training,
                           Tensor gradInput, Tensor gradWeight, Tensor gradBias);

    /** Layer norm of x seen as [rows, cols] per row; weight and bias have cols elements; saveMean / saveInvstd [rows]. */
    void layerNormForward(Tensor x, long cols, Tensor weight, Tensor bias, double eps, Tensor out, Tensor saveMean,
                          Tensor saveInvstd);

    void layerNormBackward(Tensor x, long cols, Tensor gradOut, Tensor weight, Tensor saveMean, Tensor saveInvstd,
                           Tensor gradInput, Tensor gradWeight, Tensor gradBias);

    // ------------------------------------------------------------------ recurrent cells
    // One time step for a batch of n rows, over contiguous F32/F64 tensors of one dtype. The gate
    // pre-activations come from gemm (x·W_ihᵀ and h·W_hhᵀ, without the biases); a null bias,
    // previous state or upstream gradient counts as zeros, a null `saved` or gradient output as not
    // wanted. Gate order and formulas are PyTorch's: native/include/tessera/rnn.h.

    /** LSTM: gates [n, 4h] (i, f, g, o) and cPrev [n, h] give h and c [n, h]; saved [n, 5h] gets i, f, g, o, tanh(c). */
    void lstmCellForward(Tensor gates, Tensor biasIh, Tensor biasHh, Tensor cPrev, Tensor h, Tensor c, Tensor saved);

    /** gradGates [n, 4h], the gradient of the pre-activations, and gradCPrev from the gradients of h and c. */
    void lstmCellBackward(Tensor gradH, Tensor gradC, Tensor cPrev, Tensor saved, Tensor gradGates, Tensor gradCPrev);

    /** GRU: input-side gatesX and hidden-side gatesH [n, 3h] (r, z, n) and hPrev give h; saved [n, 4h]. */
    void gruCellForward(Tensor gatesX, Tensor gatesH, Tensor biasIh, Tensor biasHh, Tensor hPrev, Tensor h, Tensor saved);

    /** The gradients of both gate sides, and gradHPrev = gradH·z: the direct path only (the caller adds gradGatesH·W_hh). */
    void gruCellBackward(Tensor gradH, Tensor hPrev, Tensor saved, Tensor gradGatesX, Tensor gradGatesH, Tensor gradHPrev);

    /** Elman cell: h = tanh (or relu) of gates [n, h] plus both biases. */
    void rnnCellForward(boolean relu, Tensor gates, Tensor biasIh, Tensor biasHh, Tensor h);

    /** gradGates = gradH times the activation's derivative, read from the output h. */
    void rnnCellBackward(boolean relu, Tensor gradH, Tensor h, Tensor gradGates);
}
