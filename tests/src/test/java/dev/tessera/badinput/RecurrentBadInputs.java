// RecurrentBadInputs: the bad-input cases of the recurrent ops (called from BadInputCases) and
// their valid calls for the generic cases (called from OpCalls), for every cell and sequence op:
// inputs of the wrong rank or feature count, weights that are not [G·H, input_size] and
// [G·H, H], biases of the wrong length, states that don't match the batch or hidden size, integer
// inputs, mixed dtypes, and an empty sequence. Messages must name the shapes involved.
package dev.tessera.badinput;

import dev.tessera.ops.Recurrent;
import dev.tessera.ops.Recurrent.Cell;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.util.Map;

import static dev.tessera.badinput.BadInputCases.bad;
import static dev.tessera.badinput.Inputs.f32;
import static dev.tessera.badinput.Inputs.i64;

final class RecurrentBadInputs {
    private RecurrentBadInputs() {}

    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

    /** Batch, input features, hidden units and time steps of the valid calls. */
    private static final long N = 3, I = 5, H = 4, T = 2;

    /** One recurrent op: a cell (one step on input [N, I]) or a layer direction over input [T, N, I]. */
    private record Target(String op, Cell cell, boolean sequence) {
        /** Runs the op; cx and the biases may be null. */
        Object call(Tensor x, Tensor hx, Tensor cx, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
            if (sequence) return Recurrent.sequence(cell, x, hx, cx, wIh, wHh, bIh, bHh, false);
            switch (cell) {
                case LSTM: return Recurrent.lstmCell(x, hx, cx, wIh, wHh, bIh, bHh);
                case GRU: return Recurrent.gruCell(x, hx, wIh, wHh, bIh, bHh);
                case RNN_TANH: return Recurrent.rnnTanhCell(x, hx, wIh, wHh, bIh, bHh);
                default: return Recurrent.rnnReluCell(x, hx, wIh, wHh, bIh, bHh);
            }
        }

        long rows() { return cell.gates() * H; }

        Tensor input() { return sequence ? f32(T, N, I) : f32(N, I); }

        String inputShape() { return sequence ? "[" + T + ", " + N + ", " + I + "]" : "[" + N + ", " + I + "]"; }

        /** A call with every argument valid except the ones the case replaces. */
        Runnable with(Tensor x, Tensor hx, Tensor wIh, Tensor wHh, Tensor bIh) {
            Tensor cx = cell == Cell.LSTM ? f32(N, H) : null;
            return () -> call(x, hx, cx, wIh, wHh, bIh, null);
        }
    }

    private static final Target[] TARGETS = {
        new Target("lstm_cell", Cell.LSTM, false), new Target("gru_cell", Cell.GRU, false),
        new Target("rnn_tanh_cell", Cell.RNN_TANH, false), new Target("rnn_relu_cell", Cell.RNN_RELU, false),
        new Target("lstm", Cell.LSTM, true), new Target("gru", Cell.GRU, true),
        new Target("rnn_tanh", Cell.RNN_TANH, true), new Target("rnn_relu", Cell.RNN_RELU, true),
    };

    /** One valid call per op with the required tensors as arguments (the generic cases null them); no biases. */
    static void addValidCalls(Map<String, OpCalls.Call> m) {
        for (Target t : TARGETS) {
            boolean lstm = t.cell == Cell.LSTM;
            m.put(t.op, new OpCalls.Call(() -> lstm ? new Tensor[] {t.input(), f32(N, H), f32(N, H), f32(t.rows(), I), f32(t.rows(), H)}
                    : new Tensor[] {t.input(), f32(N, H), f32(t.rows(), I), f32(t.rows(), H)},
                    a -> lstm ? t.call(a[0], a[1], a[2], a[3], a[4], null, null) : t.call(a[0], a[1], null, a[2], a[3], null, null)));
        }
    }

    static void add() {
        for (Target t : TARGETS) {
            String op = t.op;
            long rows = t.rows();
            bad(op, "input with the wrong feature count", IAE, () -> t.with(t.sequence ? f32(T, N, 6) : f32(N, 6), f32(N, H),
                    f32(rows, I), f32(rows, H), null), "has 6 features but weight_ih [" + rows + ", 5] expects 5");
            bad(op, "input of the wrong rank", IAE, () -> t.with(t.sequence ? f32(N, I) : f32(1, N, I), f32(N, H), f32(rows, I),
                    f32(rows, H), null), "input must be", t.sequence ? "[3, 5] f32" : "[1, 3, 5] f32");
            bad(op, "weight_hh not [G * hidden, hidden]", IAE, () -> t.with(t.input(), f32(N, H), f32(rows, I), f32(rows + 1, H), null),
                    "weight_hh [" + (rows + 1) + ", 4] f32 must be [");
            bad(op, "weight_ih rows don't match weight_hh", IAE, () -> t.with(t.input(), f32(N, H), f32(rows + 2, I), f32(rows, H), null),
                    "weight_ih [" + (rows + 2) + ", 5] f32 must have " + rows + " rows");
            bad(op, "bias of the wrong length", IAE, () -> t.with(t.input(), f32(N, H), f32(rows, I), f32(rows, H), f32(rows - 1)),
                    "bias_ih [" + (rows - 1) + "] f32 must be [" + rows + "]");
            bad(op, "hx of the wrong batch", IAE, () -> t.with(t.input(), f32(N - 1, H), f32(rows, I), f32(rows, H), null),
                    "hx [2, 4] f32 must be [3, 4]", t.inputShape());
            bad(op, "integer input", IAE, () -> t.with(t.sequence ? i64(T, N, I) : i64(N, I), f32(N, H), f32(rows, I), f32(rows, H), null),
                    "floating", "i64");
            bad(op, "hx of another dtype", IAE, () -> t.with(t.input(), f32(N, H).to(DType.F64), f32(rows, I), f32(rows, H), null),
                    "hx [3, 4] f64 must have the dtype of input " + t.inputShape() + " f32");
            if (t.cell == Cell.LSTM) {
                bad(op, "cx of the wrong size", IAE, () -> {
                    Tensor x = t.input(), hx = f32(N, H), cx = f32(N, H + 1), wIh = f32(rows, I), wHh = f32(rows, H);
                    return () -> t.call(x, hx, cx, wIh, wHh, null, null);
                }, "cx [3, 5] f32 must be [3, 4]");
            }
            if (t.sequence) {
                bad(op, "no time steps", IAE, () -> t.with(f32(0, N, I), f32(N, H), f32(rows, I), f32(rows, H), null),
                        "input [0, 3, 5] f32 has no time steps");
            }
        }
    }
}
