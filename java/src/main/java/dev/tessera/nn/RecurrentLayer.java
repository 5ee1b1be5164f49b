// RecurrentLayer: what LSTM, GRU and RNN share, as torch.nn.RNNBase: stacked layers, each run in
// one or both directions over the whole sequence by one op (ops.Recurrent.sequence), dropout
// between layers in training mode, batch-first or time-major input, optional initial states, and
// PyTorch's parameters: weight_ih_l{k}[_reverse] [G·H, in], weight_hh_l{k}[_reverse] [G·H, H],
// bias_ih_l{k}[_reverse] and bias_hh_l{k}[_reverse] [G·H], all drawn from U(-1/√H, 1/√H). So a
// PyTorch state dict loads as is, and outputs match PyTorch's for the same weights.
package dev.tessera.nn;

import dev.tessera.ops.Recurrent;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public abstract class RecurrentLayer extends Module {
    /**
     * Layer options (PyTorch's defaults from {@link #defaults()}): numLayers stacked layers,
     * bidirectional, batchFirst ([N, T, features] instead of [T, N, features]), dropout on the
     * outputs of every layer but the last (training mode only), bias, the parameters' dtype, and the
     * generator for their initial values and the dropout masks (null: the default generator).
     */
    public record Options(int numLayers, boolean bidirectional, boolean batchFirst, double dropout, boolean bias, DType dtype,
                          Generator generator) {
        public static Options defaults() { return new Options(1, false, false, 0, true, DType.DEFAULT_FLOAT, null); }

        public Options withLayers(int n) { return new Options(n, bidirectional, batchFirst, dropout, bias, dtype, generator); }

        public Options withBidirectional(boolean on) { return new Options(numLayers, on, batchFirst, dropout, bias, dtype, generator); }

        public Options withBatchFirst(boolean on) { return new Options(numLayers, bidirectional, on, dropout, bias, dtype, generator); }

        public Options withDropout(double p) { return new Options(numLayers, bidirectional, batchFirst, p, bias, dtype, generator); }

        public Options withBias(boolean on) { return new Options(numLayers, bidirectional, batchFirst, dropout, on, dtype, generator); }

        public Options withDtype(DType d) { return new Options(numLayers, bidirectional, batchFirst, dropout, bias, d, generator); }

        public Options withGenerator(Generator g) { return new Options(numLayers, bidirectional, batchFirst, dropout, bias, dtype, g); }
    }

    /**
     * A run over a sequence: output [T, N, D·H] ([N, T, D·H] batch-first; D = 2 when
     * bidirectional), the final hidden state of every layer and direction h [L·D, N, H] (index
     * layer·D + direction), and for an LSTM the final cell states c, shaped like h (else null).
     * Unbatched input ([T, features]) gives output [T, D·H] and states [L·D, H].
     */
    public record Result(Tensor output, Tensor h, Tensor c) {}

    private final Recurrent.Cell cell;
    private final long inputSize;
    private final long hiddenSize;
    private final Options options;
    /** Parameter names per layer·D + direction: weight_ih, weight_hh, bias_ih, bias_hh. */
    private final String[][] names;
    /** Always in training mode: applied only while this layer is. */
    private final Dropout dropout;

    protected RecurrentLayer(Recurrent.Cell cell, long inputSize, long hiddenSize, Options options) {
        String type = typeName();
        if (options == null) throw new NullPointerException(type + ": options is null");
        if (inputSize < 0 || hiddenSize < 1) {
            throw new IllegalArgumentException(type + ": input_size must be >= 0 and hidden_size >= 1, got " + inputSize + " and "
                    + hiddenSize);
        }
        if (options.numLayers() < 1) throw new IllegalArgumentException(type + ": num_layers must be >= 1, got " + options.numLayers());
        if (!(options.dropout() >= 0 && options.dropout() <= 1)) {
            throw new IllegalArgumentException(type + ": dropout must be in [0, 1], got " + options.dropout());
        }
        if (options.dtype() == null || !options.dtype().isFloat()) {
            throw new IllegalArgumentException(type + ": dtype must be f32 or f64, got " + options.dtype());
        }
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.options = options;
        this.dropout = new Dropout(options.dropout(), options.generator());
        int directions = directions();
        long rows = cell.gates() * hiddenSize;
        double bound = 1 / Math.sqrt(hiddenSize);
        names = new String[options.numLayers() * directions][];
        for (int layer = 0; layer < options.numLayers(); layer++) {
            for (int dir = 0; dir < directions; dir++) {
                String suffix = "_l" + layer + (dir == 1 ? "_reverse" : "");
                long in = layer == 0 ? inputSize : hiddenSize * directions;
                String[] n = {"weight_ih" + suffix, "weight_hh" + suffix, "bias_ih" + suffix, "bias_hh" + suffix};
                names[layer * directions + dir] = n;
                uniform(registerParameter(n[0], Tensor.empty(options.dtype(), rows, in)), bound);
                uniform(registerParameter(n[1], Tensor.empty(options.dtype(), rows, hiddenSize)), bound);
                if (options.bias()) {
                    uniform(registerParameter(n[2], Tensor.empty(options.dtype(), rows)), bound);
                    uniform(registerParameter(n[3], Tensor.empty(options.dtype(), rows)), bound);
                }
            }
        }
    }

    private void uniform(Tensor t, double bound) { Init.uniform(t, -bound, bound, options.generator()); }

    public long inputSize() { return inputSize; }

    public long hiddenSize() { return hiddenSize; }

    public Options options() { return options; }

    private int directions() { return options.bidirectional() ? 2 : 1; }

    /** The output sequence from zero initial states (see {@link #run(Tensor)}). */
    @Override
    public Tensor forward(Tensor x) { return run(x).output(); }

    /** Runs from zero initial states. */
    public Result run(Tensor x) { return run(x, null, null); }

    /**
     * Runs from initial states h0 and c0 [L·D, N, H] ([L·D, H] unbatched; null: zeros). c0 is the
     * LSTM's cell state and must be null for a GRU or RNN.
     */
    public Result run(Tensor x, Tensor h0, Tensor c0) {
        String type = typeName();
        if (x == null) throw new NullPointerException(type + ": input is null");
        x.checkOpen(type);
        if (c0 != null && cell != Recurrent.Cell.LSTM) {
            throw new IllegalArgumentException(type + ": has no cell state, but c0 " + c0.describe() + " was given");
        }
        boolean batched = x.dim() == 3;
        if (!batched && x.dim() != 2) {
            throw new IllegalArgumentException(type + ": input must be " + (options.batchFirst() ? "[batch, seq_len, input_size]"
                    : "[seq_len, batch, input_size]") + " or unbatched [seq_len, input_size], got " + x.describe());
        }
        long features = x.shapeRef()[x.dim() - 1];
        if (features != inputSize) {
            throw new IllegalArgumentException(type + ": input " + Shape.str(x.shapeRef()) + " has " + features
                    + " features but input_size is " + inputSize);
        }
        Tensor seq = !batched ? x.unsqueeze(1) : options.batchFirst() ? x.transpose(0, 1) : x;
        if (seq.shapeRef()[0] == 0) throw new IllegalArgumentException(type + ": input " + x.describe() + " has no time steps");
        int directions = directions();
        long[] stateShape = {(long) options.numLayers() * directions, seq.shapeRef()[1], hiddenSize};
        Tensor h = initialState("h0", h0, batched, stateShape);
        Tensor c = cell == Recurrent.Cell.LSTM ? initialState("c0", c0, batched, stateShape) : null;
        List<Tensor> hs = new ArrayList<>();
        List<Tensor> cs = new ArrayList<>();
        Tensor layerInput = seq;
        for (int layer = 0; layer < options.numLayers(); layer++) {
            if (layer > 0 && isTraining()) layerInput = dropout.forward(layerInput);
            Tensor[] outputs = new Tensor[directions];
            for (int dir = 0; dir < directions; dir++) {
                int k = layer * directions + dir;
                String[] n = names[k];
                Recurrent.SequenceOutput r = Recurrent.sequence(cell, layerInput, h.select(0, k), c == null ? null : c.select(0, k),
                        parameter(n[0]), parameter(n[1]), options.bias() ? parameter(n[2]) : null,
                        options.bias() ? parameter(n[3]) : null, dir == 1);
                outputs[dir] = r.output();
                hs.add(r.h());
                if (c != null) cs.add(r.c());
            }
            layerInput = directions == 1 ? outputs[0] : Tensor.cat(2, outputs);
        }
        Tensor output = layerInput;
        Tensor hN = Tensor.stack(0, hs);
        Tensor cN = c == null ? null : Tensor.stack(0, cs);
        if (!batched) return new Result(output.squeeze(1), hN.squeeze(1), cN == null ? null : cN.squeeze(1));
        return new Result(options.batchFirst() ? output.transpose(0, 1) : output, hN, cN);
    }

    /** The given initial state checked against [L·D, N, H] (or [L·D, H] unbatched), or zeros. */
    private Tensor initialState(String what, Tensor given, boolean batched, long[] shape) {
        if (given == null) return Tensor.zeros(parameter(names[0][1]).dtype(), shape); // the dtype after any to(dtype)
        given.checkOpen(typeName());
        long[] expected = batched ? shape : new long[] {shape[0], shape[2]};
        if (!Arrays.equals(given.shapeRef(), expected)) {
            throw new IllegalArgumentException(typeName() + ": " + what + " " + given.describe() + " must be " + Shape.str(expected)
                    + " (num_layers * num_directions, " + (batched ? "batch, " : "") + "hidden_size)");
        }
        return batched ? given : given.unsqueeze(1);
    }

    @Override
    protected String extraRepr() {
        return "inputSize=" + inputSize + ", hiddenSize=" + hiddenSize + ", numLayers=" + options.numLayers() + ", bias=" + options.bias()
                + ", batchFirst=" + options.batchFirst() + ", dropout=" + options.dropout() + ", bidirectional=" + options.bidirectional();
    }
}
