// Sigmoid: 1 / (1 + exp(-x)) elementwise; a module without parameters.
package dev.tessera.nn;

import dev.tessera.tensor.Tensor;

public class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.sigmoid(); }
}
