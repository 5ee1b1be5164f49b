// logreg: two Gaussian blobs in the plane (centres (-1.5, -1.5) and (1.5, 1.5), sd 1), one
// Linear(2, 1) and binary cross entropy on the logit. Target: test accuracy >= 0.95.
package dev.tessera.examples;

import dev.tessera.data.Dataset;
import dev.tessera.data.Shuffle;
import dev.tessera.memory.Scope;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.ops.Losses;
import dev.tessera.optim.Optimizer;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

public final class LogisticRegression implements Example {
    @Override public String name() { return "logreg"; }
    @Override public String description() { return "logistic regression on two Gaussian blobs"; }
    @Override public String target() { return "test accuracy >= 0.95"; }
    @Override public Settings defaults() { return new Settings(30, 32, 0.1, "sgd", 0); }

    /** n points per blob: features [2n, 2] and labels [2n, 1] (0 for the first blob, 1 for the second). */
    private static Tensor[] blobs(Generator g, int n) {
        Tensor a = Tensor.randn(g, n, 2).sub(1.5);
        Tensor b = Tensor.randn(g, n, 2).add(1.5);
        Tensor x = Tensor.cat(0, a, b);
        Tensor y = Tensor.cat(0, Tensor.zeros(n, 1), Tensor.ones(n, 1));
        // Interleave so mini-batches see both classes.
        Tensor order = Tensor.of(Shuffle.permutation(2 * n, g));
        return new Tensor[] {x.indexSelect(0, order), y.indexSelect(0, order)};
    }

    /** The test labels (blob index) as class indices i64 [n], for predictions to be compared with. */
    private static Tensor classes(Tensor y) { return y.reshape(-1).to(DType.I64); }

    @Override
    public Result run(Settings s, PrintStream log, Consumer<Module> whenTrained) {
        try (Scope run = Scope.open()) {
            Generator g = new Generator(s.seed());
            Tensor[] train = blobs(g, 400);
            Tensor[] test = blobs(g, 100);
            Tensor testClasses = classes(test[1]);
            Linear model = new Linear(2, 1, true, DType.F32, g);
            Optimizer opt = Optimizer.byName(s.optimizer(), model.parameters(), s.lr());
            long n = train[0].size(0);
            Map<String, List<Double>> history = new LinkedHashMap<>();
            long start = System.nanoTime();
            for (int epoch = 1; epoch <= s.epochs(); epoch++) {
                double sum = 0;
                int steps = 0;
                for (long from = 0; from < n; from += s.batchSize()) {
                    try (Scope step = Scope.open()) {
                        long to = Math.min(n, from + s.batchSize());
                        Tensor l = Losses.binaryCrossEntropyWithLogits(model.forward(train[0].slice(0, from, to)),
                                train[1].slice(0, from, to));
                        l.backward();
                        opt.step();
                        opt.zeroGrad();
                        sum += l.item();
                        steps++;
                    }
                }
                double testAccuracy = Training.accuracy(this, model, test[0], testClasses);
                Training.record(history, "loss", sum / steps);
                Training.record(history, "val_accuracy", testAccuracy);
                if (epoch % Math.max(1, s.epochs() / 5) == 0 || epoch == s.epochs()) {
                    log.printf("epoch %d/%d: loss %.4f, test accuracy %.4f%n", epoch, s.epochs(), sum / steps, testAccuracy);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            whenTrained.accept(model);
            double acc = Training.accuracy(this, model, test[0], testClasses);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test_accuracy", Result.round(acc));
            return Result.of(name(), m, s.epochs(), seconds, acc >= 0.95, target()).withHistory(history);
        }
    }

    /** A fresh Linear(2, 1); run() draws its weights after the data, from the same generator. */
    @Override
    public Linear network(Settings s) { return new Linear(2, 1, true, DType.F32, new Generator(s.seed())); }

    @Override
    public Dataset.Sample testData(Settings s) {
        try (Scope draw = Scope.open()) {
            Generator g = new Generator(s.seed());
            blobs(g, 400); // the training blobs come first from the same generator
            Tensor[] test = blobs(g, 100);
            return new Dataset.Sample(test[0].keep(), classes(test[1]).keep());
        }
    }

    /** Class 1 where the logit is positive. */
    @Override
    public Tensor predictions(Tensor logits) { return logits.gt(0.0).to(DType.I64).reshape(-1); }
}
