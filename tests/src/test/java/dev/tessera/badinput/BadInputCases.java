// The op-specific bad inputs: wrong shapes, wrong dtypes, axes out of range (both signs),
// out-of-range indices (found by the kernels), null shapes and NaN arguments. Each case makes its
// inputs, then returns the call that must fail, with the exception type and message fragments
// expected (the op's name is always checked separately).
package dev.tessera.badinput;

import dev.tessera.backend.KernelException;
import dev.tessera.ops.BinaryOp;
import dev.tessera.ops.Elementwise;
import dev.tessera.ops.Indexing;
import dev.tessera.ops.Joining;
import dev.tessera.ops.LinearAlgebra;
import dev.tessera.ops.Losses;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.ops.ReduceOp;
import dev.tessera.ops.Reductions;
import dev.tessera.ops.Views;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.tessera.badinput.Inputs.*;

final class BadInputCases {
    private BadInputCases() {}

    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Class<NullPointerException> NPE = NullPointerException.class;
    private static final Class<IndexOutOfBoundsException> IOOBE = IndexOutOfBoundsException.class;

    /** One bad call of {@code op}: {@code setup} makes the inputs and returns the failing call. */
    record Case(String op, String what, Class<? extends RuntimeException> type, Supplier<Runnable> setup, List<String> fragments) {
        @Override
        public String toString() { return op + ": " + what; }
    }

    private static final List<Case> CASES = new ArrayList<>();

    static void bad(String op, String what, Class<? extends RuntimeException> type, Supplier<Runnable> setup,
                            String... fragments) {
        CASES.add(new Case(op, what, type, setup, List.of(fragments)));
    }

    /** A case with no inputs to prepare. */
    static void bad(String op, String what, Class<? extends RuntimeException> type, Runnable call, String... fragments) {
        bad(op, what, type, () -> call, fragments);
    }

    static List<Case> all() {
        return CASES;
    }

    static {
        unary();
        binary();
        conversions();
        reductions();
        matmul();
        views();
        joins();
        indexing();
        losses();
        creation();
        // convolution
        ConvBadInputs.add();
        // pooling
        PoolNormBadInputs.add(); // and normalisation, embedding
        // normalisation, embedding
        // recurrent
        RecurrentBadInputs.add();
    }

    private static void unary() {
        bad("clamp", "NaN min", IAE, () -> { Tensor x = f32(3); return () -> x.clamp(Double.NaN, 1); }, "NaN");
        bad("clamp", "NaN max", IAE, () -> { Tensor x = f32(3); return () -> x.clamp(0, Double.NaN); }, "NaN");
        bad("clamp", "min > max", IAE, () -> { Tensor x = f32(3); return () -> x.clamp(2, 1); }, "greater than max");
        bad("clamp", "no bounds", IAE, () -> { Tensor x = f32(3); return () -> Elementwise.unary(Elementwise.CLAMP, x); },
                "bounds");
    }

    private static void binary() {
        for (BinaryOp op : Elementwise.BINARY) {
            bad(op.name(), "shapes that don't broadcast", IAE,
                    () -> { Tensor a = f32(2, 3), b = f32(4); return () -> Elementwise.binary(op, a, b); },
                    "[2, 3]", "[4]", "can't broadcast", "dim 1: 3 vs 4");
            bad(op.name(), "batch dims that don't broadcast", IAE,
                    () -> { Tensor a = f32(2, 1, 3), b = f32(5, 4, 1); return () -> Elementwise.binary(op, a, b); },
                    "[2, 1, 3]", "[5, 4, 1]", "dim 0: 2 vs 5");
        }
        for (BinaryOp op : List.of(Elementwise.SUB, Elementwise.POW)) {
            bad(op.name(), "bool tensors", IAE,
                    () -> { Tensor a = bool(2), b = bool(2); return () -> Elementwise.binary(op, a, b); }, "bool");
        }
        bad("add", "i64 scalar too large for an i32 tensor", IAE,
                () -> { Tensor x = Tensor.zeros(DType.I32, 3); return () -> x.add(1L << 40); }, "i32", "overflow");
    }

    private static void conversions() {
        bad("cast", "null dtype", NPE, () -> { Tensor x = f32(2); return () -> x.to(null); }, "dtype");
    }

