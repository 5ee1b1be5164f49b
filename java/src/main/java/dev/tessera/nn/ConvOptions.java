// ConvOptions: the optional arguments of the Conv1d and Conv2d layers, with PyTorch's defaults
// (stride 1, no padding, dilation 1, one group, a bias, f32 parameters, the default generator):
// new Conv2d(32, 64, 3, ConvOptions.defaults().padding(1).stride(2)). Immutable: each setter
// returns a changed copy. The layer checks the values when it is built.
package dev.tessera.nn;

import dev.tessera.ops.Convolution.Padding;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;

public final class ConvOptions {
    final int[] stride;
    final Padding padding;
    final int[] dilation;
    final int groups;
    final boolean bias;
    final DType dtype;
    final Generator generator;

    private ConvOptions(int[] stride, Padding padding, int[] dilation, int groups, boolean bias, DType dtype, Generator generator) {
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.bias = bias;
        this.dtype = dtype;
        this.generator = generator;
    }

    public static ConvOptions defaults() {
        return new ConvOptions(new int[] {1}, Padding.VALID, new int[] {1}, 1, true, DType.DEFAULT_FLOAT, null);
    }

    /** One stride for every spatial dim, or one per dim. */
    public ConvOptions stride(int... stride) {
        return new ConvOptions(copy(stride), padding, dilation, groups, bias, dtype, generator);
    }

    /** Zero padding on both sides of each spatial dim: one size for all, or one per dim. */
    public ConvOptions padding(int... padding) {
        return padding(Padding.of(copy(padding)));
    }

    /** Padding.SAME, Padding.VALID or explicit sizes. */
    public ConvOptions padding(Padding padding) {
        return new ConvOptions(stride, padding, dilation, groups, bias, dtype, generator);
    }

    public ConvOptions dilation(int... dilation) {
        return new ConvOptions(stride, padding, copy(dilation), groups, bias, dtype, generator);
    }

    /** Channels split into this many independent groups (in_channels = groups: depthwise). */
    public ConvOptions groups(int groups) {
        return new ConvOptions(stride, padding, dilation, groups, bias, dtype, generator);
    }

    public ConvOptions bias(boolean bias) {
        return new ConvOptions(stride, padding, dilation, groups, bias, dtype, generator);
    }

    /** The parameters' dtype (F32 or F64). */
    public ConvOptions dtype(DType dtype) {
        return new ConvOptions(stride, padding, dilation, groups, bias, dtype, generator);
    }

    /** The generator that draws the initial weights (null: Generator.defaultGenerator()). */
    public ConvOptions generator(Generator generator) {
        return new ConvOptions(stride, padding, dilation, groups, bias, dtype, generator);
    }

    private static int[] copy(int[] values) { return values == null ? null : values.clone(); }
}
