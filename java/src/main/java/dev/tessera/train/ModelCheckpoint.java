// ModelCheckpoint: saves the model's weights as safetensors at the end of epochs (Keras'
// ModelCheckpoint). With saveBestOnly it writes only when the monitored quantity improves, so the
// file always holds the best epoch so far; otherwise every epoch overwrites it. With
// includeOptimizer the file is a full training checkpoint (SafeTensors.saveCheckpoint: weights plus
// optimizer state). Writes are atomic (temp file + rename): a crash never leaves half a file.
//
//   new ModelCheckpoint(Path.of("best.safetensors")).saveBestOnly(true)    // monitors val_loss
package dev.tessera.train;

import dev.tessera.io.SafeTensors;
import dev.tessera.memory.Scope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

public final class ModelCheckpoint implements Callback {
    private final Path path;
    private String monitorKey = "val_loss";
    private MonitorMode mode = MonitorMode.AUTO;
    private boolean saveBestOnly;
    private boolean includeOptimizer;

    private Model model;
    private Monitor monitor;
    private double best;
    private int lastSavedEpoch;

    public ModelCheckpoint(Path path) { this.path = Objects.requireNonNull(path, "ModelCheckpoint: path is null"); }

    /** The quantity saveBestOnly compares ("val_loss" by default). */
    public ModelCheckpoint monitor(String key) {
        monitorKey = Objects.requireNonNull(key, "ModelCheckpoint: monitor is null");
        return this;
    }

    /** MIN, MAX, or AUTO (MAX for accuracy, precision, recall and f1; MIN otherwise). */
    public ModelCheckpoint mode(MonitorMode mode) {
        this.mode = Objects.requireNonNull(mode, "ModelCheckpoint: mode is null");
        return this;
    }

    /** Write only on improvement of the monitored quantity (false by default, as in Keras: every epoch). */
    public ModelCheckpoint saveBestOnly(boolean on) {
        saveBestOnly = on;
        return this;
    }

    /** Also save the optimizer's state (restore with SafeTensors.loadCheckpoint). */
    public ModelCheckpoint includeOptimizer(boolean on) {
        includeOptimizer = on;
        return this;
    }

    @Override
    public void onTrainBegin(TrainingInfo info) {
        model = info.model();
        monitor = new Monitor(monitorKey, mode, 0);
        best = monitor.worst();
        lastSavedEpoch = -1;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (saveBestOnly) {
            double current = monitor.read("ModelCheckpoint", logs);
            if (!monitor.improves(current, best)) return;
            best = current;
        }
        save();
        lastSavedEpoch = epoch;
    }

    private void save() {
        try {
            Path dir = path.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: can't create the directory of " + path, e);
        }
        try (Scope aliases = Scope.open()) { // the state dict's aliases
            if (includeOptimizer) SafeTensors.saveCheckpoint(path, model.module(), model.optimizer());
            else SafeTensors.save(path, model.module());
        }
    }

    /** The epoch (from 0) of the last write in the last fit, or -1 when nothing was written. */
    public int lastSavedEpoch() { return lastSavedEpoch; }

    public Path path() { return path; }
}
