// LstmBench: one LSTM layer (input 128, hidden 256) over a batch-first sequence of 50 steps for a
// batch of 64, float32: forward alone, and forward + backward (gradients of the input and of all four
// parameters) from a ones upstream gradient on the whole output. The PyTorch peer is
// bench/peers/torch_layers.py (nn.LSTM, same shapes).
package dev.tessera.bench;

import dev.tessera.autograd.GradMode;
import dev.tessera.memory.Scope;
import dev.tessera.nn.LSTM;
import dev.tessera.nn.RecurrentLayer;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
public class LstmBench {
    LSTM lstm;
    Tensor x;
    Tensor gradOut;

    @Setup(Level.Trial)
    public void setup() {
        Generator g = new Generator(0);
        lstm = new LSTM(128, 256, RecurrentLayer.Options.defaults().withBatchFirst(true).withDtype(DType.F32).withGenerator(g));
        x = Tensor.randn(g, 64, 50, 128).requiresGrad(true);
        gradOut = Tensor.ones(64, 50, 256);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        lstm.close();
        x.close();
        gradOut.close();
    }

    @Benchmark
    public void forward() {
        try (Scope s = Scope.open(); GradMode.Guard off = GradMode.noGrad()) {
            lstm.forward(x);
        }
    }

    @Benchmark
    public void forwardBackward() {
        try (Scope s = Scope.open()) {
            lstm.forward(x).backward(gradOut);
            lstm.zeroGrad();
            x.zeroGrad();
        }
    }
}
