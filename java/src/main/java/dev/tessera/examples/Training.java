// Training: the PyTorch-style loop the classification examples share — one Scope per step
// (forward, loss, backward, optimizer step, zeroGrad), accuracy measured under noGrad in large
// batches, and a progress line per epoch.
package dev.tessera.examples;

import dev.tessera.autograd.GradMode;
import dev.tessera.data.Batches;
import dev.tessera.memory.Scope;
import dev.tessera.nn.Module;
import dev.tessera.ops.Losses;
import dev.tessera.optim.Optimizer;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.io.PrintStream;

final class Training {
    private Training() {}

    /** Trains a classifier (logits out, i64 labels) and returns the seconds spent in the loop. */
    static double fitClassifier(Module model, Optimizer opt, Tensor x, Tensor y, Settings s, PrintStream log,
                                Tensor testX, Tensor testY) {
        Batches batches = Batches.of(x, y, s.batchSize()).shuffle(new Generator(s.seed()));
        double seconds = 0;
        model.train();
        for (int epoch = 1; epoch <= s.epochs(); epoch++) {
            long start = System.nanoTime();
            double lossSum = 0;
            int steps = 0;
            for (Batches.Batch b : batches) {
                try (b; Scope step = Scope.open()) {
                    Tensor loss = Losses.crossEntropy(model.forward(b.x()), b.y());
                    loss.backward();
                    opt.step();
                    opt.zeroGrad();
                    lossSum += loss.item();
                    steps++;
                }
            }
            double epochSeconds = (System.nanoTime() - start) / 1e9;
            seconds += epochSeconds;
            String test = testX == null ? "" : String.format(", test accuracy %.4f", accuracy(model, testX, testY));
            log.printf("epoch %d/%d: loss %.4f%s (%.2f s)%n", epoch, s.epochs(), lossSum / steps, test, epochSeconds);
            model.train();
        }
        return seconds;
    }

    /** Fraction of samples whose arg-max logit is the label, in eval mode without a graph. */
    static double accuracy(Module model, Tensor x, Tensor y) {
        boolean training = model.isTraining();
        model.eval();
        long correct = 0;
        long n = x.size(0);
        try (GradMode.Guard g = GradMode.noGrad()) {
            for (long from = 0; from < n; from += 1000) {
                try (Scope s = Scope.open()) {
                    long to = Math.min(n, from + 1000);
                    Tensor logits = model.forward(x.slice(0, from, to));
                    correct += logits.argmax(1, false).eq(y.slice(0, from, to)).sum().getLong();
                }
            }
        } finally {
            model.train(training);
        }
        return (double) correct / n;
    }
}
