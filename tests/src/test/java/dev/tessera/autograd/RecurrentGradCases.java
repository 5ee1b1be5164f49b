// RecurrentGradCases: the gradcheck cases of the recurrent ops (ops.Recurrent), in float64 with
// respect to every tensor argument: each cell (with and without biases, transposed weights), each
// op over a short sequence forward and in reverse, and the nn layers built on them (LSTM, GRU and
// RNN with two layers, both directions, batch-first, given initial states) with respect to the
// input, the initial states and every parameter. GradCheckTest runs them in full, fast and
// second-order mode (the last through the ops' differentiable backward).
package dev.tessera.autograd;

import dev.tessera.nn.GRU;
import dev.tessera.nn.LSTM;
import dev.tessera.nn.RNN;
import dev.tessera.nn.RecurrentLayer;
import dev.tessera.ops.Op;
import dev.tessera.ops.Recurrent;
import dev.tessera.ops.Recurrent.Cell;
import dev.tessera.ops.Recurrent.LstmState;
import dev.tessera.ops.Recurrent.SequenceOutput;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.tessera.autograd.GradCases.centered;

final class RecurrentGradCases {
    private RecurrentGradCases() {}

    private static final long BATCH = 2, INPUT = 3, HIDDEN = 2, STEPS = 3;

    static void add() {
        cells();
        sequences();
        layers();
    }

    /**
     * Fresh arguments in the ops' order: input ([steps, N, I], or [N, I] for a cell), hx, cx (LSTM),
     * weight_ih, weight_hh, and the two biases when {@code bias}.
     */
    private static Supplier<Tensor[]> arguments(Cell cell, boolean sequence, boolean bias) {
        long rows = cell.gates() * HIDDEN;
        return () -> {
            List<Tensor> a = new ArrayList<>();
            a.add(sequence ? centered(STEPS, BATCH, INPUT) : centered(BATCH, INPUT));
            a.add(centered(BATCH, HIDDEN));
            if (cell == Cell.LSTM) a.add(centered(BATCH, HIDDEN));
            a.add(centered(rows, INPUT));
            a.add(centered(rows, HIDDEN));
            if (bias) {
                a.add(centered(rows));
                a.add(centered(rows));
            }
            return a.toArray(new Tensor[0]);
        };
    }

    /** The same arguments as an op call; an LSTM's two results as one tensor (h' on top of c'). */
    private static Tensor cellCall(Cell cell, Tensor[] xs, boolean transposedWeights) {
        int w = cell == Cell.LSTM ? 3 : 2;
        Tensor wIh = transposedWeights ? xs[w].t().contiguous().t() : xs[w];
        Tensor wHh = transposedWeights ? xs[w + 1].t().contiguous().t() : xs[w + 1];
        Tensor bIh = xs.length > w + 2 ? xs[w + 2] : null, bHh = xs.length > w + 2 ? xs[w + 3] : null;
        switch (cell) {
            case LSTM: {
                LstmState s = Recurrent.lstmCell(xs[0], xs[1], xs[2], wIh, wHh, bIh, bHh);
                return Tensor.cat(0, s.h(), s.c());
            }
            case GRU: return Recurrent.gruCell(xs[0], xs[1], wIh, wHh, bIh, bHh);
            case RNN_TANH: return Recurrent.rnnTanhCell(xs[0], xs[1], wIh, wHh, bIh, bHh);
            default: return Recurrent.rnnReluCell(xs[0], xs[1], wIh, wHh, bIh, bHh);
        }
    }

    private static void cells() {
        Op[] ops = {Recurrent.LSTM_CELL, Recurrent.GRU_CELL, Recurrent.RNN_TANH_CELL, Recurrent.RNN_RELU_CELL};
        for (Cell cell : Cell.values()) {
            Op op = ops[cell.ordinal()];
            GradCases.add(op, "with biases", arguments(cell, false, true), xs -> cellCall(cell, xs, false));
            GradCases.add(op, "no bias, transposed weights", arguments(cell, false, false), xs -> cellCall(cell, xs, true));
        }
    }

