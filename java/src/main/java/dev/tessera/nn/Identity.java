// Identity: returns its input unchanged (a placeholder layer); a module without parameters.
package dev.tessera.nn;

import dev.tessera.tensor.Tensor;

public class Identity extends Module {
    @Override
    public Tensor forward(Tensor x) { return x; }
}
