// ConvSamples: the op database entries of conv2d and conv1d (called from OpSamples.build()), run
// by every kernel version of Kernels.CONV2D this CPU supports, against a float64 reference
// written here as the definition's loops: stride, explicit and asymmetric ("same" with an even
// kernel) padding, dilation, groups (depthwise with and without a channel multiplier), bias-less
// calls, 1x1 kernels, one input channel, planes big enough to be unrolled in several tiles,
// channel counts that leave v3's blocks partly empty, rows split into several tiles (and v4's
// row tiles with masked ends), padding beyond the kernel's span, unbatched inputs,
// non-contiguous tensors and empty batches, in f32 and f64.
package dev.tessera.opdb;

import dev.tessera.kernels.KernelVersion;
import dev.tessera.kernels.Kernels;
import dev.tessera.opdb.Sample.In;
import dev.tessera.opdb.Sample.Values;
import dev.tessera.ops.Convolution;
import dev.tessera.ops.Convolution.Padding;
import dev.tessera.ops.Op;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

import static dev.tessera.opdb.Sample.In.t;
import static dev.tessera.tensor.DType.F32;
import static dev.tessera.tensor.DType.F64;

final class ConvSamples {
    private ConvSamples() {}

    private static final List<DType> FLOATS = List.of(F32, F64);

    /** One call: inputs (input, weight and maybe bias) and the attributes as the op takes them. */
    private record Case(String label, In[] inputs, int[] stride, Padding padding, int[] dilation, int groups) {}

    private static Case of(String label, In[] inputs, int[] stride, Padding padding, int[] dilation, int groups) {
        return new Case(label, inputs, stride, padding, dilation, groups);
    }

    private static int[] v(int... values) { return values; }

    private static In[] ins(In... inputs) { return inputs; }

