// MeanSquaredError: mean (prediction - target)^2 over every element seen since reset (Keras "mse").
package dev.tessera.train.metrics;

public final class MeanSquaredError extends ElementwiseError {
    public MeanSquaredError() { super("mse"); }

    @Override
    double error(double difference) { return difference * difference; }
}
