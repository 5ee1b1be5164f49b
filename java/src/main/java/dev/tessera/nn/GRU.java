// GRU: a multi-layer gated recurrent unit network over a sequence, as torch.nn.GRU (gates r, z, n;
// n = tanh(W_in x + b_in + r·(W_hn h + b_hn)), h' = (1 - z)·n + z·h). Options, parameters and
// shapes: RecurrentLayer. forward(x) returns the output sequence; run(x, h0) also the final states.
package dev.tessera.nn;

import dev.tessera.ops.Recurrent;
import dev.tessera.tensor.Tensor;

public class GRU extends RecurrentLayer {
    public GRU(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, Options.defaults()); }

    public GRU(long inputSize, long hiddenSize, Options options) { super(Recurrent.Cell.GRU, inputSize, hiddenSize, options); }

    /** From the initial hidden state h0 [L·D, N, H] (null: zeros). */
    public Result run(Tensor x, Tensor h0) { return run(x, h0, null); }
}