    static void add(List<Entry> db) {
        Case[] conv2d = {
            of("plain", ins(t(2, 3, 7, 6), t(4, 3, 3, 3), t(4)), v(1), Padding.VALID, v(1), 1),
            of("stride 2, padding 1", ins(t(2, 3, 9, 8), t(5, 3, 3, 3), t(5)), v(2), Padding.of(1), v(1), 1),
            of("stride (2, 1), padding (1, 2), 3x2 kernel", ins(t(2, 2, 8, 7), t(3, 2, 3, 2), t(3)), v(2, 1), Padding.of(1, 2), v(1), 1),
            of("padding same 3x3", ins(t(2, 3, 6, 5), t(4, 3, 3, 3), t(4)), v(1), Padding.SAME, v(1), 1),
            of("padding same, even 4x2 kernel, dilation (1, 2)", ins(t(1, 2, 7, 6), t(3, 2, 4, 2), t(3)), v(1), Padding.SAME, v(1, 2), 1),
            of("dilation 2, stride 3, padding 2", ins(t(2, 2, 11, 10), t(3, 2, 3, 3), t(3)), v(3), Padding.of(2), v(2), 1),
            of("groups 2", ins(t(2, 4, 6, 6), t(6, 2, 3, 3), t(6)), v(1), Padding.of(1), v(1), 2),
            of("depthwise", ins(t(2, 4, 7, 7), t(4, 1, 3, 3), t(4)), v(1), Padding.of(1), v(1), 4),
            of("depthwise x2, stride 2", ins(t(2, 3, 8, 9), t(6, 1, 3, 3), t(6)), v(2), Padding.of(1), v(1), 3),
            of("one input channel", ins(t(3, 1, 8, 8), t(5, 1, 3, 3), t(5)), v(1), Padding.VALID, v(1), 1),
            of("one input channel, stride (1, 2), dilation 2", ins(t(2, 1, 9, 11), t(3, 1, 2, 3), t(3)), v(1, 2), Padding.of(2), v(2), 1),
            of("no bias", ins(t(2, 3, 6, 6), t(4, 3, 3, 3)), v(1), Padding.of(1), v(1), 1),
            of("1x1", ins(t(2, 6, 5, 5), t(4, 6, 1, 1), t(4)), v(1), Padding.VALID, v(1), 1),
            of("1x1 stride 2", ins(t(2, 6, 5, 5), t(4, 6, 1, 1), t(4)), v(2), Padding.VALID, v(1), 1),
            of("kernel as large as the padded input", ins(t(1, 2, 2, 2), t(3, 2, 3, 3), t(3)), v(1), Padding.of(1), v(1), 1),
            of("large planes, several im2col tiles", ins(t(1, 16, 48, 48), t(8, 16, 3, 3), t(8)), v(1), Padding.of(1), v(1), 1),
            of("padding 3 around a 3x3 kernel", ins(t(1, 2, 5, 5), t(3, 2, 3, 3), t(3)), v(1), Padding.of(3), v(1), 1),
            of("one input channel, 9 outputs", ins(t(2, 1, 7, 7), t(9, 1, 3, 3), t(9)), v(1), Padding.of(1), v(1), 1),
            of("one input channel, 13 outputs, rows of 30", ins(t(1, 1, 10, 30), t(13, 1, 3, 3), t(13)), v(1), Padding.of(1), v(1), 1),
            of("depthwise, 14 rows of 40", ins(t(2, 3, 14, 40), t(3, 1, 3, 3), t(3)), v(1), Padding.of(1), v(1), 3),
            of("40 outputs, rows of 30", ins(t(1, 3, 6, 30), t(40, 3, 3, 3), t(40)), v(1), Padding.of(1), v(1), 1),
            of("groups 2 of 20 outputs, stride 2", ins(t(2, 4, 7, 9), t(40, 2, 3, 3), t(40)), v(2), Padding.of(1), v(1), 2),
            of("transposed input, stepped weight", ins(t(2, 3, 6, 7).transposed(), t(4, 3, 3, 3).stepped(), t(4)), v(1), Padding.of(1), v(1), 1),
            of("transposed depthwise input", ins(t(2, 4, 6, 7).transposed(), t(4, 1, 3, 3), t(4).stepped()), v(1), Padding.VALID, v(1), 4),
            of("unbatched [C, H, W]", ins(t(3, 6, 5), t(4, 3, 3, 3), t(4)), v(1), Padding.of(1), v(1), 1),
            of("empty batch", ins(t(0, 3, 5, 5), t(4, 3, 3, 3), t(4)), v(1), Padding.VALID, v(1), 1),
        };
        Case[] conv1d = {
            of("plain", ins(t(2, 3, 10), t(4, 3, 3), t(4)), v(1), Padding.VALID, v(1), 1),
            of("stride 2, padding 1, dilation 2", ins(t(2, 3, 11), t(5, 3, 3), t(5)), v(2), Padding.of(1), v(2), 1),
            of("padding same, even kernel", ins(t(2, 2, 9), t(3, 2, 4), t(3)), v(1), Padding.SAME, v(1), 1),
            of("groups 2, no bias", ins(t(2, 4, 8), t(6, 2, 3)), v(1), Padding.of(2), v(1), 2),
            of("depthwise", ins(t(2, 3, 12), t(3, 1, 5), t(3)), v(1), Padding.of(2), v(1), 3),
            of("unbatched [C, L]", ins(t(3, 9), t(2, 3, 3), t(2)), v(1), Padding.VALID, v(1), 1),
            of("transposed input", ins(t(2, 3, 8).transposed(), t(4, 3, 3), t(4)), v(1), Padding.of(1), v(1), 1),
            of("empty batch", ins(t(0, 3, 6), t(4, 3, 3), t(4)), v(1), Padding.VALID, v(1), 1),
        };
        db.add(entry(Convolution.CONV2D, 2, conv2d));
        db.add(entry(Convolution.CONV1D, 1, conv1d));
    }

    /**
     * Every case at every version this CPU runs (v3 needs AVX-512) and float dtype; values in
     * [-1, 1) so f32 sums stay well inside its tolerance.
     */
    private static Entry entry(Op op, int dims, Case[] cases) {
        Entry e = Entry.of(op).tol(F32, 1e-4, 1e-5).tol(F64, 1e-11, 1e-12);
        for (KernelVersion version : Kernels.CONV2D.versions().stream().filter(KernelVersion::supported).toList()) {
            for (Case c : cases) {
                List<In> inputs = Arrays.stream(c.inputs).map(in -> in.values(Values.uniform(-1, 1))).toList();
                e.sample(c.label + " v" + version.number(), FLOATS, inputs, in -> call(dims, c, in, version.number()),
                        r -> reference(dims, c, r));
            }
        }
        return e;
    }

