// Tanh: tanh(x) elementwise; a module without parameters.
package dev.tessera.nn;

import dev.tessera.tensor.Tensor;

public class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.tanh(); }
}
