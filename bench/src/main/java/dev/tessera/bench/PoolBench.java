// PoolBench: max_pool2d 2x2 (stride 2) forward on [64, 32, 26, 26] (the cnn example's first
// pooling) and [32, 64, 56, 56], float32. The PyTorch peer is bench/peers/torch_layers.py.
package dev.tessera.bench;

import dev.tessera.autograd.GradMode;
import dev.tessera.memory.Scope;
import dev.tessera.ops.Pooling;
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
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class PoolBench {
    /** N_C_HW, the names bench/peers/torch_layers.py prints. */
    @Param({"n64_c32_26", "n32_c64_56"})
    public String shape;

    Tensor x;

    @Setup(Level.Trial)
    public void setup() {
        String[] p = shape.split("_");
        long hw = Long.parseLong(p[2]);
        x = Tensor.randn(new Generator(0), Long.parseLong(p[0].substring(1)), Long.parseLong(p[1].substring(1)), hw, hw);
    }

    @TearDown(Level.Trial)
    public void tearDown() { x.close(); }

    @Benchmark
    public void maxPool2dForward() {
        try (Scope s = Scope.open(); GradMode.Guard off = GradMode.noGrad()) {
            Pooling.maxPool2d(x, 2);
        }
    }
}
