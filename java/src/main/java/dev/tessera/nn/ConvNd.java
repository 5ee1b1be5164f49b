// ConvNd: what Conv1d and Conv2d share (PyTorch's _ConvNd): the checked attributes, the weight
// [out, in / groups, kernel...] and bias [out] parameters with PyTorch's default initialisation
// (Kaiming-uniform with a = sqrt(5) for the weight, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the
// bias, fan_in = in / groups * kernel size), and the description toString() and summary() show.
// Parameters are created in the scope current at construction.
package dev.tessera.nn;

import dev.tessera.ops.Convolution;
import dev.tessera.ops.Convolution.Padding;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;

abstract class ConvNd extends Module {
    final long inChannels;
    final long outChannels;
    final long[] kernelSize;
    final int[] stride;
    final Padding padding;
    final int[] dilation;
    final int groups;
    private final boolean hasBias;

    ConvNd(int dims, long inChannels, long outChannels, int[] kernelSize, ConvOptions options) {
        String type = typeName();
        if (options == null) throw new NullPointerException(type + ": options are null");
        if (kernelSize == null) throw new NullPointerException(type + ": kernelSize is null");
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException(type + ": channel counts must be >= 1, got in=" + inChannels + ", out=" + outChannels);
        }
        Convolution.checkAttributes(type, dims, options.stride, options.padding, options.dilation, options.groups);
        if (kernelSize.length != 1 && kernelSize.length != dims) {
            throw new IllegalArgumentException(type + ": kernelSize needs 1" + (dims > 1 ? " or " + dims : "") + " values, got "
                    + Arrays.toString(kernelSize));
        }
        if (inChannels % options.groups != 0 || outChannels % options.groups != 0) {
            throw new IllegalArgumentException(type + ": groups=" + options.groups + " must divide in_channels=" + inChannels
                    + " and out_channels=" + outChannels);
        }
        if (options.dtype == null || !options.dtype.isFloat()) {
            throw new IllegalArgumentException(type + ": dtype must be f32 or f64, got " + options.dtype);
        }
        this.kernelSize = new long[dims];
        for (int d = 0; d < dims; d++) {
            this.kernelSize[d] = kernelSize[kernelSize.length == 1 ? 0 : d];
            if (this.kernelSize[d] < 1) {
                throw new IllegalArgumentException(type + ": kernelSize must be >= 1, got " + Arrays.toString(kernelSize));
            }
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.stride = options.stride.clone();
        this.padding = options.padding;
        this.dilation = options.dilation.clone();
        this.groups = options.groups;
        this.hasBias = options.bias;
        long[] shape = new long[dims + 2];
        shape[0] = outChannels;
        shape[1] = inChannels / groups;
        System.arraycopy(this.kernelSize, 0, shape, 2, dims);
        Tensor w = registerParameter("weight", Tensor.empty(options.dtype, shape));
        Init.kaimingUniform(w, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, options.generator);
        if (hasBias) {
            double bound = 1 / Math.sqrt(Init.fanIn(shape));
            Init.uniform(registerParameter("bias", Tensor.empty(options.dtype, outChannels)), -bound, bound, options.generator);
        }
    }

    public long inChannels() { return inChannels; }

    public long outChannels() { return outChannels; }

    public Tensor weight() { return parameter("weight"); }

    /** The bias, or null for a layer built with bias(false). */
    public Tensor bias() { return hasBias ? parameter("bias") : null; }

    /** "1, 32, kernelSize=[3, 3], stride=[1]" plus padding, dilation, groups and bias where they differ from the defaults. */
    @Override
    protected String extraRepr() {
        StringBuilder sb = new StringBuilder();
        sb.append(inChannels).append(", ").append(outChannels).append(", kernelSize=").append(Arrays.toString(kernelSize))
                .append(", stride=").append(Arrays.toString(stride));
        if (!padding.equals(Padding.VALID)) sb.append(", padding=").append(padding);
        if (Arrays.stream(dilation).anyMatch(d -> d != 1)) sb.append(", dilation=").append(Arrays.toString(dilation));
        if (groups != 1) sb.append(", groups=").append(groups);
        if (!hasBias) sb.append(", bias=false");
        return sb.toString();
    }
}
