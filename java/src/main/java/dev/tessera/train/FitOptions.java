// FitOptions: the keyword arguments of Keras' fit, as an immutable value with one method per
// option; each returns a copy, so a base configuration can be shared and varied:
//
//   FitOptions opts = new FitOptions().epochs(5).batchSize(32).validationSplit(0.1)
//           .callbacks(new EarlyStopping("val_loss").patience(2));
//
// Defaults: 1 epoch, batch size 32, no validation, shuffled with seed 0 (so runs repeat), no
// callbacks, verbose 1 (a progress bar on a terminal, one line per epoch otherwise) on System.out.
package dev.tessera.train;

import dev.tessera.data.Batches;
import dev.tessera.tensor.Tensor;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

public final class FitOptions {
    private int epochs = 1;
    private int batchSize = 32;
    private double validationSplit;
    private Tensor validationX;
    private Tensor validationY;
    private Iterable<Batches.Batch> validationBatches;
    private boolean shuffle = true;
    private long seed;
    private List<Callback> callbacks = List.of();
    private int verbose = 1;
    private PrintStream out = System.out;

    /** The defaults. */
    public FitOptions() {}

    private FitOptions copy() {
        FitOptions c = new FitOptions();
        c.epochs = epochs;
        c.batchSize = batchSize;
        c.validationSplit = validationSplit;
        c.validationX = validationX;
        c.validationY = validationY;
        c.validationBatches = validationBatches;
        c.shuffle = shuffle;
        c.seed = seed;
        c.callbacks = callbacks;
        c.verbose = verbose;
        c.out = out;
        return c;
    }

    /** Passes over the training data (at least 1). */
    public FitOptions epochs(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("fit: epochs must be at least 1, got " + epochs);
        FitOptions c = copy();
        c.epochs = epochs;
        return c;
    }

    /** Samples per step when fitting tensors, and per evaluation batch of validation tensors. */
    public FitOptions batchSize(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("fit: batch size must be at least 1, got " + batchSize);
        FitOptions c = copy();
        c.batchSize = batchSize;
        return c;
    }

    /**
     * Holds out the last {@code fraction} of the samples (before shuffling, as Keras does) for
     * validation; only when fitting tensors, and not together with validationData.
     */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("fit: validation split must be in [0, 1), got " + fraction);
        FitOptions c = copy();
        c.validationSplit = fraction;
        return c;
    }

    /** Evaluates on (x, y) after every epoch: the val_ entries of the logs. */
    public FitOptions validationData(Tensor x, Tensor y) {
        Objects.requireNonNull(x, "fit: validation x is null");
        Objects.requireNonNull(y, "fit: validation y is null");
        FitOptions c = copy();
        c.validationX = x;
        c.validationY = y;
        c.validationBatches = null;
        return c;
    }

    /** Evaluates on these batches after every epoch (each batch is closed after use, as fit does). */
    public FitOptions validationData(Iterable<Batches.Batch> batches) {
        Objects.requireNonNull(batches, "fit: validation batches are null");
        FitOptions c = copy();
        c.validationBatches = batches;
        c.validationX = null;
        c.validationY = null;
        return c;
    }

    /** Whether fitting tensors draws a new sample order every epoch (true by default). */
    public FitOptions shuffle(boolean shuffle) {
        FitOptions c = copy();
        c.shuffle = shuffle;
        return c;
    }

    /** Seed of the shuffling, so a run can be repeated exactly (0 by default). */
    public FitOptions seed(long seed) {
        FitOptions c = copy();
        c.seed = seed;
        return c;
    }

    /** The callbacks, called in this order (replaces earlier ones). */
    public FitOptions callbacks(Callback... callbacks) {
        for (Callback cb : callbacks) Objects.requireNonNull(cb, "fit: a callback is null");
        FitOptions c = copy();
        c.callbacks = List.of(callbacks);
        return c;
    }

    /** 0: silent; 1: a progress bar on a terminal, else one line per epoch; 2: one line per epoch. */
    public FitOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) throw new IllegalArgumentException("fit: verbose must be 0, 1 or 2, got " + verbose);
        FitOptions c = copy();
        c.verbose = verbose;
        return c;
    }

    /** Where progress goes (System.out by default; another stream is never treated as a terminal). */
    public FitOptions out(PrintStream out) {
        Objects.requireNonNull(out, "fit: out is null");
        FitOptions c = copy();
        c.out = out;
        return c;
    }

    public int epochs() { return epochs; }
    public int batchSize() { return batchSize; }
    public double validationSplit() { return validationSplit; }
    public boolean shuffle() { return shuffle; }
    public long seed() { return seed; }
    public List<Callback> callbacks() { return callbacks; }
    public int verbose() { return verbose; }
    public PrintStream out() { return out; }

    /** Validation tensors (null unless set with validationData(x, y)). */
    public Tensor validationX() { return validationX; }
    public Tensor validationY() { return validationY; }

    /** Validation batches (null unless set with validationData(batches)). */
    public Iterable<Batches.Batch> validationBatches() { return validationBatches; }

    boolean hasValidationData() { return validationX != null || validationBatches != null; }
}
