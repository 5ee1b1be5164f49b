// Functional: the module behind Model.functional — a forward function over layers the caller
// built, registered here as children "0", "1", ... (as Sequential's), so their parameters train,
// appear in summary() and the state dict, and are freed by close(). It is Keras' functional Model
// without symbolic Input tensors: in an eager engine the graph is simply the Java code of the lambda.
package dev.tessera.train;

import dev.tessera.nn.Module;
import dev.tessera.tensor.Tensor;

import java.util.function.UnaryOperator;

final class Functional extends Module {
    private final UnaryOperator<Tensor> forward;

    Functional(UnaryOperator<Tensor> forward, Module... layers) {
        if (forward == null) throw new NullPointerException("Model.functional: forward is null");
        if (layers.length == 0) throw new IllegalArgumentException("Model.functional: give the layers the forward function uses");
        this.forward = forward;
        for (int i = 0; i < layers.length; i++) registerModule(String.valueOf(i), layers[i]);
    }

    @Override
    public Tensor forward(Tensor input) { return forward.apply(input); }
}
