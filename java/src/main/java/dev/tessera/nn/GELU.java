// GELU: x * Phi(x) elementwise (the exact, erf-based GELU); a module without parameters.
package dev.tessera.nn;

import dev.tessera.tensor.Tensor;

public class GELU extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.gelu(); }
}