    private static Tensor call(int dims, Case c, List<Tensor> in, int version) {
        Tensor bias = in.size() > 2 ? in.get(2) : null;
        return dims == 2 ? Convolution.conv2d(in.get(0), in.get(1), bias, c.stride, c.padding, c.dilation, c.groups, version)
                : Convolution.conv1d(in.get(0), in.get(1), bias, c.stride[0], c.padding, c.dilation[0], c.groups, version);
    }

    // ------------------------------------------------------------------ the float64 reference

    /** The case's call on logical values: unbatched and 1-D inputs go through conv2d of [N, C, H, W]. */
    private static Ref reference(int dims, Case c, List<Ref> r) {
        Ref x = r.get(0);
        Ref w = r.get(1);
        Ref b = r.size() > 2 ? r.get(2) : null;
        boolean batched = x.rank() == dims + 2;
        long[] xs = batched ? x.shape : Ref.concat(new long[] {1}, x.shape);
        long[] x4 = dims == 2 ? xs : new long[] {xs[0], xs[1], 1, xs[2]};
        long[] w4 = dims == 2 ? w.shape : new long[] {w.shape[0], w.shape[1], 1, w.shape[2]};
        int[] stride = dims == 2 ? pair(c.stride) : new int[] {1, c.stride[0]};
        int[] dilation = dims == 2 ? pair(c.dilation) : new int[] {1, c.dilation[0]};
        int[][] pads = new int[2][2]; // [axis][before, after]
        for (int d = 0; d < dims; d++) {
            int axis = d + 2 - dims;
            if (c.padding.isSame()) {
                int total = dilation[axis] * (int) (w4[2 + axis] - 1);
                pads[axis] = new int[] {total / 2, total - total / 2};
            } else {
                int[] sizes = c.padding.sizes();
                int p = sizes[sizes.length == 1 ? 0 : d];
                pads[axis] = new int[] {p, p};
            }
        }
        Ref out = conv2d(x.reshape(x4), w.reshape(w4), b, stride, pads, dilation, c.groups);
        long[] o = out.shape;
        long[] shape = dims == 2 ? (batched ? o : new long[] {o[1], o[2], o[3]})
                : batched ? new long[] {o[0], o[1], o[3]} : new long[] {o[1], o[3]};
        return out.reshape(shape);
    }

    private static int[] pair(int[] values) { return values.length == 2 ? values : new int[] {values[0], values[0]}; }

    /**
     * out[b, o, y, x] = bias[o] + sum over the group's channels c and taps (i, j) of
     * w[o, c, i, j] * in[b, group start + c, y sh - top + i dh, x sw - left + j dw], 0 outside the input.
     */
    static Ref conv2d(Ref in, Ref w, Ref bias, int[] stride, int[][] pads, int[] dilation, int groups) {
        long n = in.shape[0], h = in.shape[2], wd = in.shape[3];
        long cOut = w.shape[0], cg = w.shape[1], kh = w.shape[2], kw = w.shape[3];
        long outH = (h + pads[0][0] + pads[0][1] - dilation[0] * (kh - 1) - 1) / stride[0] + 1;
        long outW = (wd + pads[1][0] + pads[1][1] - dilation[1] * (kw - 1) - 1) / stride[1] + 1;
        long[] shape = {n, cOut, outH, outW};
        double[] out = new double[Ref.numel(shape)];
        long og = cOut / groups;
        int at = 0;
        for (long b = 0; b < n; b++) {
            for (long o = 0; o < cOut; o++) {
                long c0 = o / og * cg;
                for (long y = 0; y < outH; y++) {
                    for (long x = 0; x < outW; x++) {
                        double s = bias == null ? 0 : bias.at(o);
                        for (long c = 0; c < cg; c++) {
                            for (long i = 0; i < kh; i++) {
                                long iy = y * stride[0] - pads[0][0] + i * dilation[0];
                                for (long j = 0; j < kw; j++) {
                                    long ix = x * stride[1] - pads[1][0] + j * dilation[1];
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) s += w.at(o, c, i, j) * in.at(b, c0 + c, iy, ix);
                                }
                            }
                        }
                        out[at++] = s;
                    }
                }
            }
        }
        return Ref.of(in.dtype, shape, out);
    }
}
