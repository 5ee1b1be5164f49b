// EarlyStopping: stops fit when a monitored quantity has not improved for `patience` epochs in a row
// (Keras' EarlyStopping, counted the same way). With restoreBestWeights it keeps a copy of the state dict from the best epoch
// (updated in place on each improvement, so memory doesn't grow) and loads it back when training
// ends — whether it stopped early or ran all its epochs — then frees the copy.
//
//   new EarlyStopping("val_loss").patience(3).minDelta(1e-4).restoreBestWeights(true)
package dev.tessera.train;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

public final class EarlyStopping implements Callback {
    private final String monitorKey;
    private MonitorMode mode = MonitorMode.AUTO;
    private int patience;
    private double minDelta;
    private boolean restoreBestWeights;

    private Monitor monitor;
    private Model model;
    private double best;
    private int bestEpoch;
    private int stoppedEpoch;
    private int wait;
    private LinkedHashMap<String, Tensor> bestWeights;

    /** Monitors "val_loss". */
    public EarlyStopping() { this("val_loss"); }

    /** Monitors {@code monitor} ("val_loss", "val_accuracy", "loss"...), patience 0, minDelta 0, mode AUTO. */
    public EarlyStopping(String monitor) { this.monitorKey = Objects.requireNonNull(monitor, "EarlyStopping: monitor is null"); }

    /**
     * Stops at the {@code epochs}-th epoch in a row without improvement, as Keras counts (so 0 and 1
     * both stop at the first one).
     */
    public EarlyStopping patience(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + epochs);
        patience = epochs;
        return this;
    }

    /** The smallest change that counts as an improvement. */
    public EarlyStopping minDelta(double delta) {
        if (!(delta >= 0) || Double.isInfinite(delta)) throw new IllegalArgumentException("EarlyStopping: minDelta must be >= 0, got " + delta);
        minDelta = delta;
        return this;
    }

    /** MIN, MAX, or AUTO (MAX for accuracy, precision, recall and f1; MIN otherwise). */
    public EarlyStopping mode(MonitorMode mode) {
        this.mode = Objects.requireNonNull(mode, "EarlyStopping: mode is null");
        return this;
    }

    /** Whether training ends with the weights of the best epoch instead of the last one. */
    public EarlyStopping restoreBestWeights(boolean restore) {
        restoreBestWeights = restore;
        return this;
    }

    @Override
    public void onTrainBegin(TrainingInfo info) {
        model = info.model();
        monitor = new Monitor(monitorKey, mode, minDelta);
        best = monitor.worst();
        bestEpoch = -1;
        stoppedEpoch = -1;
        wait = 0;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double current = monitor.read("EarlyStopping", logs);
        wait++;
        if (monitor.improves(current, best)) {
            best = current;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) saveBestWeights();
            return;
        }
        if (wait >= patience) {
            stoppedEpoch = epoch;
            model.stopTraining();
        }
    }

    /** Copies the weights now into bestWeights: fresh copies the first time, in place afterwards. */
    private void saveBestWeights() {
        try (Scope aliases = Scope.open()) {
            Map<String, Tensor> state = model.module().stateDict();
            if (bestWeights == null) {
                bestWeights = new LinkedHashMap<>();
                for (Map.Entry<String, Tensor> e : state.entrySet()) bestWeights.put(e.getKey(), e.getValue().copy().keep());
            } else {
                for (Map.Entry<String, Tensor> e : state.entrySet()) bestWeights.get(e.getKey()).copyFrom(e.getValue());
            }
        }
    }

    @Override
    public void onTrainEnd(History history) {
        if (bestWeights == null) return;
        model.module().loadStateDict(bestWeights);
        for (Tensor t : bestWeights.values()) t.close();
        bestWeights = null;
    }

    /** The epoch (from 0) whose value was best in the last fit, or -1 when none improved on the start. */
    public int bestEpoch() { return bestEpoch; }

    /** The best monitored value of the last fit. */
    public double best() { return best; }

    /** The epoch (from 0) at which this callback stopped the last fit, or -1 when it didn't. */
    public int stoppedEpoch() { return stoppedEpoch; }
}
