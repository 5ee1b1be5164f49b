// ClassScore: what Precision, Recall and F1Score share — a ConfusionMatrix accumulated over the
// batches and one per-class score read from it, averaged per Average. Without an explicit Average,
// a two-class problem reports class 1 (BINARY) and a wider one the MACRO mean (scikit-learn's
// default, BINARY, refuses more than two classes).
package dev.tessera.train.metrics;

import dev.tessera.tensor.Tensor;

public abstract class ClassScore implements Metric {
    /** One class's score read from the accumulated counts (ConfusionMatrix::precision...). */
    interface PerClass {
        double score(ConfusionMatrix matrix, int c);
    }

    private final String name;
    private final PerClass perClass;
    private final Average average;
    private final ConfusionMatrix matrix;

    /** {@code average} null: BINARY for two classes, MACRO for more. */
    ClassScore(String name, PerClass perClass, Average average, double threshold) {
        this.name = name;
        this.perClass = perClass;
        this.average = average;
        this.matrix = new ConfusionMatrix(threshold);
    }

    @Override
    public final String name() { return name; }

    @Override
    public final void update(Tensor predictions, Tensor targets) { matrix.update(predictions, targets); }

    @Override
    public final double result() {
        int classes = matrix.numClasses();
        if (classes == 0) return Double.NaN;
        Average mode = average != null ? average : classes == 2 ? Average.BINARY : Average.MACRO;
        if (mode == Average.BINARY) {
            if (classes != 2) {
                throw new IllegalStateException(name + ": average BINARY needs two classes, the predictions have " + classes + " (use MACRO)");
            }
            return perClass.score(matrix, 1);
        }
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (!matrix.occurs(c)) continue;
            sum += perClass.score(matrix, c);
            present++;
        }
        return sum / present;
    }

    @Override
    public final void reset() { matrix.reset(); }

    @Override
    public String toString() { return getClass().getSimpleName() + "(average=" + (average == null ? "by class count" : average) + ")"; }
}
