// BenchGemmCommand: `tessera bench gemm`, the ladder runner of the matmul family. For each pool size
// (OpenBLAS, version 0, is given the same thread count) and shape, every version is first checked
// against version 0 on the same random inputs, then all versions are timed interleaved: several
// rounds, each version in turn, so that noise from the machine's neighbours falls on all of them
// alike. Before its turn each version settles (a pause, so the previous version's threads, OpenBLAS's
// spinning ones included, go idle, then one untimed call). Reported: the median call, as GFLOP/s,
// % of version 0 and % of the measured FP32 FMA peak of the threads in use. Versions whose call
// would take longer than --max-call-seconds on a shape (the naive ones on large sizes) are skipped
// there, estimated from their speed on the shapes before. With --save it regenerates
// bench/results/gemm.json, bench/results/gemm.md and the ladder section of bench/README.md; with
// --plot it draws GFLOP/s per version and shape as a bar chart (PNG).
// Quick and readable; JMH (GemmBench) is where rigorous figures come from.
package dev.tessera.cli;

import dev.tessera.backend.cpu.MachinePeak;
import dev.tessera.backend.cpu.NativeThreads;
import dev.tessera.backend.cpu.OpenBlas;
import dev.tessera.bridge.TesseraNative;
import dev.tessera.kernels.KernelVersion;
import dev.tessera.kernels.Kernels;
import dev.tessera.memory.Scope;
import dev.tessera.ops.LinearAlgebra;
import dev.tessera.plot.BenchPlot;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = {"Check every matmul version against OpenBLAS (version 0), then time them interleaved:",
                "GFLOP/s, %% of version 0 and %% of the measured FP32 FMA peak.",
                "Shapes: square sizes and the training shapes of the examples (MxNxK)."})
