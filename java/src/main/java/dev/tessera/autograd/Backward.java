// Backward: how one recorded op turns the gradient of its output into gradients of its inputs.
// Written with differentiable ops, so a backward pass run with createGraph records its own graph
// (gradients of gradients). Returns one entry per input (null: no gradient for that input).
package dev.tessera.autograd;

import dev.tessera.tensor.Tensor;

@FunctionalInterface
public interface Backward {
    Tensor[] apply(Node node, Tensor gradOutput);
}
