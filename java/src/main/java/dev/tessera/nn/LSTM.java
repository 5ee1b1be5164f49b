// LSTM: a multi-layer long short-term memory network over a sequence, as torch.nn.LSTM (gates i, f,
// g, o; c' = f·c + i·g, h' = o·tanh(c')). Options, parameters and shapes: RecurrentLayer. forward(x)
// returns the output sequence; run(x, h0, c0) also the final hidden and cell states.
package dev.tessera.nn;

import dev.tessera.ops.Recurrent;

public class LSTM extends RecurrentLayer {
    public LSTM(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, Options.defaults()); }

    public LSTM(long inputSize, long hiddenSize, Options options) { super(Recurrent.Cell.LSTM, inputSize, hiddenSize, options); }
}
