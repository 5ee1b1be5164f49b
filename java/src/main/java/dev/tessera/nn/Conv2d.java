// Conv2d: a 2-D convolution layer over [N, C, H, W] (or [C, H, W]) inputs, as torch.nn.Conv2d:
// weight [out, in / groups, kH, kW], bias [out]; stride, padding, dilation, groups, bias, dtype
// and generator through ConvOptions. The forward is ops.Convolution.conv2d with the kernel
// version selected in Kernels.CONV2D.
package dev.tessera.nn;

import dev.tessera.ops.Convolution;
import dev.tessera.tensor.Tensor;

public class Conv2d extends ConvNd {
    /** A square kernel, stride 1, no padding, with a bias. */
    public Conv2d(long inChannels, long outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, ConvOptions.defaults());
    }

    public Conv2d(long inChannels, long outChannels, int kernelSize, ConvOptions options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    /** kernelSize: one size for both axes or {kH, kW}. */
    public Conv2d(long inChannels, long outChannels, int[] kernelSize, ConvOptions options) {
        super(2, inChannels, outChannels, kernelSize, options);
    }

    @Override
    public Tensor forward(Tensor x) {
        return Convolution.conv2d(x, weight(), bias(), stride, padding, dilation, groups);
    }
}
