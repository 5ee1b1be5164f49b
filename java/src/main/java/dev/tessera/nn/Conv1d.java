// Conv1d: a 1-D convolution layer over [N, C, L] (or [C, L]) inputs, as torch.nn.Conv1d: weight
// [out, in / groups, k], bias [out]; stride, padding, dilation, groups, bias, dtype and generator
// through ConvOptions. The forward is ops.Convolution.conv1d (conv2d over a height of 1).
package dev.tessera.nn;

import dev.tessera.ops.Convolution;
import dev.tessera.tensor.Tensor;

public class Conv1d extends ConvNd {
    /** Stride 1, no padding, with a bias. */
    public Conv1d(long inChannels, long outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, ConvOptions.defaults());
    }

    public Conv1d(long inChannels, long outChannels, int kernelSize, ConvOptions options) {
        super(1, inChannels, outChannels, new int[] {kernelSize}, options);
    }

    @Override
    public Tensor forward(Tensor x) {
        return Convolution.conv1d(x, weight(), bias(), stride[0], padding, dilation[0], groups);
    }
}
