// MlpTrainingBench: the Fashion-MNIST mlp of `./tessera train mlp` (Flatten -> Linear 784x128 ->
// ReLU -> Linear 128x10, Adam lr 1e-3, cross entropy) timed two ways: one training step on a fixed
// batch of 32 (forward, loss, backward, Adam step, zeroGrad, in a scope), and one whole epoch over
// the 60,000 training images in shuffled batches of 32 (needs the data set: ./tessera data).
// The PyTorch peer is bench/peers/torch_mlp.py; bench/results/mlp-training.md compares them.
package dev.tessera.bench;

import dev.tessera.nn.Flatten;
import dev.tessera.nn.Linear;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
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
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class MlpTrainingBench {
    ClassifierTraining training;

    @Setup(Level.Trial)
    public void setup() {
        training = new ClassifierTraining(new Sequential(new Flatten(), new Linear(784, 128), new ReLU(), new Linear(128, 10)),
                32, images -> images);
    }

    @TearDown(Level.Trial)
    public void tearDown() { training.close(); }

    /** One training step on a fixed batch of 32. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public void step32() { training.fixedStep(); }

    /** One epoch of Fashion-MNIST: 1,875 shuffled batches of 32, each built with index_select. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public void epoch() { training.epoch(); }
}
