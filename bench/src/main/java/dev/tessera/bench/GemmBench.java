// GemmBench: matmul (C = A·B, FP32, row-major) as the library calls it — a.matmul(b) in a scope,
// result allocated from the pool and freed — for OpenBLAS (version 0) and the default native version
// (Kernels.MATMUL.defaultVersion(): v5 "tuned" on an AVX-512 CPU), on 1 and 2 pool threads (OpenBLAS
// is given the same count), on square sizes and the training shapes of the examples (MxNxK: the
// mlp's forward product and its two backward products, a conv im2col product). One JVM fork per
// combination, so the two libraries' threads never interleave. GFLOP/s = 2·M·N·K / time.
// The quick ladder of every version is `./tessera bench gemm`; this is where rigorous figures come from.
// Run: ./tessera bench GemmBench   (bench/results/gemm-jmh.md has the figures and how they were taken)
package dev.tessera.bench;

import dev.tessera.backend.cpu.NativeThreads;
import dev.tessera.kernels.Kernels;
import dev.tessera.memory.Scope;
import dev.tessera.ops.LinearAlgebra;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class GemmBench {
    /** A square size N (N x N x N) or MxNxK. */
    @Param({"1024", "2048", "32x128x784", "784x128x32", "32x784x128", "64x64x1152"})
    public String shape;

    /** "0" (OpenBLAS) or "default" (the version matmul uses by default on this CPU). */
    @Param({"0", "default"})
    public String version;

    /** Pool threads (OpenBLAS runs on the same count). */
    @Param({"1", "2"})
    public int threads;

    Tensor a;
    Tensor b;
    int gemm;
    int poolBefore;

    @Setup(Level.Trial)
    public void setup() {
        String[] p = shape.split("x");
        long m = Long.parseLong(p[0]), n = p.length == 3 ? Long.parseLong(p[1]) : m, k = p.length == 3 ? Long.parseLong(p[2]) : m;
        gemm = version.equals("default") ? Kernels.MATMUL.defaultVersion().number() : Integer.parseInt(version);
        poolBefore = NativeThreads.count();
        NativeThreads.set(threads);
        Generator g = new Generator(m * 31 + n * 7 + k);
        a = Tensor.rand(g, m, k); // outside any scope: they live for the whole trial, closed in tearDown
        b = Tensor.rand(g, k, n);
        for (int i = 0; i < 3; i++) matmul();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        NativeThreads.set(poolBefore);
    }

    @Benchmark
    public void matmul() {
        try (Scope s = Scope.open()) {
            LinearAlgebra.matmul(a, b, gemm);
        }
    }
}
