// CnnTrainingBench: the Fashion-MNIST cnn of `./tessera train cnn` (Conv 32 -> MaxPool -> Conv 64 ->
// MaxPool -> Dense 128 -> Dense 10, Adam lr 1e-3, cross entropy) timed two ways: one training step
// on a fixed batch of 64 (forward, loss, backward, Adam step, zeroGrad, in a scope), and one epoch
// over the 60,000 training images in shuffled batches of 64 (needs the data set: ./tessera data).
// The PyTorch peer is bench/peers/torch_cnn.py; bench/results/layers.md compares them.
package dev.tessera.bench;

import dev.tessera.examples.FashionCnn;
import dev.tessera.tensor.Generator;
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
public class CnnTrainingBench {
    ClassifierTraining training;

    @Setup(Level.Trial)
    public void setup() { training = new ClassifierTraining(FashionCnn.network(new Generator(0)), 64, images -> images.unsqueeze(1)); }

    @TearDown(Level.Trial)
    public void tearDown() { training.close(); }

    /** One training step on a fixed batch of 64. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public void step64() { training.fixedStep(); }

    /** One epoch of Fashion-MNIST: 938 shuffled batches of 64. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public void epoch() { training.epoch(); }
}
