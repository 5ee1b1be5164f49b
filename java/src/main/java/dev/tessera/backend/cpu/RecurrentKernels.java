// RecurrentKernels: the CPU side of Backend's recurrent-cell kernels (native rnn.h). The op layer
// (ops.Recurrent) has checked shapes and dtypes and runs the gemms; what is checked here is what
// keeps the native code inside its buffers: every tensor contiguous, of the output's float dtype,
// with the element count that the batch size n and hidden size (read from the [n, hidden] state
// tensor) imply. A violation is an IllegalArgumentException naming the kernel and the tensor.
package dev.tessera.backend.cpu;

import dev.tessera.bridge.TesseraNative;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import static dev.tessera.backend.cpu.BufferChecks.floating;
import static dev.tessera.backend.cpu.BufferChecks.matrix;
import static dev.tessera.backend.cpu.BufferChecks.need;
import static dev.tessera.backend.cpu.BufferChecks.optional;

final class RecurrentKernels {
    private RecurrentKernels() {}

    /** Matches TS_RNN_TANH / TS_RNN_RELU of rnn.h. */
    private static int activation(boolean relu) { return relu ? 1 : 0; }

    static void lstmCellForward(Tensor gates, Tensor biasIh, Tensor biasHh, Tensor cPrev, Tensor h, Tensor c, Tensor saved) {
        String op = "lstm_cell";
        DType dt = floating(op, "h", h);
        long n = matrix(op, "h", h)[0], hidden = h.shapeRef()[1], state = n * hidden;
        CpuBackend.check(TesseraNative.ts_lstm_cell_forward(dt.code(), n, hidden, need(op, "gates", gates, dt, 4 * state),
                optional(op, "bias_ih", biasIh, dt, 4 * hidden), optional(op, "bias_hh", biasHh, dt, 4 * hidden),
                optional(op, "c_prev", cPrev, dt, state), need(op, "h", h, dt, state), need(op, "c", c, dt, state),
                optional(op, "saved", saved, dt, 5 * state)), op);
    }

    static void lstmCellBackward(Tensor gradH, Tensor gradC, Tensor cPrev, Tensor saved, Tensor gradGates, Tensor gradCPrev) {
        String op = "lstm_cell_backward";
        DType dt = floating(op, "gradGates", gradGates);
        long n = matrix(op, "gradGates", gradGates)[0], hidden = gradGates.shapeRef()[1] / 4, state = n * hidden;
        CpuBackend.check(TesseraNative.ts_lstm_cell_backward(dt.code(), n, hidden, optional(op, "gradH", gradH, dt, state),
                optional(op, "gradC", gradC, dt, state), optional(op, "c_prev", cPrev, dt, state),
                need(op, "saved", saved, dt, 5 * state), need(op, "gradGates", gradGates, dt, 4 * state),
                optional(op, "gradCPrev", gradCPrev, dt, state)), op);
    }

    static void gruCellForward(Tensor gatesX, Tensor gatesH, Tensor biasIh, Tensor biasHh, Tensor hPrev, Tensor h, Tensor saved) {
        String op = "gru_cell";
        DType dt = floating(op, "h", h);
        long n = matrix(op, "h", h)[0], hidden = h.shapeRef()[1], state = n * hidden;
        CpuBackend.check(TesseraNative.ts_gru_cell_forward(dt.code(), n, hidden, need(op, "gatesX", gatesX, dt, 3 * state),
                need(op, "gatesH", gatesH, dt, 3 * state), optional(op, "bias_ih", biasIh, dt, 3 * hidden),
                optional(op, "bias_hh", biasHh, dt, 3 * hidden), optional(op, "h_prev", hPrev, dt, state),
                need(op, "h", h, dt, state), optional(op, "saved", saved, dt, 4 * state)), op);
    }

    static void gruCellBackward(Tensor gradH, Tensor hPrev, Tensor saved, Tensor gradGatesX, Tensor gradGatesH,
                                Tensor gradHPrev) {
        String op = "gru_cell_backward";
        DType dt = floating(op, "gradH", gradH);
        long n = matrix(op, "gradH", gradH)[0], hidden = gradH.shapeRef()[1], state = n * hidden;
        CpuBackend.check(TesseraNative.ts_gru_cell_backward(dt.code(), n, hidden, need(op, "gradH", gradH, dt, state),
                optional(op, "h_prev", hPrev, dt, state), need(op, "saved", saved, dt, 4 * state),
                need(op, "gradGatesX", gradGatesX, dt, 3 * state), need(op, "gradGatesH", gradGatesH, dt, 3 * state),
                optional(op, "gradHPrev", gradHPrev, dt, state)), op);
    }

    static void rnnCellForward(boolean relu, Tensor gates, Tensor biasIh, Tensor biasHh, Tensor h) {
        String op = "rnn_cell";
        DType dt = floating(op, "h", h);
        long n = matrix(op, "h", h)[0], hidden = h.shapeRef()[1], state = n * hidden;
        CpuBackend.check(TesseraNative.ts_rnn_cell_forward(dt.code(), activation(relu), n, hidden,
                need(op, "gates", gates, dt, state), optional(op, "bias_ih", biasIh, dt, hidden),
                optional(op, "bias_hh", biasHh, dt, hidden), need(op, "h", h, dt, state)), op);
    }

    static void rnnCellBackward(boolean relu, Tensor gradH, Tensor h, Tensor gradGates) {
        String op = "rnn_cell_backward";
        DType dt = floating(op, "h", h);
        long n = matrix(op, "h", h)[0], hidden = h.shapeRef()[1], state = n * hidden;
        CpuBackend.check(TesseraNative.ts_rnn_cell_backward(dt.code(), activation(relu), n, hidden,
                need(op, "gradH", gradH, dt, state), need(op, "h", h, dt, state), need(op, "gradGates", gradGates, dt, state)), op);
    }
}
