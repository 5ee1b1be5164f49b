// Training: the PyTorch-style loop the classification examples share — one Scope per step
// (forward, loss, backward, optimizer step, zeroGrad), the test set measured under noGrad in large
// chunks after each epoch, a progress line per epoch, and the history Keras would record (loss and
// accuracy on the training batches, val_loss and val_accuracy on the test set).
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class Training {
    private Training() {}

    /** Rows per forward pass when measuring a whole data set. */
    private static final long CHUNK = 1000;

    /** What fitClassifier did: seconds in the training loop, and the history per epoch. */
    record Fit(double seconds, Map<String, List<Double>> history) {}

    /** Mean cross-entropy loss and accuracy of a logits classifier on a data set. */
    record Evaluation(double loss, double accuracy) {}

    /** Trains a classifier (logits out, i64 labels) with cross entropy, measuring the test set after each epoch. */
    static Fit fitClassifier(Example ex, Module model, Optimizer opt, Tensor x, Tensor y, Settings s, PrintStream log,
                             Tensor testX, Tensor testY) {
        Batches batches = Batches.of(x, y, s.batchSize()).shuffle(new Generator(s.seed()));
        Map<String, List<Double>> history = new LinkedHashMap<>();
        double seconds = 0;
        model.train();
        for (int epoch = 1; epoch <= s.epochs(); epoch++) {
            long start = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            int steps = 0;
            for (Batches.Batch b : batches) {
                try (b; Scope step = Scope.open()) {
                    Tensor logits = model.forward(b.x());
                    Tensor loss = Losses.crossEntropy(logits, b.y());
                    loss.backward();
                    opt.step();
                    opt.zeroGrad();
                    lossSum += loss.item();
                    correct += ex.predictions(logits).eq(b.y()).sum().getLong();
                    steps++;
                }
            }
            double epochSeconds = (System.nanoTime() - start) / 1e9;
            seconds += epochSeconds;
            record(history, "loss", lossSum / steps);
            record(history, "accuracy", (double) correct / batches.samples());
            Evaluation test = evaluate(ex, model, testX, testY);
            record(history, "val_loss", test.loss());
            record(history, "val_accuracy", test.accuracy());
            log.printf("epoch %d/%d: loss %.4f, test accuracy %.4f (%.2f s)%n", epoch, s.epochs(), lossSum / steps,
                    test.accuracy(), epochSeconds);
        }
        return new Fit(seconds, history);
    }

    /** Appends one epoch's value to a history series. */
    static void record(Map<String, List<Double>> history, String series, double value) {
        history.computeIfAbsent(series, k -> new ArrayList<>()).add(value);
    }

    /** Fraction of samples whose prediction (ex.predictions of the network's outputs) equals the target. */
    static double accuracy(Example ex, Module model, Tensor x, Tensor targets) {
        long[] correct = {0};
        inChunks(model, x, (outputs, from, to) -> correct[0] += ex.predictions(outputs).eq(targets.slice(0, from, to)).sum().getLong());
        return (double) correct[0] / x.size(0);
    }

    /** Mean cross entropy and accuracy of a logits classifier. */
    static Evaluation evaluate(Example ex, Module model, Tensor x, Tensor labels) {
        double[] lossSum = {0};
        long[] correct = {0};
        inChunks(model, x, (logits, from, to) -> {
            Tensor y = labels.slice(0, from, to);
            lossSum[0] += Losses.crossEntropy(logits, y).item() * (to - from);
            correct[0] += ex.predictions(logits).eq(y).sum().getLong();
        });
        return new Evaluation(lossSum[0] / x.size(0), (double) correct[0] / x.size(0));
    }

    private interface ChunkOutputs { void accept(Tensor outputs, long from, long to); }

    /** The network's outputs for rows [from, to) of x, chunk by chunk, in eval mode without a graph; each chunk in its own scope. */
    private static void inChunks(Module model, Tensor x, ChunkOutputs each) {
        boolean training = model.isTraining();
        model.eval();
        long n = x.size(0);
        try (GradMode.Guard g = GradMode.noGrad()) {
            for (long from = 0; from < n; from += CHUNK) {
                try (Scope s = Scope.open()) {
                    long to = Math.min(n, from + CHUNK);
                    each.accept(model.forward(x.slice(0, from, to)), from, to);
                }
            }
        } finally {
            model.train(training);
        }
    }
}
