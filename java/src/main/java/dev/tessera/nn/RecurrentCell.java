// RecurrentCell: what LSTMCell, GRUCell and RNNCell share, as torch.nn.RNNCellBase: the parameters
// weight_ih [G·H, input_size], weight_hh [G·H, H], bias_ih and bias_hh [G·H] drawn from
// U(-1/√H, 1/√H), and the checks of a step's input and state. A cell is one time step of its
// layer; the layers (LSTM, GRU, RNN) run a whole sequence with one op and are much faster than a
// Java loop over a cell.
package dev.tessera.nn;

import dev.tessera.ops.Recurrent;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;

public abstract class RecurrentCell extends Module {
    private final long inputSize;
    private final long hiddenSize;
    private final boolean hasBias;

    protected RecurrentCell(Recurrent.Cell cell, long inputSize, long hiddenSize, boolean bias, DType dtype, Generator generator) {
        String type = typeName();
        if (inputSize < 0 || hiddenSize < 1) {
            throw new IllegalArgumentException(type + ": input_size must be >= 0 and hidden_size >= 1, got " + inputSize + " and "
                    + hiddenSize);
        }
        if (dtype == null || !dtype.isFloat()) throw new IllegalArgumentException(type + ": dtype must be f32 or f64, got " + dtype);
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.hasBias = bias;
        long rows = cell.gates() * hiddenSize;
        double bound = 1 / Math.sqrt(hiddenSize);
        Init.uniform(registerParameter("weight_ih", Tensor.empty(dtype, rows, inputSize)), -bound, bound, generator);
        Init.uniform(registerParameter("weight_hh", Tensor.empty(dtype, rows, hiddenSize)), -bound, bound, generator);
        if (bias) {
            Init.uniform(registerParameter("bias_ih", Tensor.empty(dtype, rows)), -bound, bound, generator);
            Init.uniform(registerParameter("bias_hh", Tensor.empty(dtype, rows)), -bound, bound, generator);
        }
    }

    public long inputSize() { return inputSize; }

    public long hiddenSize() { return hiddenSize; }

    protected final Tensor weightIh() { return parameter("weight_ih"); }

    protected final Tensor weightHh() { return parameter("weight_hh"); }

    /** The input-side bias, or null for a cell built without bias. */
    protected final Tensor biasIh() { return hasBias ? parameter("bias_ih") : null; }

    protected final Tensor biasHh() { return hasBias ? parameter("bias_hh") : null; }

    /** A step's input as [N, input_size]: a batch as is, an unbatched [input_size] as one row. */
    protected final Tensor batchOf(Tensor x) {
        if (x == null) throw new NullPointerException(typeName() + ": input is null");
        x.checkOpen(typeName());
        if (x.dim() != 1 && x.dim() != 2) {
            throw new IllegalArgumentException(typeName() + ": input must be [batch, input_size] or [input_size], got " + x.describe());
        }
        long features = x.shapeRef()[x.dim() - 1];
        if (features != inputSize) {
            throw new IllegalArgumentException(typeName() + ": input " + Shape.str(x.shapeRef()) + " has " + features
                    + " features but input_size is " + inputSize);
        }
        return x.dim() == 1 ? x.unsqueeze(0) : x;
    }

    /** A state for a batch of {@code batch} rows ([N, H], or [H] when the input is unbatched); null: zeros. */
    protected final Tensor stateOf(String what, Tensor s, long batch, boolean unbatched) {
        if (s == null) return Tensor.zeros(weightHh().dtype(), batch, hiddenSize);
        s.checkOpen(typeName());
        long[] expected = unbatched ? new long[] {hiddenSize} : new long[] {batch, hiddenSize};
        if (!Arrays.equals(s.shapeRef(), expected)) {
            throw new IllegalArgumentException(typeName() + ": " + what + " " + s.describe() + " must be " + Shape.str(expected));
        }
        return unbatched ? s.unsqueeze(0) : s;
    }

    @Override
    protected String extraRepr() { return "inputSize=" + inputSize + ", hiddenSize=" + hiddenSize + ", bias=" + hasBias; }
}