    private static void reductions() {
        for (ReduceOp op : Reductions.ALL) {
            String n = op.name();
            bad(n, "dim too large", IAE, () -> { Tensor x = f32(2, 3); return () -> Reductions.reduce(op, x, new int[] {2}, false, 1); },
                    "dim 2", "rank 2");
            bad(n, "dim too negative", IAE, () -> { Tensor x = f32(2, 3); return () -> Reductions.reduce(op, x, new int[] {-3}, true, 1); },
                    "dim -3", "rank 2");
            bad(n, "repeated dim", IAE, () -> { Tensor x = f32(2, 3); return () -> Reductions.reduce(op, x, new int[] {1, -1}, false, 1); },
                    "twice");
            if (op.result() == ReduceOp.Result.FLOAT_ONLY) {
                bad(n, "integer input", IAE, () -> { Tensor x = i64(2, 3); return () -> Reductions.reduce(op, x, null, false, 1); },
                        "floating", "[2, 3] i64");
            }
            if (op.result() == ReduceOp.Result.SAME || op.result() == ReduceOp.Result.INDEX) {
                bad(n, "empty dim", IAE, () -> { Tensor x = f32(2, 0); return () -> Reductions.reduce(op, x, new int[] {1}, false, 0); },
                        "empty", "[2, 0]");
            }
        }
        bad("argmax", "dim out of range (argReduce)", IAE,
                () -> { Tensor x = f32(2, 3); return () -> x.argmax(5, false); }, "dim 5");
        bad("norm", "NaN p", IAE, () -> { Tensor x = f32(3); return () -> x.norm(Double.NaN, null, false); }, "NaN");
        bad("norm", "negative p", IAE, () -> { Tensor x = f32(3); return () -> x.norm(-1, null, false); }, "-1");
        bad("var", "negative correction", IAE, () -> { Tensor x = f32(3); return () -> x.var(null, -1, false); }, "correction");
        bad("std", "NaN correction", IAE, () -> { Tensor x = f32(3); return () -> x.std(null, Double.NaN, false); }, "correction");
        for (boolean log : new boolean[] {false, true}) {
            String n = log ? "log_softmax" : "softmax";
            bad(n, "dim too large", IAE, () -> { Tensor x = f32(2, 3); return () -> Reductions.softmax(x, 2, log); }, "dim 2", "rank 2");
            bad(n, "dim too negative", IAE, () -> { Tensor x = f32(2, 3); return () -> Reductions.softmax(x, -3, log); }, "dim -3");
        }
    }

    private static void matmul() {
        bad("matmul", "inner dims differ", IAE, () -> { Tensor a = f32(32, 784), b = f32(128, 10); return () -> a.matmul(b); },
                "shapes [32, 784] and [128, 10] don't match (784 != 128)");
        bad("matmul", "vector lengths differ", IAE, () -> { Tensor a = f32(3), b = f32(4); return () -> a.matmul(b); },
                "[3]", "[4]", "3 != 4");
        bad("matmul", "matrix-vector mismatch", IAE, () -> { Tensor a = f32(2, 3), b = f32(2); return () -> a.matmul(b); },
                "[2, 3]", "[2]", "3 != 2");
        bad("matmul", "batch dims don't broadcast", IAE, () -> { Tensor a = f32(2, 3, 4), b = f32(5, 4, 2); return () -> a.matmul(b); },
                "shapes [2, 3, 4] and [5, 4, 2]", "batch dims [2] and [5]", "broadcast");
        bad("matmul", "integer tensors", IAE, () -> { Tensor a = i64(2, 2), b = i64(2, 2); return () -> a.matmul(b); },
                "f32 or f64", "[2, 2] i64");
        bad("matmul", "bool tensors", IAE, () -> { Tensor a = bool(2, 2), b = bool(2, 2); return () -> a.matmul(b); }, "bool");
        bad("matmul", "0-d argument", IAE, () -> { Tensor a = Tensor.scalar(2), b = f32(2); return () -> a.matmul(b); },
                "at least 1 dimension");
        bad("matmul", "unknown kernel version", IAE,
                () -> { Tensor a = f32(2, 2), b = f32(2, 2); return () -> LinearAlgebra.matmul(a, b, 999); }, "version 999");
    }

