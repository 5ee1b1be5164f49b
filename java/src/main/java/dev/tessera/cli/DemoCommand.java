// DemoCommand: `tessera demo` — a short tour of the tensor API with its output: creation, views,
// elementwise math, broadcasting, matmul, reductions, softmax, joining, indexing and memory
// scopes, then autograd and three of the training examples (linreg, xor, one epoch of the
// Fashion-MNIST mlp). Each section runs in its own Scope, so the tour ends with zero live bytes, and a section
// that fails is reported and the tour goes on (exit code 1 if any failed).
package dev.tessera.cli;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "A few-second tour of Tessera's tensors: creation, views, math, broadcasting, matmul,"
                + " reductions, softmax, cat/stack, gather/where, memory scopes, autograd, and training linreg, xor"
                + " and one epoch of the Fashion-MNIST mlp.")
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    JsonOption json;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random generator (default: ${DEFAULT-VALUE}).")
    long seed;

    private final PrintStream out = System.out;
    private Generator gen;

    /** One section of the tour: a title and the code that prints it. */
    private record Section(String title, Runnable body) {}

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        gen = new Generator(seed);
        List<Section> sections = List.of(
                new Section("Creation", this::creation),
                new Section("Views: reshape, transpose, slice, expand", this::views),
                new Section("Elementwise math", this::elementwise),
                new Section("Broadcasting: [3, 1] + [1, 4]", this::broadcasting),
                new Section("Matrix multiply: 2-D and batched", this::matmul),
                new Section("Reductions", this::reductions),
                new Section("Softmax", this::softmax),
                new Section("Joining: cat and stack", this::joining),
                new Section("Indexing: gather and where", this::indexing),
                new Section("Memory: scopes free what they own", this::memory),
                new Section("Autograd: gradients of a small function", this::autograd),
                new Section("Training: linreg", () -> train("linreg", null)),
                new Section("Training: xor", () -> train("xor", null)),
                new Section("Training: one epoch of the Fashion-MNIST mlp", () -> train("mlp", 1)));
        List<String> failed = new ArrayList<>();
        int n = 0;
        for (Section s : sections) {
            n++;
            out.printf("%n== %d. %s ==%n", n, s.title());
            try (Scope scope = Scope.open()) {
                s.body().run();
            } catch (RuntimeException | LinkageError e) {
                failed.add(s.title());
                out.println("  FAILED: " + e);
                if ("1".equals(System.getenv("TESSERA_DEBUG"))) e.printStackTrace(out);
            }
        }
        long live = MemoryStats.cpu().liveBytes();
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf("%nDone: %d sections, %d failed%s, %.2f s. Live tensor memory now: %d bytes (%s).%n",
                sections.size(), failed.size(), failed.isEmpty() ? "" : " " + failed, seconds, live,
                live == 0 ? "every scope freed what it owned" : "something escaped its scope");
        boolean ok = failed.isEmpty() && live == 0;
        if (json.enabled()) {
            out.println(Json.object()
                    .put("command", "demo")
                    .put("sections", sections.size())
                    .put("failed", failed)
                    .put("liveBytesAtEnd", live)
                    .put("seconds", Math.round(seconds * 1000) / 1000.0)
                    .put("ok", ok));
        }
        return ok ? 0 : 1;
    }

    // ------------------------------------------------------------------ printing helpers

    /** Prints {@code label = tensor} with the tensor's shape, dtype and, when not contiguous, its strides. */
    private void show(String label, Tensor t) {
        String meta = Shape.str(t.shapeRef()) + " " + t.dtype()
                + (t.isContiguous() ? "" : ", strides " + Arrays.toString(t.stridesRef()) + ", a view");
        out.printf("  %s  (%s)%n", label, meta);
        for (String line : t.toString().split("\n")) out.println(line.isBlank() ? "" : "    " + line);
    }

    private void say(String text) { out.println("  " + text); }

    // ------------------------------------------------------------------ sections

    private void autograd() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
        Tensor y = x.mul(x).mul(x).sum();  // y = sum(x^3)
        y.backward();
        show("x (requiresGrad)", x);
        say("y = (x * x * x).sum() = " + y.item() + "; y.backward()");
        show("x.grad() = 3 x^2", x.grad());
        x.clearGrad();
    }

    /** Runs an example with its defaults (epochs overridden if given), printing its progress. */
    private void train(String name, Integer epochs) {
        dev.tessera.examples.Example ex = dev.tessera.examples.Examples.byName(name);
        if (name.equals("mlp") && dev.tessera.data.Datasets.findFashionMnist() == null) {
            say("skipped: Fashion-MNIST is not installed (./tessera data installs it)");
            return;
        }
        dev.tessera.examples.Settings s = ex.defaults().override(epochs, null, null, null, null);
        say(ex.description() + "; target: " + ex.target());
        dev.tessera.examples.Result r = ex.run(s, new PrintStream(new java.io.OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(int b) {
                if (b == '\n') {
                    say(line.toString());
                    line.setLength(0);
                } else {
                    line.append((char) b);
                }
            }
        }, true));
        say("result: " + r.metrics() + (r.targetMet() || epochs != null ? "" : " (target MISSED)"));
    }

    private void creation() {
        show("Tensor.zeros(2, 3)", Tensor.zeros(2, 3));
        show("Tensor.arange(6)", Tensor.arange(6));
        show("Tensor.linspace(0, 1, 5)", Tensor.linspace(0, 1, 5));
        show("Tensor.eye(3)", Tensor.eye(3));
        show("Tensor.randn(new Generator(" + seed + "), 2, 3)", Tensor.randn(gen, 2, 3));
        show("Tensor.fromArray(new float[][] {{1, 2}, {3, 4}})", Tensor.fromArray(new float[][] {{1, 2}, {3, 4}}));
    }

    private void views() {
        Tensor x = Tensor.arange(DType.F32, 0, 12, 1).reshape(3, 4);
        show("x = arange(0, 12).reshape(3, 4)", x);
        Tensor xt = x.transpose(0, 1);
        show("x.transpose(0, 1)", xt);
        show("x.slice(1, 0, 4, 2)   (every 2nd column)", x.slice(1, 0, 4, 2));
        show("x.select(0, 1)        (row 1)", x.select(0, 1));
        Tensor col = Tensor.of(10f, 20f, 30f).reshape(3, 1);
        show("Tensor.of(10, 20, 30).reshape(3, 1).expand(3, 4)", col.expand(3, 4));
        x.set(-1, 0, 0);
        say("Views share storage: after x.set(-1, 0, 0), x.transpose(0, 1).get(0, 0) = " + xt.get(0, 0));
        show("x.transpose(0, 1).contiguous()   (a dense copy)", xt.contiguous());
    }

    private void elementwise() {
        Tensor a = Tensor.linspace(-2, 2, 5);
        show("a = linspace(-2, 2, 5)", a);
        show("a.relu()", a.relu());
        show("a.exp()", a.exp());
        show("a.sigmoid()", a.sigmoid());
        show("a.mul(a).add(1.0).sqrt()", a.mul(a).add(1.0).sqrt());
        show("a.clamp(-1, 1)", a.clamp(-1, 1));
        show("a.gt(0.0)", a.gt(0.0));
    }

    private void broadcasting() {
        Tensor a = Tensor.fromArray(new float[][] {{0}, {10}, {20}});
        Tensor b = Tensor.fromArray(new float[][] {{1, 2, 3, 4}});
        show("a", a);
        show("b", b);
        show("a.add(b)   (both sides stretch: [3, 1] + [1, 4] -> [3, 4])", a.add(b));
        show("a.mul(2.0).sub(Tensor.of(1f, 1f, 1f, 1f))", a.mul(2.0).sub(Tensor.of(1f, 1f, 1f, 1f)));
    }

    private void matmul() {
        Tensor a = Tensor.fromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor b = Tensor.fromArray(new float[][] {{1, 0}, {0, 1}, {1, 1}});
        show("a", a);
        show("b", b);
        show("a.matmul(b)", a.matmul(b));
        Tensor x = Tensor.randn(gen, 4, 2, 3);
        Tensor w = Tensor.randn(gen, 4, 3, 5);
        Tensor y = x.matmul(w);
        say("batched: randn [4, 2, 3] matmul randn [4, 3, 5] -> " + Shape.str(y.shapeRef()));
        Tensor y2 = x.select(0, 2).matmul(w.select(0, 2));
        say("batch 2 equals the 2-D product of its slices: max |diff| = " + y.select(0, 2).sub(y2).abs().max().item());
        Tensor shared = x.matmul(Tensor.eye(3));
        say("broadcast: [4, 2, 3] matmul eye(3) [3, 3] -> " + Shape.str(shared.shapeRef())
                + ", max |x - x·I| = " + shared.sub(x).abs().max().item());
    }

    private void reductions() {
        Tensor x = Tensor.fromArray(new float[][] {{1, 5, 3}, {4, 2, 6}});
        show("x", x);
        show("x.sum()", x.sum());
        show("x.sum(0)", x.sum(0));
        show("x.mean(new int[] {1}, true)   (keepdim)", x.mean(new int[] {1}, true));
        show("x.max(1)", x.max(1));
        show("x.argmax(1, false)", x.argmax(1, false));
        show("x.argmax()   (flattened)", x.argmax());
        show("x.std()", x.std());
    }

    private void softmax() {
        Tensor logits = Tensor.fromArray(new float[][] {{1, 2, 3}, {1000, 1000, 1000}});
        show("logits", logits);
        Tensor p = logits.softmax(1);
        show("logits.softmax(1)   (stable even at 1000)", p);
        show("p.sum(1)", p.sum(1));
        show("logits.logSoftmax(1)", logits.logSoftmax(1));
    }

    private void joining() {
        Tensor a = Tensor.fromArray(new float[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.fromArray(new float[][] {{5, 6}});
        show("Tensor.cat(0, a, b)", Tensor.cat(0, a, b));
        show("Tensor.stack(0, a, a.mul(10.0))", Tensor.stack(0, a, a.mul(10.0)));
        show("Tensor.stack(2, a, a)", Tensor.stack(2, a, a));
    }

    private void indexing() {
        Tensor x = Tensor.fromArray(new float[][] {{10, 11, 12}, {20, 21, 22}});
        Tensor idx = Tensor.fromArray(new long[][] {{2, 0}, {1, 1}});
        show("x", x);
        show("idx", idx);
        show("x.gather(1, idx)   (out[i][j] = x[i][idx[i][j]])", x.gather(1, idx));
        Tensor v = Tensor.of(-1.5f, 2f, -0.5f, 3f);
        show("v", v);
        show("Tensor.where(v.gt(0.0), v, Tensor.scalar(0))   (a hand-made relu)", Tensor.where(v.gt(0.0), v, Tensor.scalar(0)));
        show("x.indexSelect(1, Tensor.of(2L, 0L))", x.indexSelect(1, Tensor.of(2L, 0L)));
    }

    private void memory() {
        MemoryStats stats = MemoryStats.cpu();
        long before = stats.liveBytes();
        say("before:              " + stats.snapshot());
        Tensor kept;
        try (var s = Scope.open()) {
            Tensor a = Tensor.randn(gen, 256, 256);
            Tensor b = a.matmul(a.t()).relu();
            kept = b.sum().keep(); // moves to the enclosing scope: survives this one
            say("inside the scope:    " + stats.snapshot());
            say("the scope owns " + s.size() + " tensors");
        }
        say("after the scope:     " + stats.snapshot());
        say("live bytes: before " + before + ", after " + stats.liveBytes()
                + " (the one kept scalar: " + kept.describe() + " = " + kept.item() + ")");
        kept.close();
        say("after kept.close():  live " + stats.liveBytes() + " B; freed blocks went back to the pool (cached "
                + stats.cachedBytes() + " B) for the next allocation");
        Tensor dead = Tensor.zeros(2);
        dead.close();
        try {
            dead.add(dead);
        } catch (IllegalStateException e) {
            say("use after close is an exception, not a crash: " + e.getMessage());
        }
    }
}
