// The convolution layers: Conv2d and Conv1d parameter shapes and names, PyTorch's default init
// bounds (1 / sqrt(fan_in), fan_in = in / groups * kernel size) and seeding, forward against the
// functional op, ConvOptions (stride, padding, SAME, dilation, groups, no bias, f64), the
// description toString() and summary() show, bad arguments, and a few steps of training that
// lower a loss.
package dev.tessera.nn;

import dev.tessera.autograd.GradMode;
import dev.tessera.memory.Scope;
import dev.tessera.ops.Convolution;
import dev.tessera.ops.Convolution.Padding;
import dev.tessera.ops.Losses;
import dev.tessera.optim.SGD;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ConvLayersTest {
    @Test
    void conv2dParametersAndDefaultInit() {
        try (Scope s = Scope.open()) {
            Conv2d a = new Conv2d(4, 6, 3, ConvOptions.defaults().groups(2).generator(new Generator(3)));
            Conv2d b = new Conv2d(4, 6, 3, ConvOptions.defaults().groups(2).generator(new Generator(3)));
            assertArrayEquals(new long[] {6, 2, 3, 3}, a.weight().shape(), "weight [out, in / groups, kH, kW]");
            assertArrayEquals(new long[] {6}, a.bias().shape());
            assertEquals(List.of("weight", "bias"), List.copyOf(a.namedParameters().keySet()));
            double bound = 1 / Math.sqrt(2 * 9); // fan_in = in / groups * kH * kW
            for (Tensor p : a.parameters()) {
                for (double v : p.toDoubleArray()) assertTrue(Math.abs(v) <= bound + 1e-7, "within 1/sqrt(fan_in): " + v);
            }
            assertArrayEquals(a.weight().toDoubleArray(), b.weight().toDoubleArray(), "same generator seed, same weights");
        }
    }

    @Test
    void forwardIsTheFunctionalOp() {
        try (Scope s = Scope.open()) {
            Conv2d layer = new Conv2d(3, 5, 3, ConvOptions.defaults().stride(2).padding(1).dtype(DType.F64));
            Tensor x = Tensor.randn(new Generator(1), 2, 3, 9, 8).to(DType.F64);
            Tensor y = layer.forward(x);
            assertArrayEquals(new long[] {2, 5, 5, 4}, y.shape());
            Tensor expected = Convolution.conv2d(x, layer.weight(), layer.bias(), 2, 1);
            assertArrayEquals(expected.toDoubleArray(), y.toDoubleArray(), 0);

            Conv1d same = new Conv1d(2, 4, 4, ConvOptions.defaults().padding(Padding.SAME).dilation(2).bias(false));
            assertNull(same.bias());
            assertArrayEquals(new long[] {3, 4, 10}, same.forward(Tensor.ones(3, 2, 10)).shape(), "SAME keeps the length");
            assertArrayEquals(new long[] {4, 10}, same.forward(Tensor.ones(2, 10)).shape(), "unbatched");
        }
    }

    @Test
    void descriptionAndSummary() {
        try (Scope s = Scope.open()) {
            Sequential net = new Sequential(new Conv2d(1, 8, 3), new ReLU(),
                    new Conv2d(8, 8, new int[] {3, 1}, ConvOptions.defaults().padding(Padding.SAME).groups(8).bias(false)),
                    new Flatten(), new Linear(8 * 26 * 26, 10));
            String text = net.toString();
            assertTrue(text.contains("Conv2d(1, 8, kernelSize=[3, 3], stride=[1])"), text);
            assertTrue(text.contains("Conv2d(8, 8, kernelSize=[3, 1], stride=[1], padding=same, groups=8, bias=false)"), text);
            String summary = net.summary(2, 1, 28, 28);
            assertTrue(summary.contains("[2, 8, 26, 26]"), summary);
            assertTrue(summary.contains("weight [8, 1, 3, 3], bias [8]"), summary);
            assertTrue(summary.contains("weight [8, 1, 3, 1]"), summary);
            assertEquals(8 * 9 + 8 + 8 * 3 + 8 * 26 * 26 * 10 + 10, net.parameterCount());
        }
    }

    @Test
    void badArgumentsNameTheLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(4, 6, 3, ConvOptions.defaults().groups(4)));
        assertTrue(e.getMessage().startsWith("Conv2d: groups=4 must divide"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(2, 2, 3, ConvOptions.defaults().stride(2).padding(Padding.SAME)));
        assertTrue(e.getMessage().startsWith("Conv2d: padding SAME needs stride 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv1d(2, 2, 0));
        assertTrue(e.getMessage().startsWith("Conv1d: kernelSize must be >= 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv1d(2, 2, 3, ConvOptions.defaults().padding(1, 2)));
        assertTrue(e.getMessage().startsWith("Conv1d: padding needs 1 values"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(0, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(2, 2, 3, ConvOptions.defaults().dtype(DType.I64)));
        try (Scope s = Scope.open()) {
            Conv2d layer = new Conv2d(3, 4, 3);
            e = assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.ones(1, 2, 5, 5)));
            assertTrue(e.getMessage().contains("has 2 channels but weight [4, 3, 3, 3] expects 3"), e.getMessage());
        }
    }

    @Test
    void trainingStepsLowerTheLoss() {
        try (Scope s = Scope.open()) {
            Generator g = new Generator(11);
            // A student learns what a teacher of the same shape computes: conv2d, then conv1d over the flattened plane.
            Conv2d teacher2d = new Conv2d(1, 2, 3, ConvOptions.defaults().padding(1).generator(g));
            Conv1d teacher1d = new Conv1d(2, 1, 3, ConvOptions.defaults().padding(Padding.SAME).generator(g));
            Conv2d conv = new Conv2d(1, 2, 3, ConvOptions.defaults().padding(1).generator(g));
            Conv1d conv1 = new Conv1d(2, 1, 3, ConvOptions.defaults().padding(Padding.SAME).generator(g));
            Tensor x = Tensor.randn(g, 8, 1, 6, 6);
            Tensor target;
            try (GradMode.Guard off = GradMode.noGrad()) {
                target = teacher1d.forward(teacher2d.forward(x).reshape(8, 2, 36));
            }
            SGD opt = SGD.builder(concat(conv, conv1)).lr(0.1).build();
            double first = 0;
            double last = 0;
            for (int step = 0; step < 40; step++) {
                try (Scope stepScope = Scope.open()) {
                    Tensor loss = Losses.mseLoss(conv1.forward(conv.forward(x).reshape(8, 2, 36)), target);
                    loss.backward();
                    opt.step();
                    opt.zeroGrad();
                    if (step == 0) first = loss.item();
                    last = loss.item();
                }
            }
            assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
        }
    }

    private static List<Tensor> concat(Module a, Module b) {
        List<Tensor> all = new ArrayList<>(a.parameters());
        all.addAll(b.parameters());
        return all;
    }
}
