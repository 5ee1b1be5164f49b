// RNN: a multi-layer Elman network over a sequence, as torch.nn.RNN: h' = tanh(W_ih x + b_ih +
// W_hh h + b_hh), or relu instead of tanh. Options, parameters and shapes: RecurrentLayer.
// forward(x) returns the output sequence; run(x, h0) also the final states.
package dev.tessera.nn;

import dev.tessera.ops.Recurrent;
import dev.tessera.tensor.Tensor;

public class RNN extends RecurrentLayer {
    /** The activation of the new hidden state (PyTorch's {@code nonlinearity}). */
    public enum Nonlinearity { TANH, RELU }

    private final Nonlinearity nonlinearity;

    public RNN(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, Nonlinearity.TANH, Options.defaults()); }

    public RNN(long inputSize, long hiddenSize, Nonlinearity nonlinearity, Options options) {
        super(cellOf(nonlinearity), inputSize, hiddenSize, options);
        this.nonlinearity = nonlinearity;
    }

    static Recurrent.Cell cellOf(Nonlinearity nonlinearity) {
        if (nonlinearity == null) throw new NullPointerException("RNN: nonlinearity is null");
        return nonlinearity == Nonlinearity.TANH ? Recurrent.Cell.RNN_TANH : Recurrent.Cell.RNN_RELU;
    }

    public Nonlinearity nonlinearity() { return nonlinearity; }

    /** From the initial hidden state h0 [L·D, N, H] (null: zeros). */
    public Result run(Tensor x, Tensor h0) { return run(x, h0, null); }

    @Override
    protected String extraRepr() { return super.extraRepr() + ", nonlinearity=" + nonlinearity; }
}
