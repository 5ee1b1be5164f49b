// ConvGradCases: the gradcheck cases of conv2d and conv1d (called from GradCases.build()), small
// float64 shapes run by every kernel version this CPU supports: gradients to input, weight and
// bias through stride, asymmetric "same" padding, dilation, groups, the depthwise direct path,
// 1x1 kernels, bias-less calls, unbatched and non-contiguous inputs. GradCheckTest also checks
// each case's second order.
package dev.tessera.autograd;

import dev.tessera.kernels.KernelVersion;
import dev.tessera.kernels.Kernels;
import dev.tessera.ops.Convolution;
import dev.tessera.ops.Convolution.Padding;
import dev.tessera.tensor.Tensor;

import java.util.function.Supplier;

import static dev.tessera.autograd.GradCases.centered;

final class ConvGradCases {
    private ConvGradCases() {}

    private static Supplier<Tensor[]> of(Supplier<Tensor> x, Supplier<Tensor> w, Supplier<Tensor> b) {
        return () -> new Tensor[] {x.get(), w.get(), b.get()};
    }

    static void add() {
        for (KernelVersion kv : Kernels.CONV2D.versions().stream().filter(KernelVersion::supported).toList()) {
            int v = kv.number();
            String at = " v" + v;
            GradCases.add(Convolution.CONV2D, "stride (2, 1), padding 1" + at, of(() -> centered(2, 3, 5, 4), () -> centered(4, 3, 3, 2), () -> centered(4)),
                    xs -> Convolution.conv2d(xs[0], xs[1], xs[2], new int[] {2, 1}, Padding.of(1), new int[] {1}, 1, v));
            GradCases.add(Convolution.CONV2D, "same padding, even kernel, dilation 2" + at,
                    of(() -> centered(1, 2, 5, 5), () -> centered(3, 2, 2, 3), () -> centered(3)),
                    xs -> Convolution.conv2d(xs[0], xs[1], xs[2], new int[] {1}, Padding.SAME, new int[] {2}, 1, v));
            GradCases.add(Convolution.CONV2D, "groups 2, no bias" + at, GradCases.of(() -> centered(2, 4, 4, 4), () -> centered(4, 2, 3, 3)),
                    xs -> Convolution.conv2d(xs[0], xs[1], null, new int[] {1}, Padding.of(1), new int[] {1}, 2, v));
            GradCases.add(Convolution.CONV2D, "depthwise x2, stride 2" + at, of(() -> centered(2, 2, 5, 6), () -> centered(4, 1, 3, 3), () -> centered(4)),
                    xs -> Convolution.conv2d(xs[0], xs[1], xs[2], new int[] {2}, Padding.of(1), new int[] {1}, 2, v));
            GradCases.add(Convolution.CONV2D, "depthwise, rows of 12" + at, of(() -> centered(1, 2, 4, 12), () -> centered(2, 1, 3, 3),
                    () -> centered(2)), xs -> Convolution.conv2d(xs[0], xs[1], xs[2], new int[] {1}, Padding.of(1), new int[] {1}, 2, v));
            GradCases.add(Convolution.CONV2D, "one input channel" + at, of(() -> centered(2, 1, 5, 5), () -> centered(3, 1, 3, 3), () -> centered(3)),
                    xs -> Convolution.conv2d(xs[0], xs[1], xs[2], new int[] {1}, Padding.VALID, new int[] {1}, 1, v));
            GradCases.add(Convolution.CONV2D, "1x1" + at, of(() -> centered(2, 3, 3, 4), () -> centered(2, 3, 1, 1), () -> centered(2)),
                    xs -> Convolution.conv2d(xs[0], xs[1], xs[2], new int[] {1}, Padding.VALID, new int[] {1}, 1, v));
            GradCases.add(Convolution.CONV2D, "unbatched, transposed input" + at, of(() -> centered(2, 5, 4), () -> centered(3, 2, 2, 2), () -> centered(3)),
                    xs -> Convolution.conv2d(xs[0].transpose(1, 2), xs[1], xs[2], new int[] {1}, Padding.of(1), new int[] {1}, 1, v));
            GradCases.add(Convolution.CONV1D, "stride 2, padding 1, dilation 2" + at, of(() -> centered(2, 3, 9), () -> centered(4, 3, 3), () -> centered(4)),
                    xs -> Convolution.conv1d(xs[0], xs[1], xs[2], 2, Padding.of(1), 2, 1, v));
            GradCases.add(Convolution.CONV1D, "same padding, groups 3, unbatched" + at, of(() -> centered(3, 6), () -> centered(3, 1, 4), () -> centered(3)),
                    xs -> Convolution.conv1d(xs[0], xs[1], xs[2], 1, Padding.SAME, 1, 3, v));
        }
    }
}
