// mlp: Fashion-MNIST (60,000 training and 10,000 test images, pixels scaled to [0, 1]) with
// Flatten -> Dense 128 relu -> Dense 10, Adam lr 1e-3, batch 32, cross entropy — trained through the
// Keras-style API of dev.tessera.train (compile, fit with the test set as validation data, evaluate).
// Target: test accuracy >= 0.86 after 5 epochs (PyTorch reaches about 0.87 with this setup).
package dev.tessera.examples;

import dev.tessera.data.Dataset;
import dev.tessera.nn.Flatten;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.Consumer;

public final class FashionMlp implements Example {
    static final double TARGET_ACCURACY = 0.86;

    @Override public String name() { return "mlp"; }
    @Override public String description() { return "Fashion-MNIST: Flatten -> Dense 128 relu -> Dense 10, Adam"; }
    @Override public String target() { return "test accuracy >= " + TARGET_ACCURACY; }
    @Override public Settings defaults() { return new Settings(5, 32, 1e-3, "adam", 0); }

    /** The network both mlp examples (mlp, digits) train. */
    static Sequential network(Generator g) {
        return new Sequential(new Flatten(), new Linear(784, 128, true, DType.F32, g), new ReLU(),
                new Linear(128, 10, true, DType.F32, g));
    }

    @Override
    public Result run(Settings s, PrintStream log, Consumer<Module> whenTrained) {
        return FashionClassifier.run(this, s, log, whenTrained, images -> images, TARGET_ACCURACY, Map.of(), true);
    }

    @Override
    public Sequential network(Settings s) { return network(new Generator(s.seed())); }

    @Override
    public Dataset.Sample testData(Settings s) { return FashionClassifier.testData(images -> images); }

    @Override
    public Tensor predictions(Tensor logits) { return logits.argmax(1, false); }
}
