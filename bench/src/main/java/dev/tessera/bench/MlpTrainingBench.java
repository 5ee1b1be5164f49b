// MlpTrainingBench: the Fashion-MNIST mlp of `./tessera train mlp` (Flatten -> Linear 784x128 ->
// ReLU -> Linear 128x10, Adam lr 1e-3, cross entropy) timed two ways: one training step on a fixed
// batch of 32 (forward, loss, backward, Adam step, zeroGrad, in a scope), and one whole epoch over
// the 60,000 training images in shuffled batches of 32 (needs the data set: ./tessera data).
// The PyTorch peer is bench/peers/torch_mlp.py; bench/results/mlp-training.md compares them.
package dev.tessera.bench;

import dev.tessera.data.Batches;
import dev.tessera.data.Datasets;
import dev.tessera.data.LabeledImages;
import dev.tessera.memory.Scope;
import dev.tessera.nn.Flatten;
import dev.tessera.nn.Linear;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.ops.Losses;
import dev.tessera.optim.Adam;
import dev.tessera.optim.Optimizer;
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
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class MlpTrainingBench {
    Sequential model;
    Optimizer opt;
    Tensor x;
    Tensor y;
    LabeledImages train;
    Batches batches;

    @Setup(Level.Trial)
    public void setup() {
        Generator g = new Generator(0);
        model = new Sequential(new Flatten(), new Linear(784, 128), new ReLU(), new Linear(128, 10));
        opt = new Adam(model.parameters(), 1e-3);
        x = Tensor.rand(g, 32, 28, 28);
        y = Tensor.randint(g, 0, 10, 32);
        if (Datasets.findFashionMnist() != null) {
            train = Datasets.fashionMnist(Datasets.Split.TRAIN);
            batches = Batches.of(train.images(), train.labels(), 32).shuffle(new Generator(1));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        opt.close();
        model.close();
        x.close();
        y.close();
        if (train != null) train.close();
    }

    private void step(Tensor bx, Tensor by) {
        Tensor loss = Losses.crossEntropy(model.forward(bx), by);
        loss.backward();
        opt.step();
        opt.zeroGrad();
    }

    /** One training step on a fixed batch of 32. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public void step32() {
        try (Scope s = Scope.open()) {
            step(x, y);
        }
    }

    /** One epoch of Fashion-MNIST: 1,875 shuffled batches of 32, each built with index_select. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public void epoch() {
        if (batches == null) throw new IllegalStateException("Fashion-MNIST is not installed (./tessera data)");
        for (Batches.Batch b : batches) {
            try (b; Scope s = Scope.open()) {
                step(b.x(), b.y());
            }
        }
    }
}