public final class BenchGemmCommand implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", description = "Square sizes (default: 128,256,512,1024,2048)")
    List<Integer> sizes = List.of(128, 256, 512, 1024, 2048);

    @Option(names = "--shapes", split = ",", description = "MxNxK shapes (default: the mlp's and an im2col conv shape)")
    List<String> shapes = List.of("32x128x784", "784x128x32", "32x784x128", "64x64x1152");

    @Option(names = "--threads", split = ",", description = "Pool sizes to run with (default: the current one);"
            + " OpenBLAS is given the same count.")
    List<Integer> threads;

    @Option(names = "--seconds", description = "Time budget per version and shape, spread over the rounds (default: ${DEFAULT-VALUE})")
    double seconds = 0.3;

    @Option(names = "--rounds", description = "Rounds of interleaved timing per shape (default: ${DEFAULT-VALUE})")
    int rounds = 5;

    @Option(names = "--max-call-seconds", description = "Skip a version on a shape where one call would take longer"
            + " (default: ${DEFAULT-VALUE})")
    double maxCallSeconds = 2;

    @Option(names = "--save", description = "Write bench/results/gemm.json, bench/results/gemm.md and the ladder in bench/README.md")
    boolean save;

    @Option(names = "--save-as", paramLabel = "NAME", description = "With --save: write bench/results/NAME.{json,md}"
            + " instead of gemm.* and leave bench/README.md alone (e.g. a run against another OpenBLAS kernel set)")
    String saveAs = "gemm";

    @Option(names = "--plot", paramLabel = "PATH", description = "Draw GFLOP/s per version and shape to PATH (PNG bar chart)")
    Path plot;

    @Mixin
    JsonOption json;

    /** One version on one shape at one pool size; {@code note} says why it has no figure (skipped, wrong). */
    private record Row(String shape, int threads, int version, String name, double gflops, double ofV0, double ofPeak,
                       double maxRelError, String note) {
        Row withPeak(double perCore) { return new Row(shape, threads, version, name, gflops, ofV0, gflops / (perCore * threads), maxRelError, note); }
    }

    /** Largest relative error a version may show against OpenBLAS before its result counts as wrong. */
    private static final double TOLERANCE = 1e-3;

    @Override
    public Integer call() throws IOException {
        if (rounds < 1) throw new IllegalArgumentException("--rounds: need at least 1, got " + rounds);
        List<long[]> all = new ArrayList<>();
        for (int s : sizes) all.add(new long[] {s, s, s});
        for (String s : shapes) {
            String[] p = s.toLowerCase(Locale.ROOT).split("x");
            if (p.length != 3) throw new IllegalArgumentException("--shapes: expected MxNxK, got '" + s + "'");
            all.add(new long[] {Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2])});
        }
        int before = NativeThreads.count();
        List<Integer> poolSizes = threads == null ? List.of(before) : threads;
        MachinePeak peak = MachinePeak.get();
        List<Row> rows = new ArrayList<>();
        List<KernelVersion> versions = Kernels.MATMUL.versions().stream().filter(KernelVersion::supported).toList();
        boolean ok = true;
        String core = OpenBlas.core();
        System.out.printf("FP32 FMA peak %.1f GFLOP/s per core (measured); OpenBLAS kernels: %s; default: v%d%n",
                peak.fmaGflopsPerCore(), core, Kernels.MATMUL.defaultVersion().number());
        System.out.printf("%-16s %7s %-14s %10s %8s %8s %10s%n", "shape (MxNxK)", "threads", "version", "GFLOP/s", "% v0",
                "% peak", "max err");
        try {
            for (int t : poolSizes) {
                NativeThreads.set(t);
                Map<Integer, Double> speed = new HashMap<>(); // GFLOP/s of each version on the latest shape
                for (long[] s : all) {
                    try (Scope scope = Scope.open()) {
                        rows.addAll(runShape(s, t, versions, speed, peak));
                    }
                }
                System.out.printf("(%d threads: OpenBLAS ran on %d)%n", t, OpenBlas.threads());
            }
        } finally {
            NativeThreads.set(before);
        }
        // The peak loop, like any timing here, only reads low when neighbours take the core: measured
        // again after the run, the higher reading is the peak every "% of peak" uses.
        double again = TesseraNative.ts_peak_fma_gflops(200);
        if (again > peak.fmaGflopsPerCore()) {
            peak = new MachinePeak(again, peak.copyGBps(), peak.triadGBps());
            System.out.printf("FP32 FMA peak measured again after the run: %.1f GFLOP/s per core (used for %% of peak)%n", again);
            rows.replaceAll(r -> r.withPeak(again));
        }
        for (Row r : rows) ok &= !"WRONG RESULT".equals(r.note());
        if (save) save(rows, peak, core, poolSizes);
        if (plot != null) plot(rows, poolSizes.size() > 1);
        if (json.enabled()) {
            List<Object> out = new ArrayList<>();
            for (Row r : rows) out.add(rowJson(r));
            System.out.println(Json.object().put("command", "bench gemm").put("peakGflopsPerCore", round(peak.fmaGflopsPerCore()))
                    .put("openblasCore", core).put("defaultVersion", Kernels.MATMUL.defaultVersion().number())
                    .put("results", out).put("ok", ok));
        }
        return ok ? 0 : 1;
    }

    /** Checks, then times every version on one shape; {@code speed} carries GFLOP/s estimates to the next shape. */
    private List<Row> runShape(long[] s, int t, List<KernelVersion> versions, Map<Integer, Double> speed, MachinePeak peak) {
        String shape = s[0] + "x" + s[1] + "x" + s[2];
        double flops = 2.0 * s[0] * s[1] * s[2];
        Generator g = new Generator(s[0] * 31 + s[1] * 7 + s[2]);
        Tensor a = Tensor.rand(g, s[0], s[2]).sub(0.5);
        Tensor b = Tensor.rand(g, s[2], s[1]).sub(0.5);
        float[] reference = LinearAlgebra.matmul(a, b, 0).toFloatArray();
        List<KernelVersion> timed = new ArrayList<>();
        Map<Integer, String> notes = new HashMap<>();
        Map<Integer, Double> errors = new HashMap<>();
        for (KernelVersion v : versions) {
            double estimate = flops / 1e9 / speed.computeIfAbsent(v.number(), n -> probe(n));
            if (estimate > maxCallSeconds) {
                notes.put(v.number(), String.format(Locale.ROOT, "skipped: about %.0f s per call", estimate));
                continue;
            }
            double err = maxRelError(reference, LinearAlgebra.matmul(a, b, v.number()).toFloatArray(), s[2]);
            errors.put(v.number(), err);
            if (err < TOLERANCE) timed.add(v);
            else notes.put(v.number(), "WRONG RESULT");
        }
        Map<Integer, List<Double>> times = new HashMap<>();
        double slice = seconds / rounds, settle = Math.min(0.1, seconds / 3);
        for (int round = 0; round < rounds; round++) {
            for (KernelVersion v : timed) {
                settle(a, b, v.number(), settle, flops / 1e9 / speed.get(v.number()) < slice);
                List<Double> mine = times.computeIfAbsent(v.number(), n -> new ArrayList<>());
                long start = System.nanoTime();
                int calls = 0;
                do {
                    long t0 = System.nanoTime();
                    try (Scope call = Scope.open()) {
                        LinearAlgebra.matmul(a, b, v.number());
                    }
                    mine.add((System.nanoTime() - t0) / 1e9);
                } while (++calls < 1000 && System.nanoTime() - start < slice * 1e9);
            }
        }
        List<Row> out = new ArrayList<>();
        double v0 = 0;
        for (KernelVersion v : versions) {
            String note = notes.get(v.number());
            double gflops = 0;
            if (note == null) {
                double[] sorted = times.get(v.number()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                gflops = flops / sorted[sorted.length / 2] / 1e9;
                speed.put(v.number(), gflops);
            }
            if (v.number() == 0) v0 = gflops;
            Row r = new Row(shape, t, v.number(), v.name(), gflops, v0 > 0 ? gflops / v0 : 0,
                    gflops / (peak.fmaGflopsPerCore() * t), errors.getOrDefault(v.number(), Double.NaN), note);
            out.add(r);
            System.out.printf(Locale.ROOT, "%-16s %7d %-14s %10.1f %7.0f%% %7.0f%% %10.2e%s%n", r.shape(), t,
                    "v" + r.version() + " " + r.name(), r.gflops(), 100 * r.ofV0(), 100 * r.ofPeak(), r.maxRelError(),
                    note == null ? "" : "  " + note);
        }
        return out;
    }

    /** GFLOP/s of a version on a 256^3 product: the first estimate of its speed at this pool size. */
    private static double probe(int version) {
        try (Scope s = Scope.open()) {
            Generator g = new Generator(256);
            Tensor a = Tensor.rand(g, 256, 256);
            Tensor b = Tensor.rand(g, 256, 256);
            LinearAlgebra.matmul(a, b, version);
            long t0 = System.nanoTime();
            LinearAlgebra.matmul(a, b, version);
            return 2.0 * 256 * 256 * 256 / Math.max(1, System.nanoTime() - t0);
        }
    }

    /**
     * Lets the previous version's threads go idle (OpenBLAS's spin for tens of milliseconds after a
     * call and would compete with the next version's), then warms this version up with one untimed call.
     */
    private static void settle(Tensor a, Tensor b, int version, double seconds, boolean warmUp) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (warmUp) {
            try (Scope s = Scope.open()) {
                LinearAlgebra.matmul(a, b, version);
            }
        }
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
        Json.Obj o = Json.object().put("shape", r.shape()).put("threads", r.threads()).put("version", r.version())
                .put("name", r.name()).put("gflops", round(r.gflops())).put("ofV0", Math.round(r.ofV0() * 1000) / 1000.0)
                .put("ofPeak", Math.round(r.ofPeak() * 1000) / 1000.0).put("maxRelError", r.maxRelError());
        if (r.note() != null) o.put("note", r.note());
        return o;
    }

    private String commandLine() {
        return "./tessera bench gemm --sizes " + join(sizes) + " --shapes " + String.join(",", shapes)
                + (threads == null ? "" : " --threads " + join(threads))
                + (seconds != 0.3 ? " --seconds " + seconds : "") + (rounds != 5 ? " --rounds " + rounds : "")
                + (maxCallSeconds != 2 ? " --max-call-seconds " + maxCallSeconds : "") + " --save"
                + (saveAs.equals("gemm") ? "" : " --save-as " + saveAs);
    }

    private void save(List<Row> rows, MachinePeak peak, String core, List<Integer> poolSizes) throws IOException {
        Path dir = Path.of("bench", "results");
        Files.createDirectories(dir);
        List<Object> out = new ArrayList<>();
        for (Row r : rows) out.add(rowJson(r));
        String command = commandLine();
        String date = Instant.now().toString();
        if (!saveAs.matches("[A-Za-z0-9._-]+")) throw new IllegalArgumentException("--save-as: a plain file name, got '" + saveAs + "'");
        String env = System.getenv("OPENBLAS_CORETYPE");
        if (env != null && !env.isBlank()) command = "OPENBLAS_CORETYPE=" + env + " " + command;
        Files.writeString(dir.resolve(saveAs + ".json"), Json.object().put("command", command).put("date", date)
                .put("peakGflopsPerCore", round(peak.fmaGflopsPerCore())).put("openblasCore", core)
                .put("defaultVersion", Kernels.MATMUL.defaultVersion().number()).put("rounds", rounds)
                .put("results", out) + "\n");
        StringBuilder md = new StringBuilder("# GEMM ladder (generated by `" + command + "`, " + date + ")\n\n");
        md.append(summary(rows, peak, core, poolSizes));
        md.append("\n## Every row\n\n| shape (MxNxK) | threads | version | GFLOP/s | % of v0 | % of peak |\n|---|---:|---|---:|---:|---:|\n");
        for (Row r : rows) {
            md.append(r.note() != null
                    ? String.format(Locale.ROOT, "| %s | %d | v%d %s | — | — | %s |%n", r.shape(), r.threads(), r.version(), r.name(), r.note())
                    : String.format(Locale.ROOT, "| %s | %d | v%d %s | %.1f | %.0f%% | %.0f%% |%n", r.shape(), r.threads(),
                            r.version(), r.name(), r.gflops(), 100 * r.ofV0(), 100 * r.ofPeak()));
        }
        Files.writeString(dir.resolve(saveAs + ".md"), md.toString());
        System.out.println("wrote " + dir.resolve(saveAs + ".json") + " and " + dir.resolve(saveAs + ".md"));
        Path readme = Path.of("bench", "README.md");
        if (saveAs.equals("gemm") && Files.exists(readme)) {
            String text = Files.readString(readme);
            int from = text.indexOf(LADDER_BEGIN), to = text.indexOf(LADDER_END);
            if (from >= 0 && to > from) {
                String section = LADDER_BEGIN + "\n_Generated by `" + command + "` on " + date.substring(0, 10)
                        + " (full table: [results/gemm.md](results/gemm.md))._\n\n" + summary(rows, peak, core, poolSizes);
                Files.writeString(readme, text.substring(0, from) + section + text.substring(to));
                System.out.println("updated the ladder in " + readme);
            } else {
                System.out.println(readme + " has no " + LADDER_BEGIN + " ... " + LADDER_END + " section: not updated");
            }
        }
    }

    static final String LADDER_BEGIN = "<!-- gemm-ladder: generated by ./tessera bench gemm --save, do not edit -->";
    static final String LADDER_END = "<!-- gemm-ladder end -->";

    /** The ladder: one table per pool size (versions x shapes), then the goals for the default version. */
    private String summary(List<Row> rows, MachinePeak peak, String core, List<Integer> poolSizes) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "FP32, row-major, C = A·B. Each cell: GFLOP/s · × OpenBLAS (v0) · %% of the measured"
                + " FMA peak (%.1f GFLOP/s per core × threads). OpenBLAS 0.3.31 runs its %s kernels on this CPU, on as many"
                + " threads as the pool. Median call of %d interleaved rounds.%n", peak.fmaGflopsPerCore(), core, rounds));
        List<String> shapeOrder = new ArrayList<>();
        for (Row r : rows) if (!shapeOrder.contains(r.shape())) shapeOrder.add(r.shape());
        for (int t : poolSizes) {
            md.append("\n**").append(t).append(t == 1 ? " thread**\n\n| version |" : " threads**\n\n| version |");
            for (String sh : shapeOrder) md.append(' ').append(sh).append(" |");
            md.append("\n|---|").append("---:|".repeat(shapeOrder.size())).append('\n');
            for (KernelVersion v : Kernels.MATMUL.versions()) {
                if (rows.stream().noneMatch(r -> r.threads() == t && r.version() == v.number())) continue;
                md.append("| v").append(v.number()).append(' ').append(v.name()).append(" |");
                for (String sh : shapeOrder) {
                    Row r = rows.stream().filter(x -> x.threads() == t && x.version() == v.number() && x.shape().equals(sh))
                            .findFirst().orElse(null);
                    if (r == null || r.note() != null) md.append(r != null && r.note().startsWith("WRONG") ? " wrong |" : " — |");
                    else md.append(String.format(Locale.ROOT, " %.0f · %.2fx · %.0f%% |", r.gflops(), r.ofV0(), 100 * r.ofPeak()));
                }
                md.append('\n');
            }
        }
        int def = Kernels.MATMUL.defaultVersion().number();
        md.append("\nGoals of issue 6 for the default version (v").append(def).append("), in this run:\n\n");
        for (int t : poolSizes) {
            List<Row> mine = rows.stream().filter(r -> r.threads() == t && r.version() == def && r.note() == null).toList();
            double squareMin = Double.POSITIVE_INFINITY, shapesMin = Double.POSITIVE_INFINITY;
            String squareWorst = "", shapesWorst = "";
            Row at2048 = null;
            for (Row r : mine) {
                long[] d = Arrays.stream(r.shape().split("x")).mapToLong(Long::parseLong).toArray();
                boolean square = d[0] == d[1] && d[1] == d[2];
                if (square && d[0] >= 1024 && r.ofV0() < squareMin) { squareMin = r.ofV0(); squareWorst = r.shape(); }
                if (!square && r.ofV0() < shapesMin) { shapesMin = r.ofV0(); shapesWorst = r.shape(); }
                if (square && d[0] == 2048) at2048 = r;
            }
            md.append("- ").append(t).append(t == 1 ? " thread: " : " threads: ");
            List<String> parts = new ArrayList<>();
            if (squareWorst.length() > 0) parts.add(goal("≥ 0.95x OpenBLAS on 1024+", squareMin, 0.95, "x", squareWorst));
            if (shapesWorst.length() > 0) parts.add(goal("≥ 1.0x OpenBLAS on the training shapes", shapesMin, 1.0, "x", shapesWorst));
            if (at2048 != null) parts.add(goal("≥ 85% of peak at 2048", 100 * at2048.ofPeak(), 85, "%", "2048"));
            md.append(String.join("; ", parts)).append('\n');
        }
        return md.toString();
    }

    private static String goal(String what, double value, double target, String unit, String where) {
        String v = unit.equals("x") ? String.format(Locale.ROOT, "%.2fx", value) : String.format(Locale.ROOT, "%.0f%%", value);
        return what + ": " + (value >= target ? "met" : "missed") + " (" + (unit.equals("x") ? "lowest " : "") + v
                + (unit.equals("x") ? ", at " + where : "") + ")";
    }

    /** One group of bars per shape (and pool size, when several ran), one bar per version; a wrong result draws as 0. */
    private void plot(List<Row> rows, boolean severalPoolSizes) {
        List<String> categories = new ArrayList<>();
        Map<String, List<Double>> byVersion = new LinkedHashMap<>();
        for (Row r : rows) {
            String category = r.shape() + (severalPoolSizes ? ", " + r.threads() + " threads" : "");
            if (!categories.contains(category)) categories.add(category);
            byVersion.computeIfAbsent("v" + r.version() + " " + r.name(), k -> new ArrayList<>()).add(r.gflops());
        }
        String title = "FP32 GEMM (C = A·B, MxNxK)" + (severalPoolSizes ? "" : ", " + rows.get(0).threads() + " threads");
        BenchPlot.save(title, "GFLOP/s", categories, byVersion, plot);
        System.out.println("plotted GFLOP/s per version to " + plot);
    }

    private static String join(List<Integer> v) {
        return String.join(",", Arrays.stream(v.toArray(new Integer[0])).map(String::valueOf).toList());
    }
}
