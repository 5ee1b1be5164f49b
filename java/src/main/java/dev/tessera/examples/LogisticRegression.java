// logreg: two Gaussian blobs in the plane (centres (-1.5, -1.5) and (1.5, 1.5), sd 1), one
// Linear(2, 1) and binary cross entropy on the logit. Target: test accuracy >= 0.95.
package dev.tessera.examples;

import dev.tessera.autograd.GradMode;
import dev.tessera.data.Shuffle;
import dev.tessera.memory.Scope;
import dev.tessera.nn.Linear;
import dev.tessera.ops.Losses;
import dev.tessera.optim.Optimizer;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

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

    @Override
    public Result run(Settings s, PrintStream log) {
        try (Scope run = Scope.open()) {
            Generator g = new Generator(s.seed());
            Tensor[] train = blobs(g, 400);
            Tensor[] test = blobs(g, 100);
            Linear model = new Linear(2, 1, true, DType.F32, g);
            Optimizer opt = Optimizer.byName(s.optimizer(), model.parameters(), s.lr());
            long n = train[0].size(0);
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
                if (epoch % Math.max(1, s.epochs() / 5) == 0 || epoch == s.epochs()) {
                    log.printf("epoch %d/%d: loss %.4f, test accuracy %.4f%n", epoch, s.epochs(), sum / steps,
                            accuracy(model, test[0], test[1]));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double acc = accuracy(model, test[0], test[1]);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test_accuracy", Result.round(acc));
            return Result.of(name(), m, s.epochs(), seconds, acc >= 0.95, target());
        }
    }

    private static double accuracy(Linear model, Tensor x, Tensor y) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            Tensor predicted = model.forward(x).gt(0.0);
            return predicted.eq(y.gt(0.5)).to(DType.F64).mean().item();
        }
    }
}
