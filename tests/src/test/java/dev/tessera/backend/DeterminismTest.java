// Determinism (README "Determinism"): a seeded CPU training run gives bit-identical weights every
// time, with or without a prefetching loader; gemm and the optimizer steps never depend on the pool
// size; in deterministic mode neither does anything else (conv2d's weight gradient adds per-part
// partial sums: the parts are fixed) — and two separate JVMs running `tessera train ... --seed 1
// --save` with TESSERA_DETERMINISTIC=1 write byte-identical files at any TESSERA_NUM_THREADS, and
// with OpenBLAS (matmul version 0) at any OPENBLAS_NUM_THREADS, as the mode pins it to one thread.
package dev.tessera.backend;

import dev.tessera.backend.cpu.Determinism;
import dev.tessera.backend.cpu.NativeThreads;
import dev.tessera.data.Batches;
import dev.tessera.data.DataLoader;
import dev.tessera.data.Dataset;
import dev.tessera.data.Datasets;
import dev.tessera.kernels.Kernels;
import dev.tessera.memory.Scope;
import dev.tessera.nn.Flatten;
import dev.tessera.nn.Linear;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.ops.Convolution;
import dev.tessera.ops.LinearAlgebra;
import dev.tessera.ops.Losses;
import dev.tessera.optim.Adam;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DeterminismTest {
    @TempDir
    Path dir;

    /** Runs body with the native pool at the given size, restoring it after. */
    private static <T> T withThreads(int threads, Supplier<T> body) {
        int before = NativeThreads.count();
        NativeThreads.set(threads);
        try {
            return body.get();
        } finally {
            NativeThreads.set(before);
        }
    }

    /** Runs body in deterministic mode, restoring the mode after. */
    private static <T> T deterministic(Supplier<T> body) {
        boolean before = Determinism.enabled();
        Determinism.set(true);
        try {
            return body.get();
        } finally {
            Determinism.set(before);
        }
    }

    /** conv2d's weight gradient for 16 images: summed over image ranges, one per part of the split. */
    private static float[] convWeightGradient(int threads) {
        return withThreads(threads, () -> {
            try (Scope s = Scope.open()) {
                Generator g = new Generator(3);
                Tensor x = Tensor.randn(g, 16, 8, 14, 14);
                Tensor w = Tensor.randn(g, 16, 8, 3, 3).requiresGrad(true);
                Convolution.conv2d(x, w, null, 1, 1).sum().backward();
                return w.grad().toFloatArray();
            }
        });
    }

    @Test
    void deterministicModeFixesTheSplitOfEveryKernel() {
        assertTrue(deterministic(Determinism::parts) > 1, "a fixed split into several parts");
        float[] one = deterministic(() -> convWeightGradient(1));
        for (int t : new int[] {2, 3}) {
            assertArrayEquals(one, deterministic(() -> convWeightGradient(t)), "conv2d weight gradient, 1 thread vs " + t);
        }
        assertEquals(0, Determinism.parts(), "off again");
    }

    @Test
    void gemmResultsDoNotDependOnThePoolSize() {
        long[][] shapes = {{1000, 784, 128}, {33, 4000, 17}, {250, 1000, 300}, {784, 32, 128}, {64, 64, 1152}};
        int gemm = Kernels.MATMUL.defaultVersion().number(); // GemmSplitTest checks every version this way
        try (Scope s = Scope.open()) {
            for (long[] mnk : shapes) {
                Generator g = new Generator(mnk[0] + mnk[1] + mnk[2]);
                Tensor a = Tensor.rand(g, mnk[0], mnk[2]).sub(0.5);
                Tensor b = Tensor.rand(g, mnk[2], mnk[1]).sub(0.5);
                float[] one = withThreads(1, () -> LinearAlgebra.matmul(a, b, gemm).toFloatArray());
                for (int t : new int[] {2, 3, 5}) {
                    float[] many = withThreads(t, () -> LinearAlgebra.matmul(a, b, gemm).toFloatArray());
                    assertTrue(Arrays.equals(one, many), Arrays.toString(mnk) + ": 1 thread vs " + t);
                }
            }
        }
    }

    /**
     * Trains the mlp network (100k weights: the optimizer step is split across threads; batch 64:
     * every gemm is split too) for two epochs of synthetic images; returns the final state dict.
     */
    private static Map<String, float[]> train(long seed, int threads, int prefetch) {
        return withThreads(threads, () -> {
            try (Scope run = Scope.open()) {
                Generator g = new Generator(seed);
                Tensor x = Tensor.rand(g, 512, 28, 28);
                Tensor y = Tensor.randint(g, 0, 10, 512);
                Sequential model = new Sequential(new Flatten(), new Linear(784, 128, true, DType.F32, g), new ReLU(),
                        new Linear(128, 10, true, DType.F32, g));
                Adam opt = new Adam(model.parameters(), 1e-3);
                DataLoader loader = DataLoader.of(Dataset.of(x, y), 64).shuffle(g).prefetch(prefetch);
                for (int epoch = 0; epoch < 2; epoch++) {
                    for (Batches.Batch b : loader) {
                        try (b; Scope step = Scope.open()) {
                            Losses.crossEntropy(model.forward(b.x()), b.y()).backward();
                            opt.step();
                            opt.zeroGrad();
                        }
                    }
                }
                Map<String, float[]> state = new LinkedHashMap<>();
                model.stateDict().forEach((name, t) -> state.put(name, t.toFloatArray()));
                return state;
            }
        });
    }

    private static void assertSameWeights(Map<String, float[]> a, Map<String, float[]> b, String what) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            float[] u = a.get(k);
            float[] v = b.get(k);
            for (int i = 0; i < u.length; i++) {
                if (Float.floatToRawIntBits(u[i]) != Float.floatToRawIntBits(v[i])) {
                    fail(what + ": " + k + "[" + i + "] differs: " + u[i] + " vs " + v[i]);
                }
            }
        }
    }

    @Test
    void seededTrainingIsBitwiseRepeatable() {
        Map<String, float[]> reference = train(5, 2, 0);
        assertSameWeights(reference, train(5, 2, 0), "the same run twice");
        assertSameWeights(reference, train(5, 1, 0), "1 thread instead of 2");
        assertSameWeights(reference, train(5, 3, 2), "3 threads and a prefetching loader");
        Map<String, float[]> other = train(6, 2, 0);
        assertFalse(Arrays.equals(reference.get("1.weight"), other.get("1.weight")), "another seed trains other weights");
    }

    /** Runs `tessera ARGS` in a fresh JVM with extra environment variables; returns its output. Exit 1 (a missed target) is fine. */
    private static String tessera(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.tessera.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "tessera " + String.join(" ", args) + " finished");
        assertTrue(p.exitValue() <= 1, "tessera " + String.join(" ", args) + " exited with " + p.exitValue() + ":\n" + out);
        return out;
    }

    @Test
    void twoProcessesWriteIdenticalWeights() throws Exception {
        Path one = dir.resolve("xor-1-thread.safetensors");
        Path two = dir.resolve("xor-2-threads.safetensors");
        tessera(Map.of("TESSERA_DETERMINISTIC", "1", "TESSERA_NUM_THREADS", "1"), "train", "xor", "--seed", "1", "--quiet", "--save", one.toString());
        tessera(Map.of("TESSERA_DETERMINISTIC", "1", "TESSERA_NUM_THREADS", "2"), "train", "xor", "--seed", "1", "--quiet", "--save", two.toString());
        assertEquals(-1, Files.mismatch(one, two), "byte-identical weight files");
    }

    @Test
    void deterministicModePinsOpenBlas() throws Exception {
        assumeTrue(Datasets.findMnistDigits() != null, "MNIST digits not installed (./tessera data)");
        List<Path> files = new ArrayList<>();
        for (String threads : new String[] {"1", "2"}) {
            Path f = dir.resolve("digits-openblas-" + threads + ".safetensors");
            tessera(Map.of("TESSERA_DETERMINISTIC", "1", "TESSERA_KERNEL_MATMUL", "0", "OPENBLAS_NUM_THREADS", threads),
                    "train", "digits", "--epochs", "1", "--seed", "3", "--quiet", "--save", f.toString());
            files.add(f);
        }
        assertEquals(-1, Files.mismatch(files.get(0), files.get(1)), "OpenBLAS with 1 and 2 threads, pinned to one");
        String info = tessera(Map.of("TESSERA_DETERMINISTIC", "1"), "info", "--json");
        assertTrue(info.contains("\"deterministic\":true"), info);
    }
}