    private static void views() {
        bad("reshape", "wrong element count", IAE, () -> { Tensor x = f32(2, 3); return () -> x.reshape(4); },
                "[4]", "[2, 3] f32", "6 elements");
        bad("reshape", "-1 that can't be inferred", IAE, () -> { Tensor x = f32(2, 3); return () -> x.reshape(4, -1); }, "[4, -1]");
        bad("reshape", "two -1", IAE, () -> { Tensor x = f32(2, 3); return () -> x.reshape(-1, -1); }, "only one");
        bad("reshape", "negative size", IAE, () -> { Tensor x = f32(2, 3); return () -> x.reshape(-2, -3); }, "-2");
        bad("reshape", "null shape", NPE, () -> { Tensor x = f32(2, 3); return () -> x.reshape((long[]) null); }, "shape");
        bad("view", "non-viewable strides", IAE, () -> { Tensor x = f32(2, 3).t(); return () -> x.view(6); },
                "[3, 2] f32", "strides [1, 3]", "[6]", "reshape");
        bad("view", "wrong element count", IAE, () -> { Tensor x = f32(2, 3); return () -> x.view(7); }, "[7]", "6 elements");
        bad("view", "null shape", NPE, () -> { Tensor x = f32(2, 3); return () -> x.view((long[]) null); }, "shape");
        bad("permute", "too few dims", IAE, () -> { Tensor x = f32(2, 3, 4); return () -> x.permute(1, 0); }, "[1, 0]", "rank 3");
        bad("permute", "repeated dim", IAE, () -> { Tensor x = f32(2, 3); return () -> x.permute(1, -1); }, "repeated");
        bad("permute", "dim out of range", IAE, () -> { Tensor x = f32(2, 3); return () -> x.permute(0, 2); }, "dim 2");
        bad("permute", "null dims", NPE, () -> { Tensor x = f32(2, 3); return () -> x.permute((int[]) null); }, "dims");
        bad("transpose", "dim too large", IAE, () -> { Tensor x = f32(2, 3); return () -> x.transpose(0, 2); }, "dim 2", "rank 2");
        bad("transpose", "dim too negative", IAE, () -> { Tensor x = f32(2, 3); return () -> x.transpose(-3, 0); }, "dim -3");
        bad("t", "3-D tensor", IAE, () -> { Tensor x = f32(2, 3, 4); return x::t; }, "[2, 3, 4]");
        bad("slice", "zero step", IAE, () -> { Tensor x = f32(5); return () -> x.slice(0, 0, 5, 0); }, "step");
        bad("slice", "negative step", IAE, () -> { Tensor x = f32(5); return () -> x.slice(0, 5, 0, -1); }, "step", "-1");
        bad("slice", "dim too large", IAE, () -> { Tensor x = f32(5); return () -> x.slice(1, 0, 1); }, "dim 1", "rank 1");
        bad("slice", "dim too negative", IAE, () -> { Tensor x = f32(5); return () -> x.slice(-2, 0, 1); }, "dim -2");
        bad("slice", "0-d tensor", IAE, () -> { Tensor x = Tensor.scalar(1); return () -> x.slice(0, 0, 1); }, "0-d");
        bad("select", "index too large", IOOBE, () -> { Tensor x = f32(2, 3); return () -> x.select(1, 3); },
                "index 3", "size 3", "[2, 3] f32");
        bad("select", "index too negative", IOOBE, () -> { Tensor x = f32(2, 3); return () -> x.select(0, -3); }, "index -3", "size 2");
        bad("select", "dim out of range", IAE, () -> { Tensor x = f32(2, 3); return () -> x.select(2, 0); }, "dim 2");
        bad("select", "0-d tensor", IAE, () -> { Tensor x = Tensor.scalar(1); return () -> x.select(0, 0); }, "0-d");
        bad("expand", "non-1 dim", IAE, () -> { Tensor x = f32(2, 3); return () -> x.expand(4, 3); },
                "[2, 3] f32", "[4, 3]", "dim 0");
        bad("expand", "fewer dims", IAE, () -> { Tensor x = f32(2, 3); return () -> x.expand(3); }, "fewer dims");
        bad("expand", "negative size", IAE, () -> { Tensor x = f32(1, 3); return () -> x.expand(-2, 3); }, "-2");
        bad("expand", "null shape", NPE, () -> { Tensor x = f32(2, 3); return () -> x.expand((long[]) null); }, "shape");
        bad("squeeze", "dim too large", IAE, () -> { Tensor x = f32(1, 3); return () -> x.squeeze(2); }, "dim 2");
        bad("squeeze", "dim too negative", IAE, () -> { Tensor x = f32(1, 3); return () -> x.squeeze(-3); }, "dim -3");
        bad("unsqueeze", "dim too large", IAE, () -> { Tensor x = f32(2, 3); return () -> x.unsqueeze(3); }, "dim 3", "-3..2");
        bad("unsqueeze", "dim too negative", IAE, () -> { Tensor x = f32(2, 3); return () -> x.unsqueeze(-4); }, "dim -4");
        bad("flatten", "start after end", IAE, () -> { Tensor x = f32(2, 3, 4); return () -> x.flatten(2, 1); }, "start", "end");
        bad("flatten", "dim out of range", IAE, () -> { Tensor x = f32(2, 3); return () -> x.flatten(0, 2); }, "dim 2");
        bad("split", "zero size", IAE, () -> { Tensor x = f32(4); return () -> x.split(0, 0); }, "positive");
        bad("split", "dim out of range", IAE, () -> { Tensor x = f32(4); return () -> x.split(2, -2); }, "dim -2");
        bad("split", "0-d tensor", IAE, () -> { Tensor x = Tensor.scalar(1); return () -> x.split(1, 0); }, "0-d");
        bad("chunk", "zero chunks", IAE, () -> { Tensor x = f32(4); return () -> x.chunk(0, 0); }, "positive");
        bad("chunk", "dim out of range", IAE, () -> { Tensor x = f32(4); return () -> x.chunk(2, 1); }, "dim 1");
        bad("chunk", "0-d tensor", IAE, () -> { Tensor x = Tensor.scalar(1); return () -> x.chunk(1, 0); }, "0-d");
    }

