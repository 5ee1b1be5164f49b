// The CLI as a user meets it: `info --json` ends with one JSON object that lists the CPU features
// and every kernel family, `demo --json` runs its tour, and wrong arguments exit with code 2.
package dev.tessera.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
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
}
