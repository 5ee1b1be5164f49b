// FashionClassifier: what the Fashion-MNIST examples (mlp, cnn, lstm) share: load the data, shape the
// images for the network (flat rows, one channel, or a sequence of rows), train through the
// Keras-style API (compile, fit with the test set as validation data, evaluate) with one progress
// line per epoch, and report test accuracy against the example's target.
package dev.tessera.examples;

import dev.tessera.data.Dataset;
import dev.tessera.data.Datasets;
import dev.tessera.data.LabeledImages;
import dev.tessera.memory.Scope;
import dev.tessera.nn.Module;
import dev.tessera.optim.Optimizer;
import dev.tessera.tensor.Tensor;
import dev.tessera.train.Callback;
import dev.tessera.train.FitOptions;
import dev.tessera.train.History;
import dev.tessera.train.Model;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

final class FashionClassifier {
    private FashionClassifier() {}

    /**
     * Trains ex.network(s) on the training images (each batch of images [n, 28, 28] passed through
     * {@code shape} first) and returns test_accuracy, then {@code extra} metrics, then the common ones.
     */
    static Result run(Example ex, Settings s, PrintStream log, Consumer<Module> whenTrained, UnaryOperator<Tensor> shape,
                      double targetAccuracy, Map<String, Object> extra, boolean extraMet) {
        try (Scope run = Scope.open()) {
            LabeledImages train = Datasets.fashionMnist(Datasets.Split.TRAIN);
            LabeledImages test = Datasets.fashionMnist(Datasets.Split.TEST);
            log.printf("Fashion-MNIST: %d training and %d test images%n", train.size(), test.size());
            Model model = Model.of(ex.network(s));
            model.compile(Optimizer.byName(s.optimizer(), model.parameters(), s.lr()), "sparse_categorical_crossentropy", "accuracy");
            Tensor testX = shape.apply(test.images());
            History history = model.fit(shape.apply(train.images()), train.labels(), new FitOptions()
                    .epochs(s.epochs()).batchSize(s.batchSize()).seed(s.seed())
                    .validationData(testX, test.labels())
                    .verbose(0).callbacks(progressLines(log, s.epochs())));
            whenTrained.accept(model.module());
            double acc = model.evaluate(testX, test.labels()).get("accuracy");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test_accuracy", Result.round(acc));
            m.putAll(extra);
            return Result.of(ex.name(), m, s.epochs(), history.totalSeconds(), acc >= targetAccuracy && extraMet, ex.target())
                    .withHistory(history.asMap());
        }
    }

    /** The test images shaped for the network, and their labels; the caller closes them. */
    static Dataset.Sample testData(UnaryOperator<Tensor> shape) {
        try (Scope load = Scope.open()) {
            LabeledImages test = Datasets.fashionMnist(Datasets.Split.TEST);
            return new Dataset.Sample(shape.apply(test.images()).keep(), test.labels().keep());
        }
    }

    /** The progress line after each epoch (the validation data is the test set). */
    private static Callback progressLines(PrintStream log, int epochs) {
        return new Callback() {
            private long start;

            @Override
            public void onEpochBegin(int epoch) { start = System.nanoTime(); }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                log.printf("epoch %d/%d: loss %.4f, test accuracy %.4f (%.2f s)%n", epoch + 1, epochs, logs.get("loss"),
                        logs.get("val_accuracy"), (System.nanoTime() - start) / 1e9);
            }
        };
    }
}