    private static void joins() {
        bad("cat", "shapes differ off the cat dim", IAE, () -> { Tensor a = f32(2, 3), b = f32(2, 4); return () -> Tensor.cat(0, a, b); },
                "tensor 1", "[2, 4]", "[2, 3]", "dim 0");
        bad("cat", "ranks differ", IAE, () -> { Tensor a = f32(2, 3), b = f32(3); return () -> Tensor.cat(0, a, b); }, "[3]", "[2, 3]");
        bad("cat", "dim too large", IAE, () -> { Tensor a = f32(2, 3), b = f32(2, 3); return () -> Tensor.cat(2, a, b); }, "dim 2");
        bad("cat", "dim too negative", IAE, () -> { Tensor a = f32(2, 3), b = f32(2, 3); return () -> Tensor.cat(-3, a, b); }, "dim -3");
        bad("cat", "no tensors", IAE, () -> Joining.cat(0), "at least one");
        bad("cat", "null array", NPE, () -> Joining.cat(0, (Tensor[]) null), "tensors");
        bad("cat", "0-d tensors", IAE, () -> { Tensor a = Tensor.scalar(1), b = Tensor.scalar(2); return () -> Tensor.cat(0, a, b); },
                "0-d", "stack");
        bad("stack", "shapes differ", IAE, () -> { Tensor a = f32(2, 3), b = f32(3, 2); return () -> Tensor.stack(0, a, b); },
                "tensor 1", "[3, 2]", "[2, 3]");
        bad("stack", "dim too large", IAE, () -> { Tensor a = f32(2, 3), b = f32(2, 3); return () -> Tensor.stack(3, a, b); },
                "dim 3", "-3..2");
        bad("stack", "dim too negative", IAE, () -> { Tensor a = f32(2), b = f32(2); return () -> Tensor.stack(-3, a, b); }, "dim -3");
        bad("stack", "no tensors", IAE, () -> Joining.stack(0), "at least one");
    }

