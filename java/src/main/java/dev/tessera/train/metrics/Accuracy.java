// Accuracy: the fraction of samples whose predicted class is the true one. One metric covers
// Keras' sparse, categorical and binary accuracy: the layout of the batch decides (see Classes):
// scores [N, C] against labels [N] or one-hot [N, C] compare arg-maxes; scores [N] or [N, 1]
// against 0/1 targets compare (score > threshold) with the target.
package dev.tessera.train.metrics;

import dev.tessera.tensor.Tensor;

public final class Accuracy implements Metric {
    private final double threshold;
    private long correct;
    private long total;

    /** Binary predictions are probabilities: class 1 above 0.5. */
    public Accuracy() { this(0.5); }

    /** {@code threshold} splits binary scores (0 for logits); ignored for scores [N, C]. */
    public Accuracy(double threshold) {
        if (Double.isNaN(threshold)) throw new IllegalArgumentException("accuracy: threshold is NaN");
        this.threshold = threshold;
    }

    @Override
    public String name() { return "accuracy"; }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        Classes.Classified c = Classes.classify(name(), predictions, targets, threshold);
        for (int i = 0; i < c.predicted().length; i++) if (c.predicted()[i] == c.actual()[i]) correct++;
        total += c.predicted().length;
    }

    @Override
    public double result() { return total == 0 ? Double.NaN : (double) correct / total; }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }

    @Override
    public String toString() { return "Accuracy(threshold=" + threshold + ")"; }
}
