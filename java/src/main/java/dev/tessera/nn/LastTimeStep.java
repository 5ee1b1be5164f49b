// LastTimeStep: keeps only the last step of a sequence, so a recurrent layer can feed a classifier
// head inside a Sequential (LSTM -> LastTimeStep -> Linear, Keras' return_sequences=False). The
// time dim is 1 for batch-first sequences [N, T, F], 0 for time-major ones [T, N, F]. For a
// bidirectional layer the last step holds the forward direction's final state and the reverse
// direction's first output, as output[:, -1] does in PyTorch; use the layer's run(x).h() for both
// final states.
package dev.tessera.nn;

import dev.tessera.tensor.Tensor;

public class LastTimeStep extends Module {
    private final int timeDim;

    public LastTimeStep(int timeDim) { this.timeDim = timeDim; }

    @Override
    public Tensor forward(Tensor x) { return x.select(timeDim, -1); }

    @Override
    protected String extraRepr() { return "timeDim=" + timeDim; }
}
