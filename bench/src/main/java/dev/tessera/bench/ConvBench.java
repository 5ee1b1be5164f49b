// ConvBench: conv2d forward and forward+backward (input, weight and bias gradients) on the three
// shapes of issue 5 — (N64, 1->32, 28x28), (N64, 32->64, 13x13), (N32, 64->64, 56x56, pad 1), all
// 3x3 —. float32, the default kernel
// versions, the native pool's threads. The PyTorch peer is bench/peers/torch_layers.py;
// bench/results/layers.md compares the two.
package dev.tessera.bench;

import dev.tessera.autograd.GradMode;
import dev.tessera.memory.Scope;
import dev.tessera.ops.Convolution;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class ConvBench {
    /** N_Cin_Cout_HW_padding, the names bench/peers/torch_layers.py prints. */
    @Param({"n64_c1_k32_28", "n64_c32_k64_13", "n32_c64_k64_56_pad1"})
    public String shape;

    Tensor x;
    Tensor w;
    Tensor b;
    Tensor gradOut;
    int padding;

    @Setup(Level.Trial)
    public void setup() {
        String[] p = shape.split("_");
        long n = Long.parseLong(p[0].substring(1));
        long cin = Long.parseLong(p[1].substring(1));
        long cout = Long.parseLong(p[2].substring(1));
        long hw = Long.parseLong(p[3]);
        padding = p.length > 4 ? Integer.parseInt(p[4].substring(3)) : 0;
        Generator g = new Generator(0);
        x = Tensor.randn(g, n, cin, hw, hw).requiresGrad(true);
        w = Tensor.randn(g, cout, cin, 3, 3).requiresGrad(true);
        b = Tensor.randn(g, cout).requiresGrad(true);
        long out = hw + 2L * padding - 2;
        gradOut = Tensor.ones(n, cout, out, out);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        x.close();
        w.close();
        b.close();
        gradOut.close();
    }

    @Benchmark
    public void forward() {
        try (Scope s = Scope.open(); GradMode.Guard off = GradMode.noGrad()) {
            Convolution.conv2d(x, w, b, 1, padding);
        }
    }

    @Benchmark
    public void forwardBackward() {
        try (Scope s = Scope.open()) {
            Tensor y = Convolution.conv2d(x, w, b, 1, padding);
            y.backward(gradOut);
            x.zeroGrad();
            w.zeroGrad();
            b.zeroGrad();
        }
    }
}
