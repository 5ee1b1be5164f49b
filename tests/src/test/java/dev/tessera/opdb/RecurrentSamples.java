// RecurrentSamples: the op-database entries of the recurrent ops (ops.Recurrent): each cell
// (lstm_cell, gru_cell, rnn_tanh_cell, rnn_relu_cell) and each layer direction over a sequence
// (lstm, gru, rnn_tanh, rnn_relu, forward and reverse), with and without biases, on plain,
// non-contiguous, size-1, empty-batch and zero-feature inputs, in f32 and f64. The reference runs
// PyTorch's formulas step by step in float64, one batch row and one gate at a time.
package dev.tessera.opdb;

import dev.tessera.opdb.Entry.When;
import dev.tessera.opdb.Sample.In;
import dev.tessera.opdb.Sample.Values;
import dev.tessera.ops.Op;
import dev.tessera.ops.Recurrent;
import dev.tessera.ops.Recurrent.Cell;
import dev.tessera.ops.Recurrent.LstmState;
import dev.tessera.ops.Recurrent.SequenceOutput;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

import static dev.tessera.opdb.Sample.In.t;
import static dev.tessera.tensor.DType.F32;
import static dev.tessera.tensor.DType.F64;

final class RecurrentSamples {
    private RecurrentSamples() {}

    /** Weights, inputs and states in [-1, 1): the gates are neither saturated nor all linear. */
    private static final Values UNIT = Values.uniform(-1, 1);

    /** Input shapes as {steps, batch, input_size, hidden}. */
    private static final long[][] SIZES = {{4, 3, 5, 4}, {1, 1, 1, 1}, {3, 0, 2, 3}, {2, 2, 0, 3}};

    static void add(List<Entry> db) {
        for (Cell cell : Cell.values()) {
            db.add(entry(cell, false));
            db.add(entry(cell, true));
        }
    }

    private static Op op(Cell cell, boolean sequence) {
        switch (cell) {
            case LSTM: return sequence ? Recurrent.LSTM : Recurrent.LSTM_CELL;
            case GRU: return sequence ? Recurrent.GRU : Recurrent.GRU_CELL;
            case RNN_TANH: return sequence ? Recurrent.RNN_TANH : Recurrent.RNN_TANH_CELL;
            default: return sequence ? Recurrent.RNN_RELU : Recurrent.RNN_RELU_CELL;
        }
    }

    /**
     * Every size with biases (all contiguous, then every input non-contiguous), and without biases;
     * a sequence runs forward and in reverse.
     */
    private static Entry entry(Cell cell, boolean sequence) {
        boolean lstm = cell == Cell.LSTM;
        Entry e = Entry.of(op(cell, sequence)).values(UNIT, UNIT, UNIT, UNIT, UNIT, UNIT, UNIT)
                .tol(F32, 1e-5, 1e-5).tol(F64, 1e-10, 1e-12);
        for (long[] size : SIZES) {
            long steps = sequence ? size[0] : 1, batch = size[1], in = size[2], hidden = size[3], rows = cell.gates() * hidden;
            List<In> plain = new ArrayList<>(List.of(sequence ? t(steps, batch, in) : t(batch, in), t(batch, hidden)));
            if (lstm) plain.add(t(batch, hidden));
            plain.addAll(List.of(t(rows, in), t(rows, hidden)));
            e.inputs(plain.toArray(new In[0]));
            List<In> biased = new ArrayList<>(plain);
            biased.addAll(List.of(t(rows), t(rows)));
            e.inputs(biased.toArray(new In[0]));
            e.inputs(biased.stream().map(i -> i.rank() >= 2 ? i.transposed() : i.stepped()).toArray(In[]::new));
        }
        int biasedArity = lstm ? 7 : 6;
        When biased = When.arity(biasedArity);
        When unbiased = When.arity(biasedArity - 2);
        for (boolean reverse : sequence ? new boolean[] {false, true} : new boolean[] {false}) {
            String label = reverse ? "reverse" : "";
            Sample.Invoke invoke = in -> call(cell, sequence, reverse, in);
            Sample.Reference ref = r -> reference(cell, sequence, reverse, r);
            e.variant(label, biased, invoke, ref);
            e.variant((label + " no bias").trim(), unbiased, invoke, ref);
        }
        return e;
    }

    // ------------------------------------------------------------------ the calls