    private static void sequences() {
        Op[] ops = {Recurrent.LSTM, Recurrent.GRU, Recurrent.RNN_TANH, Recurrent.RNN_RELU};
        for (Cell cell : Cell.values()) {
            Op op = ops[cell.ordinal()];
            for (boolean reverse : new boolean[] {false, true}) {
                GradCases.add(op, (reverse ? "reverse, " : "") + STEPS + " steps", arguments(cell, true, true), xs -> {
                    int w = cell == Cell.LSTM ? 3 : 2;
                    SequenceOutput r = Recurrent.sequence(cell, xs[0], xs[1], cell == Cell.LSTM ? xs[2] : null, xs[w], xs[w + 1],
                            xs[w + 2], xs[w + 3], reverse);
                    // output and both final states, so every result's gradient path is checked
                    List<Tensor> parts = new ArrayList<>(List.of(r.output().reshape(-1), r.h().reshape(-1)));
                    if (r.c() != null) parts.add(r.c().reshape(-1));
                    return Tensor.cat(0, parts);
                });
            }
        }
    }

    /**
     * An nn layer checked with respect to its input, initial states and parameters: the inputs
     * supplier builds the layer (its parameters are fresh f64 leaves), and the function runs it.
     */
    private static void layer(Op op, String name, Function<Generator, RecurrentLayer> build, long[] inputShape, long[] stateShape,
                              boolean lstm) {
        RecurrentLayer[] built = new RecurrentLayer[1];
        Supplier<Tensor[]> inputs = () -> {
            built[0] = build.apply(new Generator(7));
            List<Tensor> a = new ArrayList<>(List.of(centered(inputShape), centered(stateShape)));
            if (lstm) a.add(centered(stateShape));
            a.addAll(built[0].parameters());
            return a.toArray(new Tensor[0]);
        };
        GradCases.add(op, name, inputs, xs -> {
            RecurrentLayer.Result r = built[0].run(xs[0], xs[1], lstm ? xs[2] : null);
            List<Tensor> parts = new ArrayList<>(List.of(r.output().reshape(-1), r.h().reshape(-1)));
            if (lstm) parts.add(r.c().reshape(-1));
            return Tensor.cat(0, parts);
        });
    }

    private static void layers() {
        RecurrentLayer.Options f64 = RecurrentLayer.Options.defaults().withDtype(DType.F64).withLayers(2).withBidirectional(true);
        long[] batchFirst = {BATCH, STEPS, INPUT}, timeMajor = {STEPS, BATCH, INPUT}, states = {4, BATCH, HIDDEN};
        layer(Recurrent.LSTM, "nn.LSTM: 2 layers, bidirectional, batch-first, given h0 and c0",
                g -> new LSTM(INPUT, HIDDEN, f64.withBatchFirst(true).withGenerator(g)), batchFirst, states, true);
        layer(Recurrent.GRU, "nn.GRU: 2 layers, bidirectional, time-major, given h0",
                g -> new GRU(INPUT, HIDDEN, f64.withGenerator(g)), timeMajor, states, false);
        layer(Recurrent.RNN_TANH, "nn.RNN tanh: 2 layers, bidirectional, batch-first, given h0",
                g -> new RNN(INPUT, HIDDEN, RNN.Nonlinearity.TANH, f64.withBatchFirst(true).withGenerator(g)), batchFirst, states, false);
        layer(Recurrent.RNN_RELU, "nn.RNN relu: 2 layers, unbatched, no bias, given h0",
                g -> new RNN(INPUT, HIDDEN, RNN.Nonlinearity.RELU, f64.withBidirectional(false).withBias(false).withGenerator(g)),
                new long[] {STEPS, INPUT}, new long[] {2, HIDDEN}, false);
    }
}
