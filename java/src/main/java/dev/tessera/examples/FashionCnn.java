// cnn: Fashion-MNIST with the classic small convolutional network: Conv 32 3x3 relu -> MaxPool 2 ->
// Conv 64 3x3 relu -> MaxPool 2 -> Flatten -> Dense 128 relu -> Dense 10, Adam lr 1e-3, batch 64,
// cross entropy, pixels scaled to [0, 1], trained through the Keras-style API (as mlp: FashionClassifier).
// Target: test accuracy >= 0.885 after 3 epochs (the PyTorch peer, bench/peers/torch_cnn.py,
// reached 0.887 on this machine with its own seed; the issue quotes about 0.895).
package dev.tessera.examples;

import dev.tessera.data.Dataset;
import dev.tessera.nn.Conv2d;
import dev.tessera.nn.ConvOptions;
import dev.tessera.nn.Flatten;
import dev.tessera.nn.Linear;
import dev.tessera.nn.MaxPool2d;
import dev.tessera.nn.Module;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.Consumer;

public final class FashionCnn implements Example {
    static final double TARGET_ACCURACY = 0.885;

    @Override public String name() { return "cnn"; }
    @Override public String description() { return "Fashion-MNIST: Conv 32 -> MaxPool -> Conv 64 -> MaxPool -> Dense 128 -> Dense 10, Adam"; }
    @Override public String target() { return "test accuracy >= " + TARGET_ACCURACY; }
    @Override public Settings defaults() { return new Settings(3, 64, 1e-3, "adam", 0); }

    /** The network, for images [n, 1, 28, 28]; the JMH benchmark trains the same one. */
    public static Sequential network(Generator g) {
        ConvOptions conv = ConvOptions.defaults().dtype(DType.F32).generator(g);
        return new Sequential(
                new Conv2d(1, 32, 3, conv), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, conv), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 5 * 5, 128, true, DType.F32, g), new ReLU(),
                new Linear(128, 10, true, DType.F32, g));
    }

    /** Fashion-MNIST images with their one channel made explicit: [n, 1, 28, 28]. */
    private static Tensor channels(Tensor images) { return images.unsqueeze(1); }

    @Override
    public Result run(Settings s, PrintStream log, Consumer<Module> whenTrained) {
        return FashionClassifier.run(this, s, log, whenTrained, FashionCnn::channels, TARGET_ACCURACY, Map.of(), true);
    }

    @Override
    public Sequential network(Settings s) { return network(new Generator(s.seed())); }

    @Override
    public Dataset.Sample testData(Settings s) { return FashionClassifier.testData(FashionCnn::channels); }

    @Override
    public Tensor predictions(Tensor logits) { return logits.argmax(1, false); }
}