    private static void indexing() {
        // gather and scatter share their checks; index values are checked by the kernel.
        bad("gather", "float index", IAE, () -> { Tensor x = f32(2, 3), i = f32(2, 2); return () -> x.gather(1, i); },
                "index must be i64 or i32", "[2, 2] f32");
        bad("gather", "bool index", IAE, () -> { Tensor x = f32(2, 3), i = bool(2, 2); return () -> x.gather(1, i); }, "bool");
        bad("gather", "index rank differs", IAE, () -> { Tensor x = f32(2, 3), i = i64(2); return () -> x.gather(1, i); },
                "same rank", "[2] i64", "[2, 3] f32");
        bad("gather", "index larger off dim", IAE, () -> { Tensor x = f32(2, 3), i = i64(3, 1); return () -> x.gather(1, i); },
                "larger", "dim 0");
        bad("gather", "dim out of range", IAE, () -> { Tensor x = f32(2, 3), i = i64(2, 2); return () -> x.gather(-3, i); }, "dim -3");
        bad("gather", "index too large", KernelException.class,
                () -> { Tensor x = f32(2, 3), i = index(new long[] {0, 1, 3, 0}, 2, 2); return () -> x.gather(1, i); },
                "index 3", "out of range", "size 3");
        bad("gather", "index too negative", KernelException.class,
                () -> { Tensor x = f32(2, 3), i = index(new long[] {0, -4, 0, 0}, 2, 2); return () -> x.gather(1, i); },
                "index -4", "out of range");
        bad("gather", "huge i32 index", KernelException.class,
                () -> { Tensor x = f32(2, 3), i = index(new long[] {Integer.MAX_VALUE, 0}, 2, 1).to(DType.I32); return () -> x.gather(0, i); },
                "out of range");
        bad("scatter", "float index", IAE, () -> { Tensor x = f32(2, 3), i = f32(2, 2), s = f32(2, 2); return () -> x.scatter(1, i, s); },
                "index must be i64 or i32");
        bad("scatter", "src rank differs", IAE, () -> { Tensor x = f32(2, 3), i = i64(2, 2), s = f32(4); return () -> x.scatter(1, i, s); },
                "src", "[4]", "same rank");
        bad("scatter", "index larger than src", IAE,
                () -> { Tensor x = f32(2, 3), i = i64(2, 2), s = f32(2, 1); return () -> x.scatter(1, i, s); }, "larger", "src");
        bad("scatter", "dim out of range", IAE, () -> { Tensor x = f32(2, 3), i = i64(2, 2), s = f32(2, 2); return () -> x.scatter(2, i, s); },
                "dim 2");
        bad("scatter", "index too large", KernelException.class,
                () -> { Tensor x = f32(2, 3), i = index(new long[] {0, 5, 1, 2}, 2, 2), s = f32(2, 2); return () -> x.scatter(1, i, s); },
                "index 5", "out of range");
        bad("scatter", "index too negative", KernelException.class,
                () -> { Tensor x = f32(2, 3), i = index(new long[] {-9, 0, 1, 2}, 2, 2), s = f32(2, 2); return () -> x.scatter(1, i, s); },
                "index -9", "out of range");
        bad("index_select", "2-D index", IAE, () -> { Tensor x = f32(2, 3), i = i64(1, 2); return () -> x.indexSelect(1, i); },
                "1-D", "[1, 2] i64");
        bad("index_select", "float index", IAE, () -> { Tensor x = f32(2, 3), i = f32(2); return () -> x.indexSelect(1, i); },
                "i64 or i32");
        bad("index_select", "dim too large", IAE, () -> { Tensor x = f32(2, 3), i = i64(2); return () -> x.indexSelect(2, i); }, "dim 2");
        bad("index_select", "dim too negative", IAE, () -> { Tensor x = f32(2, 3), i = i64(2); return () -> x.indexSelect(-3, i); },
                "dim -3");
        bad("index_select", "index too large", KernelException.class,
                () -> { Tensor x = f32(2, 3), i = Tensor.of(0L, 3L); return () -> x.indexSelect(1, i); }, "index 3", "out of range", "size 3");
        bad("index_select", "index too negative", KernelException.class,
                () -> { Tensor x = f32(2, 3), i = Tensor.of(-3L); return () -> x.indexSelect(0, i); }, "index -3", "out of range");
        bad("index_select", "0-d input with two indices", IAE,
                () -> { Tensor x = Tensor.scalar(1), i = Tensor.of(0L, 0L); return () -> x.indexSelect(0, i); }, "0-d");
        bad("scatter_add", "float index", IAE,
                () -> { Tensor x = f32(2, 3), i = f32(2, 2), s = f32(2, 2); return () -> Indexing.scatterAdd(x, 1, i, s); },
                "index must be i64 or i32", "[2, 2] f32");
        bad("scatter_add", "index rank differs", IAE,
                () -> { Tensor x = f32(2, 3), i = i64(2), s = f32(2); return () -> Indexing.scatterAdd(x, 1, i, s); }, "same rank", "[2] i64");
        bad("scatter_add", "index larger off dim", IAE,
                () -> { Tensor x = f32(2, 3), i = i64(3, 1), s = f32(3, 1); return () -> Indexing.scatterAdd(x, 1, i, s); }, "larger", "dim 0");
        bad("scatter_add", "src rank differs", IAE,
                () -> { Tensor x = f32(2, 3), i = i64(2, 2), s = f32(4); return () -> Indexing.scatterAdd(x, 1, i, s); }, "src", "[4]", "same rank");
        bad("scatter_add", "index larger than src", IAE,
                () -> { Tensor x = f32(2, 3), i = i64(2, 2), s = f32(2, 1); return () -> Indexing.scatterAdd(x, 1, i, s); }, "larger", "src");
        bad("scatter_add", "dim too large", IAE,
                () -> { Tensor x = f32(2, 3), i = i64(2, 2), s = f32(2, 2); return () -> Indexing.scatterAdd(x, 2, i, s); }, "dim 2");
        bad("scatter_add", "dim too negative", IAE,
                () -> { Tensor x = f32(2, 3), i = i64(2, 2), s = f32(2, 2); return () -> Indexing.scatterAdd(x, -3, i, s); }, "dim -3");
        bad("scatter_add", "index too large", KernelException.class,
                () -> { Tensor x = f32(2, 3), i = index(new long[] {0, 3, 1, 1}, 2, 2), s = f32(2, 2); return () -> Indexing.scatterAdd(x, 1, i, s); },
                "index 3", "out of range", "size 3");
        bad("scatter_add", "index too negative", KernelException.class,
                () -> { Tensor x = f32(2, 3), i = index(new long[] {0, 0, -4, 1}, 2, 2), s = f32(2, 2); return () -> Indexing.scatterAdd(x, 1, i, s); },
                "index -4", "out of range");
        bad("scatter_add", "0-d input, index 1", KernelException.class,
                () -> { Tensor x = Tensor.scalar(1), i = Tensor.scalar(DType.I64, 1), s = Tensor.scalar(2); return () -> Indexing.scatterAdd(x, 0, i, s); },
                "index 1", "out of range");
        bad("index_add", "2-D index", IAE,
                () -> { Tensor x = f32(2, 3), i = i64(1, 2), s = f32(2, 2); return () -> Indexing.indexAdd(x, 1, i, s); }, "1-D", "[1, 2] i64");
        bad("index_add", "float index", IAE,
                () -> { Tensor x = f32(2, 3), i = f32(2), s = f32(2, 2); return () -> Indexing.indexAdd(x, 1, i, s); }, "i64 or i32", "[2] f32");
        bad("index_add", "source rank differs", IAE,
                () -> { Tensor x = f32(2, 3), i = i64(2), s = f32(2); return () -> Indexing.indexAdd(x, 1, i, s); }, "source", "[2] f32", "same rank");
        bad("index_add", "source differs off dim", IAE,
                () -> { Tensor x = f32(2, 3), i = i64(2), s = f32(3, 2); return () -> Indexing.indexAdd(x, 1, i, s); },
                "source [3, 2] f32", "dim 0", "3 vs 2");
        bad("index_add", "index length != source size", IAE,
                () -> { Tensor x = f32(2, 3), i = i64(3), s = f32(2, 2); return () -> Indexing.indexAdd(x, 1, i, s); },
                "3 entries", "2 along dim 1");
        bad("index_add", "dim too large", IAE,
                () -> { Tensor x = f32(2, 3), i = i64(2), s = f32(2, 2); return () -> Indexing.indexAdd(x, 2, i, s); }, "dim 2");
        bad("index_add", "dim too negative", IAE,
                () -> { Tensor x = f32(2, 3), i = i64(2), s = f32(2, 2); return () -> Indexing.indexAdd(x, -3, i, s); }, "dim -3");
        bad("index_add", "index too large", KernelException.class,
                () -> { Tensor x = f32(2, 3), i = Tensor.of(0L, 3L), s = f32(2, 2); return () -> Indexing.indexAdd(x, 1, i, s); },
                "index 3", "out of range", "size 3");
        bad("index_add", "index too negative", KernelException.class,
                () -> { Tensor x = f32(2, 3), i = Tensor.of(-3L, 0L), s = f32(2, 3); return () -> Indexing.indexAdd(x, 0, i, s); },
                "index -3", "out of range", "size 2");
        bad("masked_fill", "NaN into an i32 tensor", IAE,
                () -> { Tensor x = Tensor.zeros(DType.I32, 2, 3), m = bool(2, 3); return () -> x.maskedFill(m, Double.NaN); },
                "NaN", "i32", "overflow");
        bad("masked_fill", "300 into a u8 tensor", IAE,
                () -> { Tensor x = Tensor.zeros(DType.U8, 2), m = bool(2); return () -> x.maskedFill(m, 300); }, "300", "u8");
        bad("masked_fill", "float mask", IAE, () -> { Tensor x = f32(2, 3), m = f32(2, 3); return () -> x.maskedFill(m, 0); },
                "mask must be bool", "[2, 3] f32");
        bad("masked_fill", "u8 mask", IAE,
                () -> { Tensor x = f32(2, 3), m = Tensor.ones(DType.U8, 2, 3); return () -> x.maskedFill(m, 0); }, "u8");
        bad("masked_fill", "mask enlarges the input", IAE, () -> { Tensor x = f32(3), m = bool(2, 3); return () -> x.maskedFill(m, 0); },
                "[2, 3]", "broadcast");
        bad("masked_fill", "mask doesn't broadcast", IAE, () -> { Tensor x = f32(2, 3), m = bool(2); return () -> x.maskedFill(m, 0); },
                "[2, 3]", "[2]", "can't broadcast");
        bad("where", "condition not bool", IAE,
                () -> { Tensor c = f32(2, 3), a = f32(2, 3), b = f32(2, 3); return () -> Tensor.where(c, a, b); }, "condition", "bool");
        bad("where", "inputs don't broadcast", IAE,
                () -> { Tensor c = bool(2, 3), a = f32(2, 3), b = f32(4, 3); return () -> Tensor.where(c, a, b); },
                "[2, 3]", "[4, 3]", "can't broadcast");
        bad("where", "condition doesn't broadcast", IAE,
                () -> { Tensor c = bool(5), a = f32(2, 3), b = f32(2, 3); return () -> Tensor.where(c, a, b); }, "[5]", "can't broadcast");
    }

