// LSTMCell: one LSTM step, as torch.nn.LSTMCell: (h', c') from the input and the previous (h, c).
package dev.tessera.nn;

import dev.tessera.ops.Recurrent;
import dev.tessera.ops.Recurrent.LstmState;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

public class LSTMCell extends RecurrentCell {
    public LSTMCell(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, true, DType.DEFAULT_FLOAT, null); }

    public LSTMCell(long inputSize, long hiddenSize, boolean bias, DType dtype, Generator generator) {
        super(Recurrent.Cell.LSTM, inputSize, hiddenSize, bias, dtype, generator);
    }

    /** h' from zero state. */
    @Override
    public Tensor forward(Tensor x) { return step(x, null).h(); }

    /** One step from {@code state} (null: zeros): x [N, in] gives h', c' [N, H]; an unbatched x [in] gives [H]. */
    public LstmState step(Tensor x, LstmState state) {
        Tensor input = batchOf(x);
        boolean unbatched = x.dim() == 1;
        long batch = input.shapeRef()[0];
        Tensor h = stateOf("hx", state == null ? null : state.h(), batch, unbatched);
        Tensor c = stateOf("cx", state == null ? null : state.c(), batch, unbatched);
        LstmState next = Recurrent.lstmCell(input, h, c, weightIh(), weightHh(), biasIh(), biasHh());
        return unbatched ? new LstmState(next.h().squeeze(0), next.c().squeeze(0)) : next;
    }
}
