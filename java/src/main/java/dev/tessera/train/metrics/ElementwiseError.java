// ElementwiseError: what MeanAbsoluteError and MeanSquaredError share — the mean, over every element
// of every batch, of a function of (prediction - target). Predictions and targets need the same
// number of elements ([N, 1] against [N] is fine); the sum is kept in double precision.
package dev.tessera.train.metrics;

import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

public abstract class ElementwiseError implements Metric {
    private final String name;
    private double sum;
    private long count;

    ElementwiseError(String name) { this.name = name; }

    /** The error of one element from its difference prediction - target. */
    abstract double error(double difference);

    @Override
    public final String name() { return name; }

    @Override
    public final void update(Tensor predictions, Tensor targets) {
        if (predictions == null || targets == null) throw new NullPointerException(name + ": predictions or targets is null");
        predictions.checkOpen(name);
        targets.checkOpen(name);
        if (predictions.numel() != targets.numel()) {
            throw new IllegalArgumentException(name + ": predictions " + Shape.str(predictions.shapeRef()) + " and targets "
                    + Shape.str(targets.shapeRef()) + " have different numbers of elements");
        }
        double[] p = predictions.toDoubleArray();
        double[] t = targets.toDoubleArray();
        for (int i = 0; i < p.length; i++) sum += error(p[i] - t[i]);
        count += p.length;
    }

    @Override
    public final double result() { return count == 0 ? Double.NaN : sum / count; }

    @Override
    public final void reset() {
        sum = 0;
        count = 0;
    }

    @Override
    public String toString() { return getClass().getSimpleName() + "()"; }
}
