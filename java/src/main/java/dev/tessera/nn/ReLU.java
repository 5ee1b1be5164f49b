// ReLU: max(x, 0) elementwise; a module without parameters.
package dev.tessera.nn;

import dev.tessera.tensor.Tensor;

public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.relu(); }
}
