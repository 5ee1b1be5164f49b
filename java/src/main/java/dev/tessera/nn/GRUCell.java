// GRUCell: one GRU step, as torch.nn.GRUCell: h' from the input and the previous h.
package dev.tessera.nn;

import dev.tessera.ops.Recurrent;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

public class GRUCell extends RecurrentCell {
    public GRUCell(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, true, DType.DEFAULT_FLOAT, null); }

    public GRUCell(long inputSize, long hiddenSize, boolean bias, DType dtype, Generator generator) {
        super(Recurrent.Cell.GRU, inputSize, hiddenSize, bias, dtype, generator);
    }

    /** h' from zero state. */
    @Override
    public Tensor forward(Tensor x) { return step(x, null); }

    /** One step from h (null: zeros): x [N, in] gives h' [N, H]; an unbatched x [in] gives [H]. */
    public Tensor step(Tensor x, Tensor h) {
        Tensor input = batchOf(x);
        boolean unbatched = x.dim() == 1;
        Tensor next = Recurrent.gruCell(input, stateOf("hx", h, input.shapeRef()[0], unbatched), weightIh(), weightHh(), biasIh(),
                biasHh());
        return unbatched ? next.squeeze(0) : next;
    }
}
