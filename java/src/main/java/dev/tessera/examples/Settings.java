// Settings: the knobs every example takes from the command line (null fields keep the example's
// default): epochs, batch size, learning rate, optimizer name and seed.
package dev.tessera.examples;

public record Settings(int epochs, int batchSize, double lr, String optimizer, long seed) {
    public Settings {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learning rate must be positive, got " + lr);
    }

    public Settings withEpochs(int e) { return new Settings(e, batchSize, lr, optimizer, seed); }

    /** These settings with every non-null override applied. */
    public Settings override(Integer epochs, Integer batchSize, Double lr, String optimizer, Long seed) {
        return new Settings(epochs != null ? epochs : this.epochs, batchSize != null ? batchSize : this.batchSize,
                lr != null ? lr : this.lr, optimizer != null ? optimizer : this.optimizer, seed != null ? seed : this.seed);
    }
}