    /** Inputs in order: input, hx, (cx), weight_ih, weight_hh, (bias_ih, bias_hh). */
    private static Object call(Cell cell, boolean sequence, boolean reverse, List<Tensor> in) {
        int w = cell == Cell.LSTM ? 3 : 2;
        Tensor cx = cell == Cell.LSTM ? in.get(2) : null;
        Tensor bIh = in.size() > w + 2 ? in.get(w + 2) : null, bHh = in.size() > w + 2 ? in.get(w + 3) : null;
        Tensor x = in.get(0), hx = in.get(1), wIh = in.get(w), wHh = in.get(w + 1);
        if (sequence) {
            SequenceOutput r = Recurrent.sequence(cell, x, hx, cx, wIh, wHh, bIh, bHh, reverse);
            return cx == null ? List.of(r.output(), r.h()) : List.of(r.output(), r.h(), r.c());
        }
        switch (cell) {
            case LSTM: {
                LstmState s = Recurrent.lstmCell(x, hx, cx, wIh, wHh, bIh, bHh);
                return List.of(s.h(), s.c());
            }
            case GRU: return Recurrent.gruCell(x, hx, wIh, wHh, bIh, bHh);
            case RNN_TANH: return Recurrent.rnnTanhCell(x, hx, wIh, wHh, bIh, bHh);
            default: return Recurrent.rnnReluCell(x, hx, wIh, wHh, bIh, bHh);
        }
    }

    // ------------------------------------------------------------------ the reference

    /** What call() returns, computed in float64 and rounded to the inputs' dtype. */
    private static Object reference(Cell cell, boolean sequence, boolean reverse, List<Ref> in) {
        boolean lstm = cell == Cell.LSTM;
        int w = lstm ? 3 : 2;
        Ref x = in.get(0), wIh = in.get(w), wHh = in.get(w + 1);
        Ref bIh = in.size() > w + 2 ? in.get(w + 2) : null, bHh = in.size() > w + 2 ? in.get(w + 3) : null;
        int steps = sequence ? (int) x.shape[0] : 1, batch = (int) x.shape[x.rank() - 2], inputs = (int) x.shape[x.rank() - 1];
        int hidden = (int) wHh.shape[1], gates = cell.gates();
        double[] h = in.get(1).v.clone();
        double[] c = lstm ? in.get(2).v.clone() : null;
        double[][] outputs = new double[steps][];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            double[] hNext = new double[batch * hidden];
            double[] cNext = lstm ? new double[batch * hidden] : null;
            for (int n = 0; n < batch; n++) {
                double[] gx = new double[gates * hidden], gh = new double[gates * hidden];
                for (int r = 0; r < gates * hidden; r++) {
                    gx[r] = bIh == null ? 0 : bIh.v[r];
                    gh[r] = bHh == null ? 0 : bHh.v[r];
                    for (int i = 0; i < inputs; i++) gx[r] += wIh.v[r * inputs + i] * x.v[(t * batch + n) * inputs + i];
                    for (int j = 0; j < hidden; j++) gh[r] += wHh.v[r * hidden + j] * h[n * hidden + j];
                }
                for (int j = 0; j < hidden; j++) {
                    int k = n * hidden + j;
                    switch (cell) {
                        case LSTM: {
                            double ig = Ref.sigmoid(gx[j] + gh[j]), fg = Ref.sigmoid(gx[hidden + j] + gh[hidden + j]);
                            double gg = Math.tanh(gx[2 * hidden + j] + gh[2 * hidden + j]);
                            double og = Ref.sigmoid(gx[3 * hidden + j] + gh[3 * hidden + j]);
                            cNext[k] = fg * c[k] + ig * gg;
                            hNext[k] = og * Math.tanh(cNext[k]);
                            break;
                        }
                        case GRU: {
                            double rg = Ref.sigmoid(gx[j] + gh[j]), zg = Ref.sigmoid(gx[hidden + j] + gh[hidden + j]);
                            double ng = Math.tanh(gx[2 * hidden + j] + rg * gh[2 * hidden + j]);
                            hNext[k] = (1 - zg) * ng + zg * h[k];
                            break;
                        }
                        case RNN_TANH: hNext[k] = Math.tanh(gx[j] + gh[j]); break;
                        default: hNext[k] = Math.max(gx[j] + gh[j], 0);
                    }
                }
            }
            h = hNext;
            c = cNext;
            outputs[t] = h;
        }
        DType dt = x.dtype;
        long[] state = {batch, hidden};
        Ref hLast = Ref.of(dt, state, h);
        if (!sequence) return lstm ? List.of(hLast, Ref.of(dt, state, c)) : hLast;
        double[] all = new double[steps * batch * hidden];
        for (int t = 0; t < steps; t++) System.arraycopy(outputs[t], 0, all, t * batch * hidden, batch * hidden);
        Ref output = Ref.of(dt, new long[] {steps, batch, hidden}, all);
        return lstm ? List.of(output, hLast, Ref.of(dt, state, c)) : List.of(output, hLast);
    }
}
