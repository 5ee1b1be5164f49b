// Classes: how the classification metrics read a batch — the predicted and true class of each
// sample, from the layouts Keras accepts: scores [N] or [N, 1] with 0/1 targets (binary: a score
// above the threshold is class 1), or scores [N, C] with labels [N] or one-hot targets [N, C]
// (the arg-max is the class). Values are copied to the host once per batch; counting there is exact.
package dev.tessera.train.metrics;

import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

final class Classes {
    private Classes() {}

    /** Each sample's predicted and true class, and the number of classes of the layout. */
    record Classified(long[] predicted, long[] actual, int numClasses) {}

    static Classified classify(String metric, Tensor predictions, Tensor targets, double threshold) {
        check(metric, predictions, targets);
        long n = predictions.size(0);
        if (isBinary(predictions)) {
            if (targets.numel() != n) throw layoutError(metric, predictions, targets);
            double[] scores = predictions.toDoubleArray();
            double[] truth = targets.toDoubleArray();
            long[] predicted = new long[scores.length];
            long[] actual = new long[truth.length];
            for (int i = 0; i < scores.length; i++) {
                predicted[i] = scores[i] > threshold ? 1 : 0;
                actual[i] = truth[i] > 0.5 ? 1 : 0;
            }
            return new Classified(predicted, actual, 2);
        }
        int classes = classCount(metric, predictions, targets);
        return new Classified(argmaxRows(predictions.toDoubleArray(), classes), labels(metric, targets, classes), classes);
    }

    /**
     * The true class of each sample for {@code classes} columns of scores (see {@link #classCount}):
     * labels [N] as given, one-hot [N, C] by arg-max.
     */
    static long[] labels(String metric, Tensor targets, int classes) {
        if (targets.dim() == 2) return argmaxRows(targets.toDoubleArray(), classes);
        double[] values = targets.toDoubleArray();
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v != Math.rint(v) || v < 0 || v >= classes) {
                throw new IllegalArgumentException(metric + ": target " + i + " is " + v + ", not a class label in 0.." + (classes - 1)
                        + " (the predictions have " + classes + " columns)");
            }
            out[i] = (long) v;
        }
        return out;
    }

    /** C for scores [N, C] (C >= 2) with targets [N] or [N, C]; anything else is a layout error. */
    static int classCount(String metric, Tensor predictions, Tensor targets) {
        check(metric, predictions, targets);
        long n = predictions.size(0);
        boolean matrix = predictions.dim() == 2 && predictions.size(1) >= 2;
        boolean labels = targets.dim() == 1 && targets.size(0) == n;
        boolean oneHot = targets.dim() == 2 && targets.size(0) == n && targets.size(1) == predictions.size(1);
        if (!matrix || !(labels || oneHot)) throw layoutError(metric, predictions, targets);
        if (predictions.size(1) > Integer.MAX_VALUE) throw new IllegalArgumentException(metric + ": too many classes: " + predictions.size(1));
        return (int) predictions.size(1);
    }

    private static boolean isBinary(Tensor predictions) {
        return predictions.dim() == 1 || (predictions.dim() == 2 && predictions.size(1) == 1);
    }

    private static void check(String metric, Tensor predictions, Tensor targets) {
        if (predictions == null || targets == null) throw new NullPointerException(metric + ": predictions or targets is null");
        predictions.checkOpen(metric);
        targets.checkOpen(metric);
        if (predictions.dim() < 1) throw layoutError(metric, predictions, targets);
    }

    /** Index of the largest value of each row of a row-major [rows, width] array (the first one on ties). */
    private static long[] argmaxRows(double[] values, int width) {
        long[] out = new long[values.length / width];
        for (int r = 0; r < out.length; r++) {
            int best = 0;
            for (int c = 1; c < width; c++) if (values[r * width + c] > values[r * width + best]) best = c;
            out[r] = best;
        }
        return out;
    }

    private static IllegalArgumentException layoutError(String metric, Tensor predictions, Tensor targets) {
        return new IllegalArgumentException(metric + ": can't compare predictions " + Shape.str(predictions.shapeRef()) + " with targets "
                + Shape.str(targets.shapeRef()) + " (expected scores [N] or [N, 1] with 0/1 targets of N elements, or scores [N, C]"
                + " with labels [N] or one-hot targets [N, C])");
    }
}
