// Conv2dParams: the attributes of one 2-D convolution as the kernels take them, resolved by the op
// layer (ops.Convolution) from what the caller gave: stride and dilation per axis, zero padding per
// side (asymmetric, which padding SAME needs for an even kernel) and groups. Convolution has
// validated them; backends trust them. conv1d is conv2d over a height of 1 (stride, dilation 1,
// no padding along H).
package dev.tessera.ops;

public record Conv2dParams(int strideH, int strideW, int padTop, int padBottom, int padLeft, int padRight, int dilationH,
                           int dilationW, int groups) {

    /** Output rows for {@code h} input rows and a kernel of {@code kernelH} rows (native conv.h's formula). */
    public long outH(long h, long kernelH) { return outputSize(h + padTop + padBottom, kernelH, strideH, dilationH); }

    public long outW(long w, long kernelW) { return outputSize(w + padLeft + padRight, kernelW, strideW, dilationW); }

    /** The extent one window spans along an axis: dilation * (kernel - 1) + 1. */
    static long span(long kernel, int dilation) { return dilation * (kernel - 1) + 1; }

    private static long outputSize(long padded, long kernel, int stride, int dilation) {
        return Math.floorDiv(padded - span(kernel, dilation), stride) + 1;
    }

    /** "stride 1x1, padding 1/1/1/1, dilation 1x1, groups 1" (padding top/bottom/left/right). */
    @Override
    public String toString() {
        return "stride " + strideH + "x" + strideW + ", padding " + padTop + "/" + padBottom + "/" + padLeft + "/" + padRight
                + ", dilation " + dilationH + "x" + dilationW + ", groups " + groups;
    }
}
