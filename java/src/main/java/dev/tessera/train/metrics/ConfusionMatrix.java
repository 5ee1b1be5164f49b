// ConfusionMatrix: counts of (true class, predicted class) pairs, accumulated over batches, with
// the per-class precision, recall and F1 that Precision, Recall and F1Score average. It reads
// batches as the other classification metrics do (see Classes): C classes for scores [N, C], two
// for binary scores; the class count is fixed by the first batch.
//
//   ConfusionMatrix cm = new ConfusionMatrix();
//   cm.update(model.predict(x), y);
//   System.out.println(cm);        // a table: rows are true classes, columns predicted ones
package dev.tessera.train.metrics;

import dev.tessera.tensor.Tensor;

public final class ConfusionMatrix {
    private final double threshold;
    private long[][] counts = new long[0][0];

    /** Binary predictions are probabilities: class 1 above 0.5. */
    public ConfusionMatrix() { this(0.5); }

    /** {@code threshold} splits binary scores (0 for logits); ignored for scores [N, C]. */
    public ConfusionMatrix(double threshold) {
        if (Double.isNaN(threshold)) throw new IllegalArgumentException("confusion_matrix: threshold is NaN");
        this.threshold = threshold;
    }

    /** Adds one batch of predictions and targets. */
    public void update(Tensor predictions, Tensor targets) {
        Classes.Classified c = Classes.classify("confusion_matrix", predictions, targets, threshold);
        if (total() == 0) counts = new long[c.numClasses()][c.numClasses()];
        else if (c.numClasses() != counts.length) {
            throw new IllegalArgumentException("confusion_matrix: this batch has " + c.numClasses() + " classes, earlier ones had "
                    + counts.length + " (reset() to start over)");
        }
        for (int i = 0; i < c.actual().length; i++) counts[(int) c.actual()[i]][(int) c.predicted()[i]]++;
    }

    public void reset() { counts = new long[0][0]; }

    /** Number of classes (0 before the first batch). */
    public int numClasses() { return counts.length; }

    /** Samples of true class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) { return counts[actual][predicted]; }

    /** A copy of the counts: [true class][predicted class]. */
    public long[][] counts() {
        long[][] out = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) out[i] = counts[i].clone();
        return out;
    }

    /** Samples counted so far. */
    public long total() {
        long n = 0;
        for (long[] row : counts) for (long v : row) n += v;
        return n;
    }

    /** Samples predicted correctly over all samples (NaN before any). */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) correct += counts[c][c];
        long n = total();
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    private long truePositives(int c) { return counts[c][c]; }

    private long predictedAs(int c) {
        long n = 0;
        for (long[] row : counts) n += row[c];
        return n;
    }

    private long actuallyIn(int c) {
        long n = 0;
        for (long v : counts[c]) n += v;
        return n;
    }

    /** Whether class c occurs among the true or the predicted classes (what macro averages run over). */
    boolean occurs(int c) { return actuallyIn(c) + predictedAs(c) > 0; }

    /** tp / (tp + fp) for class c; 0 when nothing was predicted as c (scikit-learn's zero_division=0). */
    public double precision(int c) {
        long predicted = predictedAs(c);
        return predicted == 0 ? 0 : (double) truePositives(c) / predicted;
    }

    /** tp / (tp + fn) for class c; 0 when c never occurs among the targets. */
    public double recall(int c) {
        long actual = actuallyIn(c);
        return actual == 0 ? 0 : (double) truePositives(c) / actual;
    }

    /** The harmonic mean of precision and recall for class c, 2 tp / (2 tp + fp + fn); 0 when undefined. */
    public double f1(int c) {
        long denominator = predictedAs(c) + actuallyIn(c);
        return denominator == 0 ? 0 : 2.0 * truePositives(c) / denominator;
    }

    /** The table: a row per true class, a column per predicted class, right-aligned counts. */
    @Override
    public String toString() {
        String corner = "true\\pred";
        int width = String.valueOf(counts.length).length();
        for (long[] row : counts) for (long v : row) width = Math.max(width, String.valueOf(v).length());
        String first = "%" + corner.length() + "s";
        String cell = "  %" + width + "s";
        StringBuilder sb = new StringBuilder("ConfusionMatrix(" + counts.length + " classes, " + total()
                + " samples; rows: true class, columns: predicted class)\n").append(corner);
        for (int c = 0; c < counts.length; c++) sb.append(String.format(cell, c));
        for (int r = 0; r < counts.length; r++) {
            sb.append('\n').append(String.format(first, r));
            for (long v : counts[r]) sb.append(String.format(cell, v));
        }
        return sb.toString();
    }
}
