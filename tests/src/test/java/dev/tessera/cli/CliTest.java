// The CLI as a user meets it: `info --json` ends with one JSON object that lists the CPU features
// and every kernel family, `demo --json` runs its tour, and wrong arguments exit with code 2.
// train --save/--plot, eval and predict work together on the weights file; gradcheck checks an op;
// bench gemm --plot draws its ladder; every command has --help.
package dev.tessera.cli;

import dev.tessera.data.Datasets;
import dev.tessera.io.Npy;
import dev.tessera.plot.BenchPlot;
import dev.tessera.plot.HistoryPlot;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CliTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    /** Runs the CLI in-process; commands print to System.out, picocli's usage goes to its writers. */
    private static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code;
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(capture, true));
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute(args);
        } finally {
            System.setOut(saved);
        }
        return new Run(code, bytes.toString(StandardCharsets.UTF_8), err.toString());
    }

    @Test
    void infoJsonListsCpuFeaturesKernelFamiliesAndCuda() {
        Run r = run("info", "--json");
        assertEquals(0, r.exitCode(), r.err());
        String json = r.lastLine();
        assertTrue(json.startsWith("{") && json.endsWith("}"), "last line is one JSON object: " + json);
        for (String key : new String[] {"\"features\"", "\"kernels\"", "\"matmul\"", "\"openblas\"", "\"blocked\"",
                "\"elementwise\"", "\"reduce\"", "\"softmax\"", "\"cuda\"", "\"reason\"", "\"memory\"", "\"peak\"", "\"fp32FmaGflopsPerCore\""}) {
            assertTrue(json.contains(key), "info --json mentions " + key + ": " + json);
        }
    }

    @Test
    void demoRunsEverySection() {
        Run r = run("demo", "--json");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.lastLine().contains("\"ok\":true"), r.lastLine());
    }

    @Test
    void benchGemmChecksEveryVersionAgainstOpenBlas() {
        Run r = run("bench", "gemm", "--sizes", "48", "--shapes", "7x13x5", "--seconds", "0.01", "--json");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        String json = r.lastLine();
        assertTrue(json.contains("\"ok\":true") && json.contains("\"name\":\"blocked\"") && json.contains("\"7x13x5\""), json);
    }

    @Test
    void wrongArgumentsExitWithTwoAndShowUsage() {
        Run r = run("info", "--no-such-option");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Unknown option") && r.err().contains("tessera info [-hV] [--json]"), r.err());
        assertEquals(2, run("no-such-command").exitCode());
        // Wrong values found by the command itself are usage errors too, reported before any work.
        for (String[] bad : new String[][] {{"train", "no-such-example"}, {"train", "xor", "--epochs", "0"},
                {"train", "xor", "--optimizer", "nope"}, {"train", "xor", "--lr", "-1"}}) {
            Run b = run(bad);
            assertEquals(2, b.exitCode(), String.join(" ", bad) + ": " + b.err());
            assertTrue(b.err().contains("tessera train [-hV]"), b.err());
        }
    }

    private static BufferedImage png(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, file + " is a PNG");
        return img;
    }

    private static String jsonNumber(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([-0-9.Ee]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return m.group(1);
    }

    @Test
    void trainSavesWeightsThatEvalAndPredictLoadBack() throws IOException {
        Path weights = dir.resolve("xor.safetensors");
        Path history = dir.resolve("xor.png");
        Run train = run("train", "xor", "--seed", "1", "--quiet", "--save", weights.toString(), "--plot", history.toString(), "--json");
        assertEquals(0, train.exitCode(), train.err() + train.out());
        assertTrue(train.lastLine().contains("\"saved\":") && train.lastLine().contains("\"plot\":"), train.lastLine());
        assertTrue(png(history).getWidth() > 0);

        Run eval = run("eval", "--model", weights.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        assertEquals("1", jsonNumber(eval.lastLine(), "test_accuracy"), eval.lastLine());
        Run predict = run("predict", "--model", weights.toString(), "xor", "--index", "0,1,2,3", "--json");
        assertEquals(0, predict.exitCode(), predict.err());
        assertTrue(predict.lastLine().contains("\"predictions\":[0,1,1,0]") && predict.lastLine().contains("\"targets\":[0,1,1,0]"),
                predict.lastLine());

        Path input = dir.resolve("cases.npy");
        try (Tensor cases = Tensor.fromArray(new double[][] {{1, 1}, {1, 0}})) {
            Npy.save(input, cases);
        }
        Run fromFile = run("predict", "--model", weights.toString(), "--input", input.toString(), "--json");
        assertEquals(0, fromFile.exitCode(), fromFile.err());
        assertTrue(fromFile.lastLine().contains("\"predictions\":[0,1]"), fromFile.lastLine());
    }

    @Test
    void mlpWeightsLoadBackWithTheSameTestAccuracy() throws IOException {
        assumeTrue(Datasets.findFashionMnist() != null, "Fashion-MNIST not installed (./tessera data)");
        Path weights = dir.resolve("m.safetensors");
        Path history = dir.resolve("h.png");
        Run train = run("train", "mlp", "--epochs", "1", "--quiet", "--save", weights.toString(), "--plot", history.toString(), "--json");
        assertTrue(train.exitCode() <= 1, train.err() + train.out()); // one epoch may miss the 5-epoch target
        assertEquals(2 * HistoryPlot.CHART_WIDTH, png(history).getWidth(), "loss and accuracy charts");
        Run eval = run("eval", "--model", weights.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        assertEquals(jsonNumber(train.lastLine(), "test_accuracy"), jsonNumber(eval.lastLine(), "test_accuracy"));
    }

    @Test
    void gradcheckChecksOneOp() {
        Run tanh = run("gradcheck", "tanh", "--json");
        assertEquals(0, tanh.exitCode(), tanh.err());
        assertTrue(tanh.lastLine().contains("\"passed\":true"), tanh.lastLine());
        Run loss = run("gradcheck", "cross_entropy", "--second-order");
        assertEquals(0, loss.exitCode(), loss.err() + loss.out());
        assertTrue(loss.out().contains("second order: gradcheck passed"), loss.out());
        Run view = run("gradcheck", "reshape");
        assertEquals(2, view.exitCode());
        assertTrue(view.err().contains("no built-in inputs for op 'reshape'") && view.err().contains("matmul"), view.err());
        assertEquals(2, run("gradcheck", "argmax").exitCode(), "not differentiable");
        assertEquals(2, run("gradcheck", "no_such_op").exitCode());
    }

    @Test
    void benchGemmPlotsItsLadder() throws IOException {
        Path chart = dir.resolve("gemm.png");
        Run r = run("bench", "gemm", "--sizes", "48", "--shapes", "7x13x5", "--seconds", "0.01", "--plot", chart.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        BufferedImage img = png(chart);
        assertEquals(BenchPlot.WIDTH, img.getWidth());
        assertEquals(BenchPlot.HEIGHT, img.getHeight());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"train", "eval", "predict", "gradcheck", "info", "demo", "bench", "data", "test"}) {
            Run r = run(command, "--help");
            assertEquals(0, r.exitCode(), command + " --help: " + r.err());
            assertTrue(r.out().contains("Usage: tessera " + command), command + " --help: " + r.out());
        }
    }

    @Test
    void wrongModelArgumentsExitWithTwo() throws IOException {
        Path weights = dir.resolve("xor.safetensors");
        Run train = run("train", "xor", "--epochs", "10", "--quiet", "--save", weights.toString());
        assertTrue(train.exitCode() <= 1, "trained and saved (10 epochs miss the target: exit 1): " + train.err());
        String w = weights.toString();
        String[][] bad = {
            {"eval"},                                                     // --model is required
            {"eval", "--model", dir.resolve("missing.safetensors").toString()},
            {"eval", "--model", w, "logreg"},                              // weights of another example
            {"eval", "--model", w, "no-such-example"},
            {"predict", "--model", w},                                     // --index or --input
            {"predict", "--model", w, "--index", "1", "--input", w},       // not both
            {"predict", "--model", w, "--index", "4"},                     // xor has four cases
            {"train", "xor", "--device", "cuda"},                          // no silent fallback to the CPU
            {"train", "xor", "--device", "tpu"},
            {"train", "xor", "--save", dir.resolve("no/such/folder/x.safetensors").toString()},
        };
        for (String[] args : bad) {
            Run r = run(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.err() + r.out());
            assertTrue(r.err().contains("Run 'tessera " + args[0]), String.join(" ", args) + ": " + r.err());
        }
        assertTrue(run("train", "xor", "--device", "cuda").err().contains("CUDA"), "says why cuda is refused");
    }
}
