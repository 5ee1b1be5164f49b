// ProgressBar: training progress on the console, what fit shows at verbose 1 and 2. On a terminal it
// redraws one line per epoch in place after each batch (at most ten times a second), with a bar,
// the ETA and the running loss and metrics; elsewhere (a pipe, a file, CI) it prints only the
// finished line of each epoch, so logs stay one line per epoch:
//
//   Epoch 1/5  1875/1875 [==============================] 3.1s - loss: 0.4987 - accuracy: 0.8251 - val_loss: 0.4411 - val_accuracy: 0.8437
//
// fit adds one itself at verbose 1 and 2; pass one in callbacks only with verbose 0.
package dev.tessera.train;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

public final class ProgressBar implements Callback {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean perBatch;
    private int epochs;
    private int steps;
    private int epoch;
    private int batchesDone;
    private long epochStart;
    private long lastDraw;
    private int lastLength;

    /** On System.out, redrawn per batch when that is a terminal. */
    public ProgressBar() { this(System.out, isTerminal(System.out)); }

    /** {@code perBatch}: redraw after every batch (terminals only), else print a line per epoch. */
    public ProgressBar(PrintStream out, boolean perBatch) {
        if (out == null) throw new NullPointerException("ProgressBar: out is null");
        this.out = out;
        this.perBatch = perBatch;
    }

    /**
     * Whether {@code out} is System.out on an interactive terminal. CI=... or TERM=dumb count as
     * not interactive. From JDK 22 System.console() is non-null even when output is redirected,
     * so there Console.isTerminal() (looked up reflectively: the library targets Java 17) decides.
     */
    public static boolean isTerminal(PrintStream out) {
        if (out != System.out || System.getenv("CI") != null || "dumb".equals(System.getenv("TERM"))) return false;
        Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // before JDK 22 a console exists only on a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Override
    public void onTrainBegin(TrainingInfo info) {
        epochs = info.epochs();
        steps = info.stepsPerEpoch();
    }

    @Override
    public void onEpochBegin(int epoch) {
        this.epoch = epoch;
        batchesDone = 0;
        epochStart = System.nanoTime();
        lastDraw = 0;
        lastLength = 0;
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        batchesDone = batch + 1;
        if (!perBatch) return;
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && batchesDone != steps) return;
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        String timing = steps > 0 ? "ETA " + duration(elapsed / batchesDone * (steps - batchesDone)) : duration(elapsed);
        draw(head() + " " + timing + values(logs), false);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        draw(head() + " " + duration((System.nanoTime() - epochStart) / 1e9) + values(logs), true);
        // an unknown epoch length is known after the first epoch
        if (steps < 0) steps = batchesDone;
    }

    /** "Epoch 2/5  312/1875 [=====>....]" (no bar while the epoch length is unknown). */
    private String head() {
        StringBuilder sb = new StringBuilder("Epoch ").append(epoch + 1).append('/').append(epochs).append("  ").append(batchesDone);
        if (steps <= 0) return sb.toString();
        sb.append('/').append(steps).append(" [");
        int filled = (int) ((long) BAR_WIDTH * Math.min(batchesDone, steps) / steps);
        sb.append("=".repeat(filled));
        if (filled < BAR_WIDTH) sb.append('>').append(".".repeat(BAR_WIDTH - filled - 1));
        return sb.append(']').toString();
    }

    private static String values(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : logs.entrySet()) sb.append(" - ").append(e.getKey()).append(": ").append(number(e.getValue()));
        return sb.toString();
    }

    /** Four decimals in the usual range, scientific notation outside it (a diverging loss stays readable). */
    static String number(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a == 0 || (a >= 1e-3 && a < 1e6) ? "%.4f" : "%.4e", v);
    }

    /** "3.1s" under a minute, "1:05" and "1:02:03" beyond. */
    static String duration(double seconds) {
        if (seconds < 60) return String.format(Locale.ROOT, "%.1fs", seconds);
        long s = Math.round(seconds);
        return s < 3600 ? String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    private void draw(String line, boolean finished) {
        if (perBatch) {
            // carriage return, then spaces over what is left of a longer previous line
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
            if (finished) out.println();
        } else if (finished) {
            out.println(line);
        }
        out.flush();
    }
}
