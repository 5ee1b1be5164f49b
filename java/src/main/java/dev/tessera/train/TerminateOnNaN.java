// TerminateOnNaN: stops fit as soon as the training loss is NaN or infinite (Keras' TerminateOnNaN):
// once the weights have diverged every later step is wasted. The epoch in progress still ends (its
// logs and History show the bad loss) and one line on stderr says where it happened.
package dev.tessera.train;

import java.util.Map;

public final class TerminateOnNaN implements Callback {
    private Model model;
    private int epoch;
    private boolean terminated;

    @Override
    public void onTrainBegin(TrainingInfo info) {
        model = info.model();
        terminated = false;
    }

    @Override
    public void onEpochBegin(int epoch) { this.epoch = epoch; }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (terminated || loss == null || Double.isFinite(loss)) return;
        terminated = true;
        System.err.println("TerminateOnNaN: loss is " + loss + " at epoch " + (epoch + 1) + ", batch " + (batch + 1) + "; stopping training");
        model.stopTraining();
    }

    /** Whether this callback stopped the last fit. */
    public boolean terminated() { return terminated; }
}
