// Average: how Precision, Recall and F1Score combine their per-class values, as scikit-learn's
// `average` argument: BINARY reports the positive class (1) of a two-class problem, MACRO the
// unweighted mean over the classes that occur among the targets or the predictions.
package dev.tessera.train.metrics;

public enum Average {
    BINARY,
    MACRO
}
