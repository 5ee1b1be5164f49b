// OpOverheadBench: what one tiny op costs from Java, end to end — validation, shape inference,
// result allocation from the CPU pool, the JNI call, and freeing the result back to the pool.
// The target is <= 300 ns per a.add(b) on two 1-element F32 tensors. The variants separate the
// parts: how the result's lifetime is managed (no scope = Cleaner registration, a long-lived
// scope, a scope per op, a scope per batch of 100 ops), the bare allocate/free of a tensor, and
// the bare JNI call with raw addresses. A 1000-element add gives the scale of real work.
// Run: ./tessera bench overhead   (bench/README.md has the figures and how they were taken)
package dev.tessera.bench;

import dev.tessera.bridge.TesseraNative;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// --enable-native-access: needed quiet on JDK 22+, accepted by JDK 17-21 (checked on 17.0.15).
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class OpOverheadBench {
    /** Size of the batch in {@link #add1_scopePerBatch}. */
    static final int BATCH = 100;

    Tensor a1;
    Tensor b1;
    Tensor a1000;
    Tensor b1000;
    long pa;
    long pb;
    long pc;
    Tensor c1;

    @Setup(Level.Trial)
    public void setup() {
        // Created outside any scope: they live for the whole trial and are closed in tearDown.
        a1 = Tensor.of(1f);
        b1 = Tensor.of(2f);
        c1 = Tensor.empty(DType.F32, 1);
        a1000 = Tensor.ones(1000);
        b1000 = Tensor.ones(1000);
        pa = a1.address("bench");
        pb = b1.address("bench");
        pc = c1.address("bench");
        // Warm the pool so every measured allocation is a pool hit.
        for (int i = 0; i < 1000; i++) a1.add(b1).close();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a1.close();
        b1.close();
        c1.close();
        a1000.close();
        b1000.close();
    }

    /** A scope that stays open for a whole measurement iteration, as a training loop's outer scope would. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class OpenScope {
        Scope scope;

        @Setup(Level.Iteration)
        public void open() { scope = Scope.open(); }

        @TearDown(Level.Iteration)
        public void close() { scope.close(); }
    }

    /** a.add(b) with no scope open: the result is registered with the Cleaner backstop, then closed. */
    @Benchmark
    public Tensor add1_noScope() {
        Tensor c = a1.add(b1);
        c.close();
        return c;
    }

    /** a.add(b) inside a long-lived scope: the result is added to and removed from the scope's array. */
    @Benchmark
    public Tensor add1_inScope(OpenScope s) {
        Tensor c = a1.add(b1);
        c.close();
        return c;
    }

    /** A scope opened and closed around every single op: the result is freed by the scope. */
    @Benchmark
    public Tensor add1_scopePerOp() {
        Tensor c;
        try (Scope s = Scope.open()) {
            c = a1.add(b1);
        }
        return c;
    }

    /** One scope per 100 ops: results pile up in the scope and are freed together when it closes. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void add1_scopePerBatch(Blackhole bh) {
        try (Scope s = Scope.open()) {
            for (int i = 0; i < BATCH; i++) bh.consume(a1.add(b1));
        }
    }

    /** Context: a 1000-element add (4 KB per operand) in a long-lived scope. */
    @Benchmark
    public Tensor add1000_inScope(OpenScope s) {
        Tensor c = a1000.add(b1000);
        c.close();
        return c;
    }

    /** Part of the cost: an empty 1-element tensor from the pool and back, in a long-lived scope. */
    @Benchmark
    public Tensor part_allocFree(OpenScope s) {
        Tensor c = Tensor.empty(DType.F32, 1);
        c.close();
        return c;
    }

    /** Part of the cost: the bare JNI call of the contiguous f32 add kernel on raw addresses. */
    @Benchmark
    public int part_jniAddKernel() {
        return TesseraNative.ts_binary_contig(0, 0, 1, pa, pb, pc);
    }
}
