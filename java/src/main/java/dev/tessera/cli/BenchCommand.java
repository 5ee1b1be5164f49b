// BenchCommand: `tessera bench` runs the JMH benchmarks in bench/target/benchmarks.jar. The
// launcher script builds that jar and runs it; this class documents the command and, when the jar
// is called directly, says how to run it.
package dev.tessera.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchGemmCommand.class,
        description = {"Run JMH benchmarks (bench/target/benchmarks.jar; see bench/README.md).",
                "Done by the ./tessera launcher."},
        footer = {"", "Benchmarks:",
                "  gemm       the matmul ladder: every version checked against OpenBLAS, then timed",
                "             (run by the CLI itself: ./tessera bench gemm --help)",
                "  overhead   per-op overhead of a.add(b) on tiny F32 tensors (OpOverheadBench)",
                "  MlpTrainingBench  one mlp training step and one Fashion-MNIST epoch",
                "  ANY REGEX  passed to JMH as the benchmark filter, with any further JMH options",
                "", "Examples:",
                "  ./tessera bench overhead",
                "  ./tessera bench overhead -prof gc",
                "  ./tessera bench OpOverheadBench.add1 -f 1 -wi 3 -i 5"})
public final class BenchCommand implements Runnable {
    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "BENCHMARK", arity = "0..*", description = "'overhead', or a JMH filter and JMH options.")
    List<String> args;

    @Override
    public void run() {
        System.out.println("Run benchmarks from the repository root with:  ./tessera bench overhead");
        System.out.println("(or directly: java -jar bench/target/benchmarks.jar OpOverheadBench)");
        if (json.enabled()) {
            System.out.println(Json.object().put("command", "bench").put("run", "./tessera bench overhead").put("ran", false));
        }
    }
}
