// Recurrent: the recurrent ops of the op table. lstm, gru, rnn_tanh and rnn_relu run one layer in
// one direction over a time-major sequence [T, N, input]; lstm_cell, gru_cell, rnn_tanh_cell and
// rnn_relu_cell are one step of the same code (T = 1). Weights, biases and gate order are
// PyTorch's (weight_ih [G·H, input], weight_hh [G·H, H], G = 4 for LSTM, 3 for GRU, 1 for Elman).
//
// Forward: one gemm projects every time step's input at once (X·W_ihᵀ, [T·N, G·H]); then each step
// is a gemm for h·W_hhᵀ plus one fused native kernel (Backend.*CellForward: biases, activations,
// state update, and the activations the backward needs). The whole sequence is one graph node, so
// nothing is recorded, allocated or viewed through autograd per step.
// Backward, first order: back through time with the fused backward kernel and one gemm per step
// for the gradient of the previous hidden state; the gate gradients of all steps land in one
// [T·N, G·H] buffer, so the input and weight gradients are single big gemms (dG·W_ih, dGᵀ·X,
// dGᵀ·H_prev), produced directly in each parameter's own layout. Backward with createGraph (grad
// mode on during backward) computes the same gradients with differentiable ops, recomputing the
// steps from the saved inputs, so gradients of gradients work.
package dev.tessera.ops;

