// GlobalAvgPool2d (Keras: GlobalAveragePooling2D): the mean of each channel's plane,
// [N, C, H, W] -> [N, C], so a CNN's feature maps can feed a Linear layer whatever their size.
// No parameters.
package dev.tessera.nn;

import dev.tessera.ops.Pooling;
import dev.tessera.tensor.Tensor;

public class GlobalAvgPool2d extends Module {
    @Override
    public Tensor forward(Tensor x) { return Pooling.globalAvgPool2d(x); }
}
