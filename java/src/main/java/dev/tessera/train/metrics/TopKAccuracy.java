// TopKAccuracy: the fraction of samples whose true class is among the k highest scores (Keras'
// top_k_categorical_accuracy and its sparse twin: labels [N] or one-hot [N, C] with scores [N, C]).
// Ties count in the sample's favour, as tf.math.in_top_k: the true class is in the top k when
// fewer than k classes score strictly higher.
package dev.tessera.train.metrics;

import dev.tessera.tensor.Tensor;

public final class TopKAccuracy implements Metric {
    private final int k;
    private long correct;
    private long total;

    /** Keras' default k = 5. */
    public TopKAccuracy() { this(5); }

    public TopKAccuracy(int k) {
        if (k < 1) throw new IllegalArgumentException("top_k_accuracy: k must be at least 1, got " + k);
        this.k = k;
    }

    @Override
    public String name() { return "top_" + k + "_accuracy"; }

    public int k() { return k; }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        int classes = Classes.classCount(name(), predictions, targets);
        long[] labels = Classes.labels(name(), targets, classes);
        double[] scores = predictions.toDoubleArray();
        for (int r = 0; r < labels.length; r++) {
            double truth = scores[r * classes + (int) labels[r]];
            int higher = 0;
            for (int c = 0; c < classes; c++) if (scores[r * classes + c] > truth) higher++;
            if (higher < k) correct++;
        }
        total += labels.length;
    }

    @Override
    public double result() { return total == 0 ? Double.NaN : (double) correct / total; }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }

    @Override
    public String toString() { return "TopKAccuracy(k=" + k + ")"; }
}
