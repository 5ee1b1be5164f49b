// RNNCell: one Elman step, as torch.nn.RNNCell: h' = tanh (or relu) of W_ih x + b_ih + W_hh h + b_hh.
package dev.tessera.nn;

import dev.tessera.ops.Recurrent;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

public class RNNCell extends RecurrentCell {
    private final RNN.Nonlinearity nonlinearity;

    public RNNCell(long inputSize, long hiddenSize) {
        this(inputSize, hiddenSize, RNN.Nonlinearity.TANH, true, DType.DEFAULT_FLOAT, null);
    }

    public RNNCell(long inputSize, long hiddenSize, RNN.Nonlinearity nonlinearity, boolean bias, DType dtype, Generator generator) {
        super(RNN.cellOf(nonlinearity), inputSize, hiddenSize, bias, dtype, generator);
        this.nonlinearity = nonlinearity;
    }

    /** h' from zero state. */
    @Override
    public Tensor forward(Tensor x) { return step(x, null); }

    /** One step from h (null: zeros): x [N, in] gives h' [N, H]; an unbatched x [in] gives [H]. */
    public Tensor step(Tensor x, Tensor h) {
        Tensor input = batchOf(x);
        boolean unbatched = x.dim() == 1;
        Tensor hx = stateOf("hx", h, input.shapeRef()[0], unbatched);
        Tensor next = nonlinearity == RNN.Nonlinearity.TANH
                ? Recurrent.rnnTanhCell(input, hx, weightIh(), weightHh(), biasIh(), biasHh())
                : Recurrent.rnnReluCell(input, hx, weightIh(), weightHh(), biasIh(), biasHh());
        return unbatched ? next.squeeze(0) : next;
    }

    @Override
    protected String extraRepr() { return super.extraRepr() + ", nonlinearity=" + nonlinearity; }
}
