// BenchGemmCommand: `tessera bench gemm`, the ladder runner of the matmul family. Every version is
// first checked against version 0 (OpenBLAS) on the same random inputs, then timed (median of
// repeated runs after warm-up): GFLOP/s, % of version 0 and % of the measured FP32 FMA peak of the
// threads in use. With --save it regenerates bench/results/gemm.json and bench/results/gemm.md.
// Quick and readable; JMH is where rigorous figures come from.
package dev.tessera.cli;

import dev.tessera.backend.cpu.MachinePeak;
import dev.tessera.backend.cpu.NativeThreads;
import dev.tessera.kernels.KernelVersion;
import dev.tessera.kernels.Kernels;
import dev.tessera.memory.Scope;
import dev.tessera.ops.LinearAlgebra;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = {"Check every matmul version against OpenBLAS (version 0), then time it:",
                "GFLOP/s, % of version 0 and % of the measured FP32 FMA peak.",
                "Shapes: square sizes and the training shapes of the examples (MxNxK)."})
public final class BenchGemmCommand implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", description = "Square sizes (default: 128,256,512,1024,2048)")
    List<Integer> sizes = List.of(128, 256, 512, 1024, 2048);

    @Option(names = "--shapes", split = ",", description = "MxNxK shapes (default: the mlp's and an im2col conv shape)")
    List<String> shapes = List.of("32x128x784", "784x128x32", "32x784x128", "64x64x1152");

    @Option(names = "--threads", split = ",", description = "Native pool sizes to run with (default: the current one)."
            + " OpenBLAS keeps its own thread count.")
    List<Integer> threads;

    @Option(names = "--seconds", description = "Time budget per version and shape (default: ${DEFAULT-VALUE})")
    double seconds = 0.3;

    @Option(names = "--save", description = "Write bench/results/gemm.json and bench/results/gemm.md")
    boolean save;

    @Mixin
    JsonOption json;

    private record Row(String shape, int threads, int version, String name, double gflops, double ofV0, double ofPeak,
                       double maxRelError) {}

    @Override
    public Integer call() throws IOException {
        List<long[]> all = new ArrayList<>();
        for (int s : sizes) all.add(new long[] {s, s, s});
        for (String s : shapes) {
            String[] p = s.toLowerCase().split("x");
            if (p.length != 3) throw new IllegalArgumentException("--shapes: expected MxNxK, got '" + s + "'");
            all.add(new long[] {Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2])});
        }
        int before = NativeThreads.count();
        List<Integer> poolSizes = threads == null ? List.of(before) : threads;
        MachinePeak peak = MachinePeak.get();
        List<Row> rows = new ArrayList<>();
        boolean ok = true;
        System.out.printf("FP32 FMA peak %.1f GFLOP/s per core (measured)%n", peak.fmaGflopsPerCore());
        System.out.printf("%-16s %7s %-12s %10s %8s %8s %10s%n", "shape (MxNxK)", "threads", "version", "GFLOP/s", "% v0",
                "% peak", "max err");
        try {
            for (int t : poolSizes) {
                NativeThreads.set(t);
                for (long[] s : all) {
                    double v0 = 0;
                    try (Scope scope = Scope.open()) {
                        Generator g = new Generator(s[0] * 31 + s[1] * 7 + s[2]);
                        Tensor a = Tensor.rand(g, s[0], s[2]).sub(0.5);
                        Tensor b = Tensor.rand(g, s[2], s[1]).sub(0.5);
                        float[] reference = LinearAlgebra.matmul(a, b, 0).toFloatArray();
                        for (KernelVersion v : Kernels.MATMUL.versions()) {
                            if (!v.supported()) continue;
                            double err = maxRelError(reference, LinearAlgebra.matmul(a, b, v.number()).toFloatArray(), s[2]);
                            boolean valid = err < 1e-3;
                            ok &= valid;
                            double gflops = valid ? 2.0 * s[0] * s[1] * s[2] / time(a, b, v.number()) / 1e9 : 0;
                            if (v.number() == 0) v0 = gflops;
                            Row r = new Row(s[0] + "x" + s[1] + "x" + s[2], t, v.number(), v.name(), gflops,
                                    v0 > 0 ? gflops / v0 : 0, gflops / (peak.fmaGflopsPerCore() * t), err);
                            rows.add(r);
                            System.out.printf("%-16s %7d %-12s %10.1f %7.0f%% %7.0f%% %10.2e%s%n", r.shape(), t,
                                    "v" + r.version() + " " + r.name(), r.gflops(), 100 * r.ofV0(), 100 * r.ofPeak(),
                                    r.maxRelError(), valid ? "" : "  WRONG RESULT");
                        }
                    }
                }
            }
        } finally {
            NativeThreads.set(before);
        }
        if (save) save(rows, peak);
        if (json.enabled()) {
            List<Object> out = new ArrayList<>();
            for (Row r : rows) out.add(rowJson(r));
            System.out.println(Json.object().put("command", "bench gemm").put("peakGflopsPerCore", round(peak.fmaGflopsPerCore()))
                    .put("results", out).put("ok", ok));
        }
        return ok ? 0 : 1;
    }

    /** Median seconds of one multiply, after warm-up, over about the time budget. */
    private double time(Tensor a, Tensor b, int version) {
        for (int i = 0; i < 2; i++) {
            try (Scope s = Scope.open()) {
                LinearAlgebra.matmul(a, b, version);
            }
        }
        List<Double> runs = new ArrayList<>();
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        while (runs.size() < 3 || (System.nanoTime() - start < budget && runs.size() < 1000)) {
            long t0 = System.nanoTime();
            try (Scope s = Scope.open()) {
                LinearAlgebra.matmul(a, b, version);
            }
            runs.add((System.nanoTime() - t0) / 1e9);
        }
        double[] sorted = runs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    /** Largest |x - ref| relative to the scale of a k-term sum of products of values in [-0.5, 0.5). */
    private static double maxRelError(float[] ref, float[] x, long k) {
        double scale = Math.sqrt(k) * 0.25;
        double worst = 0;
        for (int i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ref[i] - x[i]) / scale);
        return worst;
    }

    private static double round(double v) { return Math.round(v * 10) / 10.0; }

    private static Json.Obj rowJson(Row r) {
        return Json.object().put("shape", r.shape()).put("threads", r.threads()).put("version", r.version())
                .put("name", r.name()).put("gflops", round(r.gflops())).put("ofV0", Math.round(r.ofV0() * 1000) / 1000.0)
                .put("ofPeak", Math.round(r.ofPeak() * 1000) / 1000.0).put("maxRelError", r.maxRelError());
    }

    private void save(List<Row> rows, MachinePeak peak) throws IOException {
        Path dir = Path.of("bench", "results");
        Files.createDirectories(dir);
        List<Object> out = new ArrayList<>();
        for (Row r : rows) out.add(rowJson(r));
        String command = "./tessera bench gemm --sizes " + join(sizes) + " --shapes " + String.join(",", shapes)
                + (threads == null ? "" : " --threads " + join(threads)) + " --save";
        Files.writeString(dir.resolve("gemm.json"), Json.object().put("command", command)
                .put("date", Instant.now().toString()).put("peakGflopsPerCore", round(peak.fmaGflopsPerCore()))
                .put("results", out) + "\n");
        StringBuilder md = new StringBuilder("# GEMM ladder (generated by `" + command + "`, " + Instant.now() + ")\n\n");
        md.append(String.format("FP32, row-major, C = A·B. Peak: %.1f GFLOP/s per core (measured FMA loop).%n%n", peak.fmaGflopsPerCore()));
        md.append("| shape (MxNxK) | threads | version | GFLOP/s | % of v0 | % of peak |\n|---|---:|---|---:|---:|---:|\n");
        for (Row r : rows) {
            md.append(String.format("| %s | %d | v%d %s | %.1f | %.0f%% | %.0f%% |%n", r.shape(), r.threads(), r.version(), r.name(),
                    r.gflops(), 100 * r.ofV0(), 100 * r.ofPeak()));
        }
        Files.writeString(dir.resolve("gemm.md"), md.toString());
        System.out.println("wrote " + dir.resolve("gemm.json") + " and " + dir.resolve("gemm.md"));
    }

    private static String join(List<Integer> v) {
        return String.join(",", Arrays.stream(v.toArray(new Integer[0])).map(String::valueOf).toList());
    }
}
