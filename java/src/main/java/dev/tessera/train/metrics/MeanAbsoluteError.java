// MeanAbsoluteError: mean |prediction - target| over every element seen since reset (Keras "mae").
package dev.tessera.train.metrics;

public final class MeanAbsoluteError extends ElementwiseError {
    public MeanAbsoluteError() { super("mae"); }

    @Override
    double error(double difference) { return Math.abs(difference); }
}