    /** A call of one of the two-tensor losses (input, target) with the given reduction. */
    private interface PairLoss {
        Tensor apply(Tensor input, Tensor target, Reduction r);
    }

    private static void losses() {
        java.util.Map<String, PairLoss> pairs = new java.util.LinkedHashMap<>();
        pairs.put("mse_loss", Losses::mseLoss);
        pairs.put("l1_loss", Losses::l1Loss);
        pairs.put("huber_loss", (x, y, r) -> Losses.huberLoss(x, y, 1.0, r));
        pairs.put("smooth_l1_loss", (x, y, r) -> Losses.smoothL1Loss(x, y, 1.0, r));
        pairs.put("binary_cross_entropy", Losses::binaryCrossEntropy);
        pairs.put("binary_cross_entropy_with_logits", (x, y, r) -> Losses.binaryCrossEntropyWithLogits(x, y, null, r));
        pairs.put("kl_div", (x, y, r) -> Losses.klDiv(x, y, false, r));
        pairs.forEach((n, f) -> {
            bad(n, "shapes differ", IAE, () -> { Tensor x = f32(2, 3), y = f32(3, 2); return () -> f.apply(x, y, Reduction.MEAN); },
                    "input [2, 3] f32", "target [3, 2] f32", "same shape");
            bad(n, "target broadcasts but differs", IAE, () -> { Tensor x = f32(2, 3), y = f32(3); return () -> f.apply(x, y, Reduction.SUM); },
                    "[2, 3]", "[3]", "same shape");
            bad(n, "integer input", IAE, () -> { Tensor x = i64(2, 3), y = f32(2, 3); return () -> f.apply(x, y, Reduction.MEAN); },
                    "input", "floating", "[2, 3] i64");
            bad(n, "integer target", IAE, () -> { Tensor x = f32(2, 3), y = i64(2, 3); return () -> f.apply(x, y, Reduction.MEAN); },
                    "target", "floating", "[2, 3] i64");
            bad(n, "bool target", IAE, () -> { Tensor x = f32(2), y = bool(2); return () -> f.apply(x, y, Reduction.NONE); }, "bool");
            bad(n, "null reduction", NPE, () -> { Tensor x = f32(2), y = f32(2); return () -> f.apply(x, y, null); }, "reduction");
            if (!n.equals("kl_div")) {
                bad(n, "batchmean", IAE, () -> { Tensor x = f32(2), y = f32(2); return () -> f.apply(x, y, Reduction.BATCHMEAN); },
                        "BATCHMEAN", "kl_div");
            }
        });
        for (double delta : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            bad("huber_loss", "delta " + delta, IAE, () -> { Tensor x = f32(2), y = f32(2); return () -> Losses.huberLoss(x, y, delta, Reduction.MEAN); },
                    "delta", String.valueOf(delta));
        }
        for (double beta : new double[] {-0.5, Double.NaN}) {
            bad("smooth_l1_loss", "beta " + beta, IAE,
                    () -> { Tensor x = f32(2), y = f32(2); return () -> Losses.smoothL1Loss(x, y, beta, Reduction.MEAN); }, "beta");
        }
        bad("binary_cross_entropy", "probability above 1", KernelException.class,
                () -> { Tensor x = Tensor.of(0.5f, 1.5f), y = f32(2); return () -> Losses.binaryCrossEntropy(x, y); },
                "1.5", "element 1", "[0, 1]");
        bad("binary_cross_entropy", "negative probability", KernelException.class,
                () -> { Tensor x = Tensor.of(-0.25, 0.5), y = Tensor.of(1.0, 0.0); return () -> Losses.binaryCrossEntropy(x, y); },
                "-0.25", "element 0");
        bad("binary_cross_entropy", "NaN probability, non-contiguous", KernelException.class,
                () -> { Tensor x = Tensor.of(0.5f, Float.NaN, 0.5f, 0.5f).reshape(2, 2).t(), y = f32(2, 2);
                    return () -> Losses.binaryCrossEntropy(x, y, Reduction.NONE); }, "nan", "[0, 1]");
        bad("binary_cross_entropy_with_logits", "pos_weight of the wrong size", IAE,
                () -> { Tensor x = f32(2, 3), y = f32(2, 3), p = f32(2); return () -> Losses.binaryCrossEntropyWithLogits(x, y, p, Reduction.MEAN); },
                "pos_weight [2] f32", "last dim (3)");
        bad("binary_cross_entropy_with_logits", "2-D pos_weight", IAE,
                () -> { Tensor x = f32(2, 3), y = f32(2, 3), p = f32(1, 3); return () -> Losses.binaryCrossEntropyWithLogits(x, y, p, Reduction.MEAN); },
                "pos_weight [1, 3]", "1-D");
        bad("binary_cross_entropy_with_logits", "integer pos_weight", IAE,
                () -> { Tensor x = f32(2, 3), y = f32(2, 3), p = i64(3); return () -> Losses.binaryCrossEntropyWithLogits(x, y, p, Reduction.MEAN); },
                "pos_weight", "floating");
        bad("binary_cross_entropy_with_logits", "pos_weight on another device", IAE,
                () -> { Tensor x = f32(2, 3), y = f32(2, 3), p = onFakeCuda(f32(3)); return () -> Losses.binaryCrossEntropyWithLogits(x, y, p, Reduction.MEAN); },
                "different devices", "cuda:0");
        bad("binary_cross_entropy_with_logits", "closed pos_weight", IllegalStateException.class,
                () -> { Tensor x = f32(2, 3), y = f32(2, 3), p = closed(f32(3)); return () -> Losses.binaryCrossEntropyWithLogits(x, y, p, Reduction.MEAN); },
                "closed");
        bad("kl_div", "null reduction (log target)", NPE,
                () -> { Tensor x = f32(2), y = f32(2); return () -> Losses.klDiv(x, y, true, null); }, "reduction");

        for (String n : new String[] {"cross_entropy", "nll_loss"}) {
            boolean ce = n.equals("cross_entropy");
            String what = ce ? "logits" : "input";
            ClassLoss f = (x, l, w, r) -> ce ? Losses.crossEntropy(x, l, w, 0, -100, r) : Losses.nllLoss(x, l, w, -100, r);
            bad(n, "batch sizes differ", IAE, () -> { Tensor x = f32(32, 10), l = i64(31); return () -> f.apply(x, l, null, Reduction.MEAN); },
                    what + " [32, 10] and labels [31] don't match (32 != 31)");
            bad(n, "spatial sizes differ", IAE, () -> { Tensor x = f32(2, 4, 5), l = i64(2, 6); return () -> f.apply(x, l, null, Reduction.MEAN); },
                    "[2, 4, 5]", "[2, 6]", "(5 != 6)");
            bad(n, "labels of the wrong rank", IAE, () -> { Tensor x = f32(2, 3), l = i64(2, 1); return () -> f.apply(x, l, null, Reduction.MEAN); },
                    "labels [2, 1] i64", "must have shape [2]", "class dim 1");
            bad(n, "one-hot float labels", IAE, () -> { Tensor x = f32(2, 3), l = f32(2, 3); return () -> f.apply(x, l, null, Reduction.MEAN); },
                    "labels must be i64 or i32", "[2, 3] f32");
            bad(n, "u8 labels", IAE, () -> { Tensor x = f32(2, 3), l = Tensor.zeros(DType.U8, 2); return () -> f.apply(x, l, null, Reduction.SUM); },
                    "i64 or i32", "u8");
            bad(n, "integer " + what, IAE, () -> { Tensor x = i64(2, 3), l = i64(2); return () -> f.apply(x, l, null, Reduction.MEAN); },
                    what, "floating", "[2, 3] i64");
            bad(n, "0-d " + what, IAE, () -> { Tensor x = Tensor.scalar(1), l = i64(); return () -> f.apply(x, l, null, Reduction.MEAN); },
                    "class dim");
            bad(n, "label too large", KernelException.class,
                    () -> { Tensor x = f32(3, 4), l = Tensor.of(0L, 4L, 1L); return () -> f.apply(x, l, null, Reduction.MEAN); },
                    "label 4", "sample 1", "4 classes");
            bad(n, "negative label (not ignore_index)", KernelException.class,
                    () -> { Tensor x = f32(3, 4), l = Tensor.of(0L, 1L, -1L).to(DType.I32); return () -> f.apply(x, l, null, Reduction.NONE); },
                    "label -1", "sample 2");
            bad(n, "label too large in a [N, C, d] input", KernelException.class,
                    () -> { Tensor x = f32(2, 3, 2), l = index(new long[] {0, 1, 2, 3}, 2, 2); return () -> f.apply(x, l, null, Reduction.MEAN); },
                    "label 3", "3 classes");
            bad(n, "weight of the wrong size", IAE, () -> { Tensor x = f32(2, 3), l = i64(2), w = f32(4); return () -> f.apply(x, l, w, Reduction.MEAN); },
                    "weight [4] f32", "one entry per class (3)");
            bad(n, "integer weight", IAE, () -> { Tensor x = f32(2, 3), l = i64(2), w = i64(3); return () -> f.apply(x, l, w, Reduction.MEAN); },
                    "weight", "floating");
            bad(n, "weight on another device", IAE,
                    () -> { Tensor x = f32(2, 3), l = i64(2), w = onFakeCuda(f32(3)); return () -> f.apply(x, l, w, Reduction.MEAN); },
                    "different devices", "cuda:0");
            bad(n, "closed weight", IllegalStateException.class,
                    () -> { Tensor x = f32(2, 3), l = i64(2), w = closed(f32(3)); return () -> f.apply(x, l, w, Reduction.MEAN); }, "closed");
            bad(n, "batchmean", IAE, () -> { Tensor x = f32(2, 3), l = i64(2); return () -> f.apply(x, l, null, Reduction.BATCHMEAN); },
                    "BATCHMEAN");
            bad(n, "null reduction", NPE, () -> { Tensor x = f32(2, 3), l = i64(2); return () -> f.apply(x, l, null, null); }, "reduction");
        }
        for (double eps : new double[] {-0.1, 1.5, Double.NaN}) {
            bad("cross_entropy", "label smoothing " + eps, IAE,
                    () -> { Tensor x = f32(2, 3), l = i64(2); return () -> Losses.crossEntropy(x, l, null, eps, -100, Reduction.MEAN); },
                    "label smoothing", "[0, 1]");
        }
    }

    private interface ClassLoss {
        Tensor apply(Tensor x, Tensor labels, Tensor weight, Reduction r);
    }

    /** Creation functions are not ops of the table, but they take user input too. */
    private static void creation() {
        bad("empty", "overflowing shape", IAE, () -> Tensor.zeros(Long.MAX_VALUE, 4), "too many elements");
        bad("empty", "negative dim", IAE, () -> Tensor.zeros(3, -1), "negative", "[3, -1]");
        bad("arange", "zero step", IAE, () -> Tensor.arange(0, 3, 0), "step");
        bad("arange", "NaN end", IAE, () -> Tensor.arange(0, Double.NaN, 1), "finite");
        bad("arange", "infinite end", IAE, () -> Tensor.arange(0, Double.POSITIVE_INFINITY, 1), "finite");
        bad("linspace", "negative steps", IAE, () -> Tensor.linspace(0, 1, -2), "steps");
        bad("fromArray", "ragged", IAE, () -> Tensor.fromArray(new long[][] {{1, 2, 3}, {4}}), "ragged");
        bad("fromArray", "null", NPE, () -> Tensor.fromArray(null), "null");
    }
}