import dev.tessera.autograd.Autograd;
import dev.tessera.autograd.GradMode;
import dev.tessera.autograd.Node;
import dev.tessera.backend.Backend;
import dev.tessera.kernels.Kernels;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class Recurrent {
    private Recurrent() {}

    /** The cell types, with their gate counts (PyTorch's order: LSTM i, f, g, o; GRU r, z, n). */
    public enum Cell {
        LSTM(4, 5), GRU(3, 4), RNN_TANH(1, 0), RNN_RELU(1, 0);

        private final int gates;
        /** Per-step activations the fused backward reads, in units of hidden (Elman reads its output h instead). */
        private final int savedWidth;

        Cell(int gates, int savedWidth) {
            this.gates = gates;
            this.savedWidth = savedWidth;
        }

        /** Rows of weight_ih and weight_hh per hidden unit. */
        public int gates() { return gates; }

        boolean relu() { return this == RNN_RELU; }
    }

    public static final Op LSTM_CELL = Op.of("lstm_cell", Op.Family.RECURRENT, true);
    public static final Op GRU_CELL = Op.of("gru_cell", Op.Family.RECURRENT, true);
    public static final Op RNN_TANH_CELL = Op.of("rnn_tanh_cell", Op.Family.RECURRENT, true);
    public static final Op RNN_RELU_CELL = Op.of("rnn_relu_cell", Op.Family.RECURRENT, true);
    public static final Op LSTM = Op.of("lstm", Op.Family.RECURRENT, true);
    public static final Op GRU = Op.of("gru", Op.Family.RECURRENT, true);
    public static final Op RNN_TANH = Op.of("rnn_tanh", Op.Family.RECURRENT, true);
    public static final Op RNN_RELU = Op.of("rnn_relu", Op.Family.RECURRENT, true);

    public static final List<Op> ALL = List.of(LSTM_CELL, GRU_CELL, RNN_TANH_CELL, RNN_RELU_CELL, LSTM, GRU, RNN_TANH, RNN_RELU);

    /** The state an LSTM carries from step to step: hidden h and cell c, each [N, H]. */
    public record LstmState(Tensor h, Tensor c) {}

    /**
     * A layer direction run over a sequence: output [T, N, H] (the hidden state after every step,
     * aligned with the input's time steps), the final hidden state h [N, H] (output[T - 1], or
     * output[0] when run in reverse) and, for an LSTM, the final cell state c [N, H] (else null).
     */
    public record SequenceOutput(Tensor output, Tensor h, Tensor c) {}

    // ================================================================== cells (one step)

    /**
     * One LSTM step: input [N, I], hx and cx [N, H], weightIh [4H, I], weightHh [4H, H], biases [4H]
     * (either may be null). Returns h' = o·tanh(c') and c' = f·c + i·g.
     */
    public static LstmState lstmCell(Tensor input, Tensor hx, Tensor cx, Tensor weightIh, Tensor weightHh, Tensor biasIh,
                                     Tensor biasHh) {
        Tensor packed = cell(LSTM_CELL, Cell.LSTM, input, hx, cx, weightIh, weightHh, biasIh, biasHh);
        return new LstmState(Views.select(packed, 0, 0), Views.select(packed, 0, 1));
    }

    /** One GRU step (weights [3H, I] and [3H, H]): h' = (1 - z)·n + z·hx. */
    public static Tensor gruCell(Tensor input, Tensor hx, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {
        return cell(GRU_CELL, Cell.GRU, input, hx, null, weightIh, weightHh, biasIh, biasHh);
    }

    /** One Elman step: h' = tanh(input·W_ihᵀ + b_ih + hx·W_hhᵀ + b_hh). */
    public static Tensor rnnTanhCell(Tensor input, Tensor hx, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {
        return cell(RNN_TANH_CELL, Cell.RNN_TANH, input, hx, null, weightIh, weightHh, biasIh, biasHh);
    }

    /** One Elman step with relu instead of tanh. */
    public static Tensor rnnReluCell(Tensor input, Tensor hx, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {
        return cell(RNN_RELU_CELL, Cell.RNN_RELU, input, hx, null, weightIh, weightHh, biasIh, biasHh);
    }

    /** A cell as one step of its sequence op; the LSTM's result packs [h', c'] as [2, N, H]. */
    private static Tensor cell(Op op, Cell cell, Tensor input, Tensor hx, Tensor cx, Tensor weightIh, Tensor weightHh,
                               Tensor biasIh, Tensor biasHh) {
        Dims d = check(op, cell, false, input, hx, cx, weightIh, weightHh, biasIh, biasHh);
        long[] shape = cell == Cell.LSTM ? new long[] {2, d.batch, d.hidden} : new long[] {d.batch, d.hidden};
        return run(op, cell, d, false, shape, input, hx, cx, weightIh, weightHh, biasIh, biasHh);
    }

    // ================================================================== sequences (one layer, one direction)

    /** An LSTM layer direction over input [T, N, I] from h0, c0 [N, H]; {@code reverse} runs from the last step to the first. */
    public static SequenceOutput lstm(Tensor input, Tensor h0, Tensor c0, Tensor weightIh, Tensor weightHh, Tensor biasIh,
                                      Tensor biasHh, boolean reverse) {
        return sequence(Cell.LSTM, input, h0, c0, weightIh, weightHh, biasIh, biasHh, reverse);
    }

    public static SequenceOutput gru(Tensor input, Tensor h0, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh,
                                     boolean reverse) {
        return sequence(Cell.GRU, input, h0, null, weightIh, weightHh, biasIh, biasHh, reverse);
    }

    public static SequenceOutput rnnTanh(Tensor input, Tensor h0, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh,
                                         boolean reverse) {
        return sequence(Cell.RNN_TANH, input, h0, null, weightIh, weightHh, biasIh, biasHh, reverse);
    }

    public static SequenceOutput rnnRelu(Tensor input, Tensor h0, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh,
                                         boolean reverse) {
        return sequence(Cell.RNN_RELU, input, h0, null, weightIh, weightHh, biasIh, biasHh, reverse);
    }

    /** Any cell type over a sequence (c0 only for LSTM, else null): what the nn layers call. */
    public static SequenceOutput sequence(Cell cell, Tensor input, Tensor h0, Tensor c0, Tensor weightIh, Tensor weightHh,
                                          Tensor biasIh, Tensor biasHh, boolean reverse) {
        Op op = sequenceOp(cell);
        Dims d = check(op, cell, true, input, h0, c0, weightIh, weightHh, biasIh, biasHh);
        long steps = d.steps;
        // An LSTM's result packs the final cell state after the outputs: [T + 1, N, H].
        long[] shape = {cell == Cell.LSTM ? steps + 1 : steps, d.batch, d.hidden};
        Tensor packed = run(op, cell, d, reverse, shape, input, h0, c0, weightIh, weightHh, biasIh, biasHh);
        Tensor h = Views.select(packed, 0, reverse ? 0 : steps - 1);
        if (cell != Cell.LSTM) return new SequenceOutput(packed, h, null);
        return new SequenceOutput(Views.slice(packed, 0, 0, steps, 1), h, Views.select(packed, 0, steps));
    }

    private static Op sequenceOp(Cell cell) {
        switch (cell) {
            case LSTM: return LSTM;
            case GRU: return GRU;
            case RNN_TANH: return RNN_TANH;
            default: return RNN_RELU;
        }
    }

    // ================================================================== validation

    /** Sizes of a run: T steps of N rows, I input features, H hidden units. */
    private record Dims(long steps, long batch, long inputSize, long hidden) {}

    private static Dims check(Op op, Cell cell, boolean sequence, Tensor input, Tensor hx, Tensor cx, Tensor weightIh,
                              Tensor weightHh, Tensor biasIh, Tensor biasHh) {
        String name = op.name();
        boolean lstm = cell == Cell.LSTM;
        Check.tensor(name, input, "input");
        Check.tensor(name, hx, "hx");
        if (lstm) Check.tensor(name, cx, "cx");
        Check.tensor(name, weightIh, "weight_ih");
        Check.tensor(name, weightHh, "weight_hh");
        if (biasIh != null) Check.tensor(name, biasIh, "bias_ih");
        if (biasHh != null) Check.tensor(name, biasHh, "bias_hh");
        for (Tensor t : new Tensor[] {hx, cx, weightIh, weightHh, biasIh, biasHh}) {
            if (t != null) Check.sameDevice(name, input, t);
        }
        Check.floating(name, input);
        sameDtype(name, input, "hx", hx);
        sameDtype(name, input, "cx", cx);
        sameDtype(name, input, "weight_ih", weightIh);
        sameDtype(name, input, "weight_hh", weightHh);
        sameDtype(name, input, "bias_ih", biasIh);
        sameDtype(name, input, "bias_hh", biasHh);

        long[] in = input.shapeRef();
        if (in.length != (sequence ? 3 : 2)) {
            String expected = sequence ? "[seq_len, batch, input_size]" : "[batch, input_size]";
            throw new IllegalArgumentException(name + ": input must be " + expected + ", got " + input.describe());
        }
        long steps = sequence ? in[0] : 1;
        long batch = in[in.length - 2];
        long inputSize = in[in.length - 1];
        if (steps == 0) throw new IllegalArgumentException(name + ": input " + input.describe() + " has no time steps");
        int g = cell.gates;
        long[] whh = weightHh.shapeRef();
        if (whh.length != 2 || whh[0] != g * whh[1]) {
            throw new IllegalArgumentException(name + ": weight_hh " + weightHh.describe() + " must be [" + (g == 1 ? "" : g + " * ")
                    + "hidden_size, hidden_size]");
        }
        long hidden = whh[1];
        long[] wih = weightIh.shapeRef();
        if (wih.length != 2 || wih[0] != g * hidden) {
            throw new IllegalArgumentException(name + ": weight_ih " + weightIh.describe() + " must have " + g * hidden
                    + " rows (the rows of weight_hh " + Shape.str(whh) + ") and input_size columns");
        }
        if (wih[1] != inputSize) {
            throw new IllegalArgumentException(name + ": input " + input.describe() + " has " + inputSize + " features but weight_ih "
                    + Shape.str(wih) + " expects " + wih[1]);
        }
        for (Tensor b : new Tensor[] {biasIh, biasHh}) {
            if (b != null && (b.dim() != 1 || b.shapeRef()[0] != g * hidden)) {
                throw new IllegalArgumentException(name + ": " + (b == biasIh ? "bias_ih " : "bias_hh ") + b.describe() + " must be ["
                        + g * hidden + "]");
            }
        }
        long[] state = {batch, hidden};
        for (Tensor s : lstm ? new Tensor[] {hx, cx} : new Tensor[] {hx}) {
            if (!Arrays.equals(s.shapeRef(), state)) {
                throw new IllegalArgumentException(name + ": " + (s == hx ? "hx " : "cx ") + s.describe() + " must be " + Shape.str(state)
                        + " (the batch of input " + Shape.str(in) + ", hidden_size " + hidden + ")");
            }
        }
        return new Dims(steps, batch, inputSize, hidden);
    }

    private static void sameDtype(String op, Tensor input, String what, Tensor t) {
        if (t != null && t.dtype() != input.dtype()) {
            throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " must have the dtype of input "
                    + input.describe());
        }
    }

    // ================================================================== forward

    /**
     * Runs the cell over d.steps steps into a new tensor of {@code shape} (rows of [N, H]: the hidden
     * state of each step in time order, then for an LSTM the final cell state), and records the
     * backward. Inputs are validated.
     */
    private static Tensor run(Op op, Cell cell, Dims d, boolean reverse, long[] shape, Tensor input, Tensor hx, Tensor cx,
                              Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {
        Backend be = input.backend();
        DType dt = input.dtype();
        long steps = d.steps, batch = d.batch, hidden = d.hidden, width = cell.gates * hidden;
        boolean record = Autograd.needed(input, hx, cx, weightIh, weightHh, biasIh, biasHh);
        Tensor out = Tensor.empty(be, dt, shape);
        Tensor saved = record && cell.savedWidth > 0 ? Tensor.empty(be, dt, new long[] {steps * batch, cell.savedWidth * hidden}) : null;
        Tensor cells = cell == Cell.LSTM ? Tensor.empty(be, dt, new long[] {steps * batch, hidden}) : null;
        try (GradMode.Guard off = GradMode.noGrad();
             Operands o = new Operands(input, hx, cx, weightIh, weightHh, biasIh, biasHh);
             Scope stepScope = Scope.open()) {
            Steps at = new Steps(steps, batch, reverse);
            Tensor gates = Tensor.empty(be, dt, new long[] {steps * batch, width});
            gemm(o.input, false, 0, o.weightIh, true, 0, gates, 0, steps * batch, width, d.inputSize, 0);
            Tensor hiddenGates = cell == Cell.GRU ? Tensor.empty(be, dt, new long[] {batch, width}) : null;
            for (int s = 0; s < steps; s++) {
                long t = at.time(s);
                Tensor hPrev = s == 0 ? o.hx : at.rows(out, at.time(s - 1), hidden);
                // h·W_hhᵀ: accumulated onto the input projection, except for the GRU, which needs it apart.
                Tensor target = hiddenGates != null ? hiddenGates : at.rows(gates, t, width);
                gemm(hPrev, false, 0, o.weightHh, true, 0, target, 0, batch, width, hidden, hiddenGates != null ? 0 : 1);
                Tensor h = at.rows(out, t, hidden);
                switch (cell) {
                    case LSTM:
                        Tensor cPrev = s == 0 ? o.cx : at.rows(cells, at.time(s - 1), hidden);
                        be.lstmCellForward(at.rows(gates, t, width), o.biasIh, o.biasHh, cPrev, h, at.rows(cells, t, hidden),
                                saved == null ? null : at.rows(saved, t, 5 * hidden));
                        break;
                    case GRU:
                        be.gruCellForward(at.rows(gates, t, width), hiddenGates, o.biasIh, o.biasHh, hPrev, h,
                                saved == null ? null : at.rows(saved, t, 4 * hidden));
                        break;
                    default:
                        be.rnnCellForward(cell.relu(), at.rows(gates, t, width), o.biasIh, o.biasHh, h);
                }
            }
            if (cell == Cell.LSTM) be.copy(at.rows(cells, at.time((int) steps - 1), hidden), at.rows(out, steps, hidden));
        } catch (RuntimeException | Error e) {
            for (Tensor t : new Tensor[] {out, saved, cells}) if (t != null) t.close();
            throw e;
        }
        if (record) {
            Tensor[] inputs = {input, hx, cx, weightIh, weightHh, biasIh, biasHh};
            Tensor[] save = {input, hx, cx, weightIh, weightHh, biasIh, biasHh, out, saved, cells};
            Autograd.record(op, out, inputs, save, (nd, g) -> GradMode.isEnabled()
                    ? compositeGrads(nd, g, cell, d, reverse)
                    : fusedGrads(nd, g, cell, d, reverse));
        }
        // The graph holds its own aliases of what it saved.
        if (saved != null) saved.close();
        if (cells != null) cells.close();
        return out;
    }

    /** Where each step's rows live in the [T·N, width] buffers, in processing order. */
    private static final class Steps {
        private final long steps;
        private final long batch;
        private final boolean reverse;

        Steps(long steps, long batch, boolean reverse) {
            this.steps = steps;
            this.batch = batch;
            this.reverse = reverse;
        }

        /** The time index of the s-th step processed. */
        long time(int s) { return reverse ? steps - 1 - s : s; }

        /** Rows [t·N, (t+1)·N) of a contiguous buffer of {@code width} columns, as an [N, width] view. */
        Tensor rows(Tensor buffer, long t, long width) {
            return buffer.asStrided(new long[] {batch, width}, new long[] {width, 1}, buffer.offset() + t * batch * width);
        }
    }

    /**
     * C[cOffset..] = op(A)·op(B) + beta·C for dense row-major buffers (offsets in elements, matrices
     * m×k and k×n after op), with the gemm version matmul uses.
     */
    private static void gemm(Tensor a, boolean transA, long aOffset, Tensor b, boolean transB, long bOffset, Tensor c, long cOffset,
                             long m, long n, long k, double beta) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (beta == 0) {
                try (Tensor block = c.asStrided(new long[] {m * n}, new long[] {1}, c.offset() + cOffset)) {
                    c.backend().fill(block, 0);
                }
            }
            return;
        }
        c.backend().gemm(Kernels.MATMUL.selected().number(), a, transA, b, transB, m, n, k, aOffset, transA ? m : k, bOffset,
                transB ? k : n, c, cOffset, n, 1.0, beta);
    }

    /** The operands as contiguous tensors: each original where it already is, else a copy closed with this. */
    private static final class Operands implements AutoCloseable {
        final Tensor input, hx, cx, weightIh, weightHh, biasIh, biasHh;
        private final List<Tensor> copies = new ArrayList<>();

        Operands(Tensor input, Tensor hx, Tensor cx, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {
            this.input = dense(input);
            this.hx = dense(hx);
            this.cx = dense(cx);
            this.weightIh = dense(weightIh);
            this.weightHh = dense(weightHh);
            this.biasIh = dense(biasIh);
            this.biasHh = dense(biasHh);
        }

        /** Call under GradMode.noGrad(): the copies are kernel operands, not part of the graph. */
        private Tensor dense(Tensor t) {
            if (t == null || t.isContiguous()) return t;
            Tensor copy = Elementwise.copy(t);
            copies.add(copy);
            return copy;
        }

        @Override
        public void close() {
            for (Tensor t : copies) t.close();
        }
    }

    // ================================================================== backward with the fused kernels

    /** Slots of Node.saved, in the order run() saves them. */
    private static final int INPUT = 0, HX = 1, CX = 2, W_IH = 3, W_HH = 4, B_IH = 5, B_HH = 6, OUT = 7, SAVED = 8, CELLS = 9;

    private static Tensor[] fusedGrads(Node nd, Tensor g, Cell cell, Dims d, boolean reverse) {
        Tensor out = nd.saved(OUT), saved = nd.saved(SAVED), cells = nd.saved(CELLS);
        Backend be = out.backend();
        DType dt = out.dtype();
        long steps = d.steps, batch = d.batch, hidden = d.hidden, width = cell.gates * hidden, rows = steps * batch;
        Steps at = new Steps(steps, batch, reverse);
        try (Operands o = new Operands(nd.saved(INPUT), nd.saved(HX), nd.saved(CX), nd.saved(W_IH), nd.saved(W_HH), null, null)) {
            Tensor gradOut = g.isContiguous() ? g : Elementwise.copy(g);
            Tensor gradGates = Tensor.empty(be, dt, new long[] {rows, width});
            // The GRU's reset gate makes the two gate sides' gradients differ; the others share one.
            Tensor gradHiddenGates = cell == Cell.GRU ? Tensor.empty(be, dt, new long[] {rows, width}) : gradGates;
            Tensor gradH = Tensor.empty(be, dt, new long[] {batch, hidden});
            Tensor gradHPrev = Tensor.empty(be, dt, new long[] {batch, hidden});
            Tensor gradC = cell == Cell.LSTM ? at.rows(gradOut, steps, hidden) : null; // of the final cell state
            Tensor[] gradCPrev = cell == Cell.LSTM
                    ? new Tensor[] {Tensor.empty(be, dt, new long[] {batch, hidden}), Tensor.empty(be, dt, new long[] {batch, hidden})}
                    : null;
            be.copy(at.rows(gradOut, at.time((int) steps - 1), hidden), gradH);
            for (int s = (int) steps - 1; s >= 0; s--) {
                long t = at.time(s);
                boolean first = s == 0;
                switch (cell) {
                    case LSTM: {
                        Tensor next = gradCPrev[s % 2];
                        Tensor cPrev = first ? o.cx : at.rows(cells, at.time(s - 1), hidden);
                        be.lstmCellBackward(gradH, gradC, cPrev, at.rows(saved, t, 5 * hidden), at.rows(gradGates, t, width), next);
                        gradC = next;
                        break;
                    }
                    case GRU:
                        be.gruCellBackward(gradH, first ? o.hx : at.rows(out, at.time(s - 1), hidden), at.rows(saved, t, 4 * hidden),
                                at.rows(gradGates, t, width), at.rows(gradHiddenGates, t, width), gradHPrev);
                        break;
                    default:
                        be.rnnCellBackward(cell.relu(), gradH, at.rows(out, t, hidden), at.rows(gradGates, t, width));
                }
                // The previous hidden state's gradient: through W_hh (added to the GRU's direct path), plus
                // what the output sequence sends it.
                gemm(gradHiddenGates, false, t * batch * width, o.weightHh, false, 0, gradHPrev, 0, batch, hidden, width,
                        cell == Cell.GRU ? 1 : 0);
                if (!first) be.binary(Elementwise.ADD, gradHPrev, at.rows(gradOut, at.time(s - 1), hidden), gradHPrev);
                Tensor swap = gradH;
                gradH = gradHPrev;
                gradHPrev = swap;
            }
            Tensor[] grads = new Tensor[7];
            if (nd.needsInputGrad(INPUT)) {
                Tensor gradInput = Tensor.empty(be, dt, new long[] {rows, d.inputSize});
                gemm(gradGates, false, 0, o.weightIh, false, 0, gradInput, 0, rows, d.inputSize, width, 0);
                grads[INPUT] = Views.reshape(gradInput, nd.inputShape(INPUT));
            }
            if (nd.needsInputGrad(HX)) grads[HX] = gradH;
            if (nd.needsInputGrad(CX)) grads[CX] = gradC;
            if (nd.needsInputGrad(W_IH)) {
                Tensor gradWeightIh = Tensor.empty(be, dt, new long[] {width, d.inputSize});
                gemm(gradGates, true, 0, o.input, false, 0, gradWeightIh, 0, width, d.inputSize, rows, 0);
                grads[W_IH] = gradWeightIh;
            }
            if (nd.needsInputGrad(W_HH)) {
                // Σ_t dG_tᵀ·h_{t-1}: every step but the first processed reads its h_{t-1} from the output
                // rows next to it, which makes one gemm; the first one reads hx.
                Tensor gradWeightHh = Tensor.empty(be, dt, new long[] {width, hidden});
                long firstRow = at.time(0) * batch;
                long restGates = reverse ? 0 : batch, restHidden = reverse ? batch : 0;
                gemm(gradHiddenGates, true, restGates * width, out, false, restHidden * hidden, gradWeightHh, 0, width, hidden,
                        rows - batch, 0);
                gemm(gradHiddenGates, true, firstRow * width, o.hx, false, 0, gradWeightHh, 0, width, hidden, batch, 1);
                grads[W_HH] = gradWeightHh;
            }
            if (nd.needsInputGrad(B_IH)) grads[B_IH] = columnSums(gradGates);
            if (nd.needsInputGrad(B_HH)) grads[B_HH] = columnSums(gradHiddenGates);
            return grads;
        }
    }

    /** Sums over the rows of [rows, width]: a bias gradient. */
    private static Tensor columnSums(Tensor m) {
        return Reductions.reduce(Reductions.SUM, m, new int[] {0}, false, 0);
    }

    // ================================================================== backward with differentiable ops

    /** One step recomputed with differentiable ops: the new state and the activations its gradient reads. */
    private record Step(Tensor h, Tensor c, Tensor hPrev, Tensor cPrev, Tensor hiddenGates, List<Tensor> acts) {}

    /** The gradients one step sends back: to both gate sides, to h_{t-1} directly (GRU) and to c_{t-1} (LSTM). */
    private record StepGrad(Tensor inputGates, Tensor hiddenGates, Tensor hPrevDirect, Tensor cPrev) {}

    /**
     * The gradients of run() written with differentiable ops (for createGraph): the forward steps
     * recomputed from the saved inputs, then back through time with the formulas of rnn.h.
     */
    private static Tensor[] compositeGrads(Node nd, Tensor g, Cell cell, Dims d, boolean reverse) {
        Tensor input = nd.saved(INPUT), hx = nd.saved(HX), cx = nd.saved(CX), weightIh = nd.saved(W_IH), weightHh = nd.saved(W_HH);
        Tensor biasIh = nd.saved(B_IH), biasHh = nd.saved(B_HH);
        long steps = d.steps, batch = d.batch, hidden = d.hidden;
        Steps at = new Steps(steps, batch, reverse);
        Tensor x = input.reshape(steps * batch, d.inputSize);
        Tensor inputGates = x.matmul(weightIh.t());
        if (biasIh != null) inputGates = inputGates.add(biasIh);
        Step[] tape = new Step[(int) steps];
        Tensor h = hx, c = cx;
        for (int s = 0; s < steps; s++) {
            long t = at.time(s);
            Tensor hiddenGates = h.matmul(weightHh.t());
            if (biasHh != null) hiddenGates = hiddenGates.add(biasHh);
            Step step = forwardStep(cell, stepRows(inputGates, t, batch), hiddenGates, h, c);
            tape[(int) t] = step;
            h = step.h;
            c = step.c;
        }
        Tensor gradRows = g.reshape(-1, hidden);
        Tensor gradH = null;
        Tensor gradC = cell == Cell.LSTM ? stepRows(gradRows, steps, batch) : null;
        Tensor[] gradInputGates = new Tensor[(int) steps];
        Tensor gradWeightHh = null, gradBiasHh = null;
        for (int s = (int) steps - 1; s >= 0; s--) {
            long t = at.time(s);
            Step step = tape[(int) t];
            Tensor gradOut = stepRows(gradRows, t, batch);
            Tensor dh = gradH == null ? gradOut : gradOut.add(gradH);
            StepGrad sg = backwardStep(cell, step, dh, gradC);
            gradInputGates[(int) t] = sg.inputGates;
            Tensor wTerm = sg.hiddenGates.t().matmul(step.hPrev);
            gradWeightHh = gradWeightHh == null ? wTerm : gradWeightHh.add(wTerm);
            Tensor bTerm = sg.hiddenGates.sum(0);
            gradBiasHh = gradBiasHh == null ? bTerm : gradBiasHh.add(bTerm);
            gradH = sg.hiddenGates.matmul(weightHh);
            if (sg.hPrevDirect != null) gradH = gradH.add(sg.hPrevDirect);
            gradC = sg.cPrev;
        }
        Tensor allInputGates = Tensor.cat(0, gradInputGates);
        Tensor[] grads = new Tensor[7];
        if (nd.needsInputGrad(INPUT)) grads[INPUT] = allInputGates.matmul(weightIh).reshape(nd.inputShape(INPUT));
        if (nd.needsInputGrad(HX)) grads[HX] = gradH;
        if (nd.needsInputGrad(CX)) grads[CX] = gradC;
        if (nd.needsInputGrad(W_IH)) grads[W_IH] = allInputGates.t().matmul(x);
        if (nd.needsInputGrad(W_HH)) grads[W_HH] = gradWeightHh;
        if (nd.needsInputGrad(B_IH)) grads[B_IH] = allInputGates.sum(0);
        if (nd.needsInputGrad(B_HH)) grads[B_HH] = gradBiasHh;
        return grads;
    }

    /** Rows [t·N, (t+1)·N) of a [rows, width] tensor, as a differentiable slice. */
    private static Tensor stepRows(Tensor m, long t, long batch) {
        return m.slice(0, t * batch, (t + 1) * batch);
    }

    /** σ'(x) from s = σ(x): s (1 - s). */
    private static Tensor sigmoidSlope(Tensor s) { return s.sub(s.mul(s)); }

    /** tanh'(x) from t = tanh(x): 1 - t². */
    private static Tensor tanhSlope(Tensor t) { return t.mul(t).neg().add(1.0); }

    private static Step forwardStep(Cell cell, Tensor inputGates, Tensor hiddenGates, Tensor hPrev, Tensor cPrev) {
        switch (cell) {
            case LSTM: {
                List<Tensor> pre = inputGates.add(hiddenGates).chunk(4, 1);
                Tensor i = pre.get(0).sigmoid(), f = pre.get(1).sigmoid(), gg = pre.get(2).tanh(), o = pre.get(3).sigmoid();
                Tensor c = f.mul(cPrev).add(i.mul(gg));
                Tensor tc = c.tanh();
                return new Step(o.mul(tc), c, hPrev, cPrev, hiddenGates, List.of(i, f, gg, o, tc));
            }
            case GRU: {
                List<Tensor> x = inputGates.chunk(3, 1), hh = hiddenGates.chunk(3, 1);
                Tensor r = x.get(0).add(hh.get(0)).sigmoid(), z = x.get(1).add(hh.get(1)).sigmoid();
                Tensor n = x.get(2).add(r.mul(hh.get(2))).tanh();
                return new Step(n.add(z.mul(hPrev.sub(n))), null, hPrev, null, hiddenGates, List.of(r, z, n, hh.get(2)));
            }
            default: {
                Tensor pre = inputGates.add(hiddenGates);
                Tensor h = cell.relu() ? pre.relu() : pre.tanh();
                return new Step(h, null, hPrev, null, hiddenGates, List.of(h));
            }
        }
    }

    private static StepGrad backwardStep(Cell cell, Step step, Tensor dh, Tensor dc) {
        List<Tensor> a = step.acts;
        switch (cell) {
            case LSTM: {
                Tensor i = a.get(0), f = a.get(1), gg = a.get(2), o = a.get(3), tc = a.get(4);
                Tensor dcTotal = dh.mul(o).mul(tanhSlope(tc));
                if (dc != null) dcTotal = dcTotal.add(dc);
                Tensor gates = Tensor.cat(1, dcTotal.mul(gg).mul(sigmoidSlope(i)), dcTotal.mul(step.cPrev).mul(sigmoidSlope(f)),
                        dcTotal.mul(i).mul(tanhSlope(gg)), dh.mul(tc).mul(sigmoidSlope(o)));
                return new StepGrad(gates, gates, null, dcTotal.mul(f));
            }
            case GRU: {
                Tensor r = a.get(0), z = a.get(1), n = a.get(2), hn = a.get(3);
                Tensor dn = dh.mul(z.neg().add(1.0)).mul(tanhSlope(n));
                Tensor dz = dh.mul(step.hPrev.sub(n)).mul(sigmoidSlope(z));
                Tensor dr = dn.mul(hn).mul(sigmoidSlope(r));
                return new StepGrad(Tensor.cat(1, dr, dz, dn), Tensor.cat(1, dr, dz, dn.mul(r)), dh.mul(z), null);
            }
            default: {
                Tensor h = a.get(0);
                Tensor slope = cell.relu() ? h.gt(0).to(h.dtype()) : tanhSlope(h);
                Tensor gates = dh.mul(slope);
                return new StepGrad(gates, gates, null, null);
            }
        }
    }
}
