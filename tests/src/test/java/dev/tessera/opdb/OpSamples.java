// OpSamples: the op database. For every op of OpRegistry one entry: sample inputs (plain,
// broadcasting both ways, non-contiguous, size-1, empty, 0-d, every supported dtype), attribute
// variants, how to call the op and the float64 reference (Ref) it must match. The generic tests
// (OpDatabaseTest, StridedPathsTest, OpCoverageTest) iterate all(); adding an op = one entry here.
package dev.tessera.opdb;

import dev.tessera.opdb.Entry.When;
import dev.tessera.opdb.Sample.In;
import dev.tessera.opdb.Sample.Values;
import dev.tessera.ops.BinaryOp;
import dev.tessera.ops.Elementwise;
import dev.tessera.ops.Indexing;
import dev.tessera.ops.Joining;
import dev.tessera.ops.LinearAlgebra;
import dev.tessera.ops.Losses;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.ops.Op;
import dev.tessera.ops.ReduceOp;
import dev.tessera.ops.Reductions;
import dev.tessera.ops.UnaryOp;
import dev.tessera.ops.Views;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

import static dev.tessera.opdb.Sample.In.t;
import static dev.tessera.ops.Elementwise.*;
import static dev.tessera.tensor.DType.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class OpSamples {
    private OpSamples() {}

    static final List<DType> FLOATS = List.of(F32, F64);
    static final List<DType> EVERY = List.of(DType.values());
    static final List<DType> NO_BOOL = List.of(F32, F64, I32, I64, U8);
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    /** Built on first use, after the shape tables below are initialised. */
    private static final class Database {
        static final List<Entry> ENTRIES = build();
        static final List<Sample> SAMPLES = ENTRIES.stream().flatMap(e -> e.samples().stream()).toList();
    }

    /** Every sample of every op. */
    static List<Sample> all() { return Database.SAMPLES; }

    /** The ops that have an entry. */
    static List<Op> ops() { return Database.ENTRIES.stream().map(e -> e.op).toList(); }

    private static List<Entry> build() {
        List<Entry> db = new ArrayList<>();
        unary(db);
        binary(db);
        conversion(db);
        reductions(db);
        softmax(db);
        matmul(db);
        views(db);
        joining(db);
        indexing(db);
        losses(db);
        // convolution
        ConvSamples.add(db);
        // pooling
        PoolNormSamples.add(db); // and normalisation, embedding
        // normalisation, embedding
        // recurrent
        RecurrentSamples.add(db);
        return db;
    }

    private static Tensor in0(List<Tensor> in) { return in.get(0); }

    // ================================================================== unary

    /**
     * Plain, non-contiguous three ways, size-1, empty and 0-d; and sizes large enough for the
     * kernels' vector loops (small ones only run their remainder loops).
     */
    static final In[][] UNARY_SHAPES = {
        {t(3, 4)}, {t(2, 3, 4).transposed()}, {t(5, 6).stepped()}, {t(4, 5).expandedFrom(4, 1)}, {t(1)}, {t(7)}, {t(0, 3)}, {t()},
        {t(37, 53)}, {t(53, 37).transposed()}, {t(2, 3, 1, 2, 3).transposed()},
    };

    private static void unary(List<Entry> db) {
        List<DType> floatOnly = List.of(F32, F64, I64, BOOL); // integer inputs compute in f32
        db.add(unary(NEG, x -> -x).dtypes(EVERY).inputsAt(List.of(I32), t(8).values(I32_EDGES)));
        db.add(unary(ABS, Math::abs).dtypes(EVERY).inputsAt(List.of(I32), t(8).values(I32_EDGES))
                .inputsAt(FLOATS, t(6).values(Values.of(-0.0, -INF, INF, NAN, -3, 3))));
        db.add(unary(EXP, Math::exp).dtypes(floatOnly).inputsAt(FLOATS, t(6).values(Values.of(0, -INF, INF, NAN, 80, -80))));
        db.add(unary(LOG, Math::log).dtypes(floatOnly).values(Values.POSITIVE)
                .inputsAt(FLOATS, t(6).values(Values.of(0, -1, INF, NAN, 1e-30, 1))));
        db.add(unary(SQRT, Math::sqrt).dtypes(floatOnly).values(Values.POSITIVE)
                .inputsAt(FLOATS, t(5).values(Values.of(0, -1, INF, NAN, 1e-30))));
        db.add(unary(RSQRT, x -> 1 / Math.sqrt(x)).dtypes(floatOnly).values(Values.POSITIVE)
                .inputsAt(FLOATS, t(5).values(Values.of(0, -1, INF, NAN, 1e-30))));
        db.add(unary(SIGMOID, Ref::sigmoid).dtypes(floatOnly).inputsAt(FLOATS, t(5).values(Values.of(-INF, INF, NAN, 100, -100))));
        db.add(unary(TANH, Math::tanh).dtypes(floatOnly).inputsAt(FLOATS, t(5).values(Values.of(-INF, INF, NAN, 30, -30))));
        db.add(unary(RELU, x -> Math.max(x, 0)).dtypes(EVERY).inputsAt(FLOATS, t(4).values(Values.of(-INF, INF, -0.5, 0))));
        db.add(unary(LEAKY_RELU, x -> x > 0 ? x : 0.01 * x).dtypes(floatOnly)
                .variant("slope=0.2", in -> in0(in).leakyRelu(0.2), r -> unaryRef(LEAKY_RELU, r.get(0), x -> x > 0 ? x : 0.2 * x))
                .variant("slope=-0.5", in -> in0(in).leakyRelu(-0.5), r -> unaryRef(LEAKY_RELU, r.get(0), x -> x > 0 ? x : -0.5 * x)));
        db.add(unary(ELU, x -> x > 0 ? x : Math.expm1(x)).dtypes(floatOnly)
                .variant("alpha=0.5", in -> in0(in).elu(0.5), r -> unaryRef(ELU, r.get(0), x -> x > 0 ? x : 0.5 * Math.expm1(x))));
        db.add(unary(GELU, Ref::gelu).dtypes(floatOnly).values(Values.uniform(-6, 6))
                .inputsAt(FLOATS, t(5).values(Values.of(-INF, INF, NAN, 10, -10))));
        db.add(unary(SOFTPLUS, Ref::softplus).dtypes(floatOnly).values(Values.uniform(-25, 25))
                .inputsAt(FLOATS, t(5).values(Values.of(-INF, INF, NAN, 50, -50))));
        db.add(unary(SIN, Math::sin).dtypes(floatOnly).inputsAt(FLOATS, t(3).values(Values.of(INF, NAN, 0))));
        db.add(unary(COS, Math::cos).dtypes(floatOnly).inputsAt(FLOATS, t(3).values(Values.of(-INF, NAN, 0))));
        db.add(unary(SIGN, Math::signum).dtypes(EVERY).inputsAt(FLOATS, t(6).values(Values.of(-INF, INF, 0, -0.0, 1e-30, NAN))));
        db.add(clamp());
    }

    /** An entry calling op with its defaults on every unary input set. */
    private static Entry unary(UnaryOp op, DoubleUnaryOperator f) {
        return Entry.of(op).inputs(UNARY_SHAPES).call(in -> Elementwise.unary(op, in0(in)), r -> unaryRef(op, r.get(0), f));
    }

    /** Float-only ops compute in the input's float type (integers: f32); the others keep it (bool: i64). */
    static Ref unaryRef(UnaryOp op, Ref x, DoubleUnaryOperator f) {
        DType dt = op.floatOnly() ? (x.dtype.isFloat() ? x.dtype : F32) : x.dtype == BOOL ? I64 : x.dtype;
        return x.to(dt).map(dt, f);
    }

    private static Entry clamp() {
        Entry e = Entry.of(CLAMP).inputs(UNARY_SHAPES).dtypes(EVERY)
                .inputsAt(FLOATS, t(6).values(Values.of(NAN, -5, 5, 0.2, -INF, INF)));
        double[][] floatBounds = {{-1, 1}, {-INF, 0.5}, {-0.5, INF}, {-INF, INF}, {0.25, 0.25}};
        double[][] intBounds = {{-3, 4}, {-INF, 2}, {0, INF}, {2, 2}};
        for (double[][] bounds : List.of(floatBounds, intBounds)) {
            for (double[] b : bounds) {
                When kind = (ins, dt) -> dt.isFloat() == (bounds == floatBounds);
                e.variant("[" + b[0] + ", " + b[1] + "]", kind, in -> in0(in).clamp(b[0], b[1]),
                        r -> unaryRef(CLAMP, r.get(0), x -> Math.min(Math.max(x, b[0]), b[1])));
            }
        }
        return e;
    }

    // ================================================================== binary

    /** Same shape, broadcasting both ways and across ranks, non-contiguous operands, empty, 0-d. */
    static final In[][] BINARY_SHAPES = {
        {t(3, 4), t(3, 4)},
        {t(3, 1), t(1, 4)},
        {t(2, 3, 4), t(4)},
        {t(4), t(2, 3, 4).transposed()},
        {t(3, 4).transposed(), t(3, 4).stepped()},
        {t(4, 5).expandedFrom(1, 5), t(4, 5)},
        {t(2, 1, 3).stepped(), t(4, 1).transposed()},
        {t(0, 4), t(1, 4)},
        {t(), t(2, 3)},
        {t(), t()},
        {t(37, 53), t(37, 53)},
        {t(37, 1), t(53).stepped()},
        {t(2, 1, 3, 1, 2).transposed(), t(4, 1, 2, 1).stepped()},
    };

    /** Inputs for the tensor-op-scalar variants. */
    static final In[][] SCALAR_SHAPES = {{t(3, 4)}, {t(2, 3).transposed()}, {t(0, 2)}, {t()}};

    /** Type promotion: categories, widths, and 0-d tensors that do or don't win. */
    static final In[][] PROMOTION = {
        {t(3, 4).as(I32), t(3, 4).as(F32)},
        {t(2, 3).as(U8), t(3).as(I32)},
        {t(3).as(BOOL), t(3).as(U8)},
        {t(2, 3).as(I64), t(3).as(F64)},
        {t(2, 3).as(F32), t(3).as(F64)},
        {t(2, 3).as(I64), t().as(F64)},
        {t(2, 3).as(F32), t().as(F64)},
        {t(2, 3).as(I32), t().as(I64)},
        {t(2, 3).as(U8), t().as(I32)},
        {t(2, 3).as(BOOL), t().as(F32)},
        {t().as(F64), t().as(F32)},
    };

    /** i32 values at and around the edges of its range: arithmetic must wrap, not saturate or trap. */
    static final Values I32_EDGES = Values.of(Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 1, 65536, 46341, -46341, 123456789);
    static final Values I32_EDGES_2 = Values.of(1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 65536, 46341, 46341, -987654321);

    private static void binary(List<Entry> db) {
        In edges = t(8).values(I32_EDGES);
        In edges2 = t(8).values(I32_EDGES_2);
        db.add(binary(ADD, Double::sum, EVERY).inputsAt(List.of(I32), edges, edges2));
        db.add(binary(SUB, (a, b) -> a - b, NO_BOOL).inputsAt(List.of(I32), edges, edges2));
        db.add(binary(MUL, (a, b) -> a * b, EVERY).inputsAt(List.of(I32), edges, edges2));
        db.add(binary(DIV, (a, b) -> a / b, EVERY)
                .inputsAt(List.of(F32, F64, I32), t(4).values(Values.of(1, -1, 0, 0)), t(4).values(Values.of(0, 0, 0, 2))));
        Values base = Values.byKind(Values.POSITIVE, Values.ints(-3, 3));
        Values exponent = Values.byKind(Values.uniform(-2, 3), Values.ints(0, 4));
        db.add(binary(POW, Math::pow, NO_BOOL).values(base, exponent)
                .inputsAt(FLOATS, t(6).values(Values.of(-2, -1.5, 0, 0, 2, NAN)), t(6).values(Values.of(2, 3, -1, 0, 0.5, 0)))
                .inputsAt(List.of(I64, I32), t(6).values(Values.of(-2, -1, 0, 1, 2, -1)), t(6).values(Values.of(-1, -1, -2, -3, -2, -2))));
        db.add(binary(MAXIMUM, Math::max, EVERY).inputsAt(FLOATS, t(4).values(Values.of(NAN, 1, -INF, 2)),
                t(4).values(Values.of(0, NAN, 1, 2))));
        db.add(binary(MINIMUM, Math::min, EVERY).inputsAt(FLOATS, t(4).values(Values.of(NAN, 1, -INF, 2)),
                t(4).values(Values.of(0, NAN, 1, 2))));
        Values ties = Values.ints(-3, 3);
        Values nans = Values.of(NAN, NAN, 1, INF, -INF, 0);
        Values others = Values.of(NAN, 1, NAN, INF, 0, -0.0);
        db.add(binary(EQ, (a, b) -> a == b ? 1 : 0, EVERY).values(ties, ties).inputsAt(FLOATS, t(6).values(nans), t(6).values(others)));
        db.add(binary(NE, (a, b) -> a != b ? 1 : 0, EVERY).values(ties, ties).inputsAt(FLOATS, t(6).values(nans), t(6).values(others)));
        db.add(binary(LT, (a, b) -> a < b ? 1 : 0, EVERY).values(ties, ties).inputsAt(FLOATS, t(6).values(nans), t(6).values(others)));
        db.add(binary(LE, (a, b) -> a <= b ? 1 : 0, EVERY).values(ties, ties).inputsAt(FLOATS, t(6).values(nans), t(6).values(others)));
        db.add(binary(GT, (a, b) -> a > b ? 1 : 0, EVERY).values(ties, ties).inputsAt(FLOATS, t(6).values(nans), t(6).values(others)));
        db.add(binary(GE, (a, b) -> a >= b ? 1 : 0, EVERY).values(ties, ties).inputsAt(FLOATS, t(6).values(nans), t(6).values(others)));
    }

    /** tensor op tensor on every shape pair and promotion pair; tensor op scalar (double and long). */
    private static Entry binary(BinaryOp op, DoubleBinaryOperator f, List<DType> dtypes) {
        return Entry.of(op).inputs(BINARY_SHAPES).inputs(SCALAR_SHAPES).dtypes(dtypes).mixed(PROMOTION)
                .variant("", When.arity(2), in -> Elementwise.binary(op, in.get(0), in.get(1)),
                        r -> binaryRef(op, f, r.get(0), r.get(1), Ref.resultType(r.get(0), r.get(1))))
                .variant("scalar 2.5", When.arity(1), in -> Elementwise.binary(op, in0(in), 2.5),
                        r -> scalarRef(op, f, r.get(0), 2.5, r.get(0).dtype.isFloat() ? r.get(0).dtype : F32))
                .variant("scalar 3L", When.arity(1), in -> Elementwise.binary(op, in0(in), 3L),
                        r -> scalarRef(op, f, r.get(0), 3, r.get(0).dtype == BOOL ? I64 : r.get(0).dtype));
    }

    /**
     * Inputs converted to the common dtype (integer division: f32), f applied; comparisons give
     * bool. Integer add/sub/mul/pow are done in long and wrapped like two's-complement hardware.
     */
    static Ref binaryRef(BinaryOp op, DoubleBinaryOperator f, Ref a, Ref b, DType common) {
        DType compute = op == DIV && !common.isFloat() ? F32 : common;
        DoubleBinaryOperator g = f;
        if (compute == I32 || compute == I64 || compute == U8) {
            if (op == ADD) g = (x, y) -> Ref.wrap(compute, (long) x + (long) y);
            if (op == SUB) g = (x, y) -> Ref.wrap(compute, (long) x - (long) y);
            if (op == MUL) g = (x, y) -> Ref.wrap(compute, (long) x * (long) y);
            if (op == POW) g = (x, y) -> Ref.wrap(compute, Ref.intPow((long) x, (long) y));
        }
        return Ref.zip(a.to(compute), b.to(compute), op.isComparison() ? BOOL : compute, g);
    }

    private static Ref scalarRef(BinaryOp op, DoubleBinaryOperator f, Ref a, double s, DType dt) {
        return binaryRef(op, f, a, Ref.of(dt, new long[0], new double[] {s}), dt);
    }

    // ================================================================== conversion

    private static void conversion(List<Entry> db) {
        Values castValues = Values.byKind(Values.uniform(-300, 300), Values.ints(-100000, 100000));
        Values nonNegative = Values.uniform(0, 255.9);
        Entry cast = Entry.of(CAST).inputs(UNARY_SHAPES).dtypes(EVERY).values(castValues)
                .inputsAt(FLOATS, t(3, 4).values(nonNegative)).inputsAt(List.of(I32), t(8).values(I32_EDGES));
        for (DType target : DType.values()) {
            // float -> u8 is undefined for negative values (as in C and PyTorch): only non-negative floats go there.
            When defined = (ins, dt) -> !(dt.isFloat() && target == U8) || ins.get(0).values() == nonNegative;
            cast.variant("to " + target, defined, in -> in0(in).to(target), r -> r.get(0).to(target));
        }
        In special = t(8).values(Values.of(NAN, INF, -INF, 0, -0.0, 1e-30, 1e300, -0.7));
        for (DType target : List.of(F32, F64, BOOL)) {
            cast.sample("specials to " + target, FLOATS, List.of(special), in -> in0(in).to(target), r -> r.get(0).to(target));
        }
        db.add(cast);
        db.add(Entry.of(CONTIGUOUS).inputs(UNARY_SHAPES).dtypes(EVERY)
                .call(in -> dense(Elementwise.contiguous(in0(in))), r -> r.get(0)));
        db.add(Entry.of(COPY).inputs(UNARY_SHAPES).dtypes(EVERY)
                .call(in -> dense(Elementwise.copy(in0(in))), r -> r.get(0)));
    }

    private static Tensor dense(Tensor t) {
        assertTrue(t.isContiguous(), "result is not contiguous: strides " + Arrays.toString(t.strides()));
        return t;
    }

    // ================================================================== reductions

    static final In[][] REDUCE_SHAPES = {
        {t(3, 4)}, {t(2, 3, 4)}, {t(2, 3, 4).transposed()}, {t(4, 6).stepped()}, {t(3, 5).expandedFrom(1, 5)},
        {t(5)}, {t(1, 1)}, {t(0, 3)}, {t()}, {t(37, 53)}, {t(6, 37, 53).transposed()}, {t(2, 3, 4, 5).stepped()},
    };

    /** Dims to reduce (null = all), keepdim, and the least rank that has those dims. */
    private record Dims(String label, int[] dims, boolean keepdim, int minRank) {}

    private static final List<Dims> DIMS = List.of(
            new Dims("all", null, false, 0), new Dims("all keepdim", null, true, 0),
            new Dims("dim 0", new int[] {0}, false, 0), new Dims("dim -1 keepdim", new int[] {-1}, true, 0),
            new Dims("dim 1", new int[] {1}, false, 2), new Dims("dims 0,2 keepdim", new int[] {0, 2}, true, 3),
            new Dims("dims -1,0", new int[] {-1, 0}, false, 2), new Dims("dims 1,3 keepdim", new int[] {1, 3}, true, 4));

    /** The dims used for the non-default attribute values (correction, p). */
    private static final List<Dims> SOME_DIMS = List.of(DIMS.get(0), DIMS.get(3), DIMS.get(4), DIMS.get(5));

    private static void reductions(List<Entry> db) {
        Values specials = Values.of(1, NAN, 3, -INF, 2, 5, INF, 0, -1, -INF, -INF, -INF);
        In nanRow = t(4, 3).values(specials);
        db.add(reduction(Reductions.SUM, Ref::sum, EVERY).inputsAt(FLOATS, nanRow).inputsAt(List.of(I32), t(2, 8).values(I32_EDGES)));
        db.add(reduction(Reductions.MEAN, Ref::mean, FLOATS).inputsAt(FLOATS, nanRow));
        db.add(reduction(Reductions.PROD, Ref::prod, EVERY)
                .values(PROD_VALUES).inputsAt(FLOATS, nanRow));
        db.add(reduction(Reductions.MAX, Ref::max, EVERY).inputsAt(FLOATS, nanRow));
        db.add(reduction(Reductions.MIN, Ref::min, EVERY).inputsAt(FLOATS, nanRow));
        db.add(argReduction(Reductions.ARGMAX, true).inputsAt(FLOATS, nanRow));
        db.add(argReduction(Reductions.ARGMIN, false).inputsAt(FLOATS, nanRow));
        // A large mean and a small spread: a one-pass E[x^2] - E[x]^2 loses every digit here.
        In offset = t(4, 50).values(Values.uniform(1e4, 1e4 + 1));
        db.add(withParam(Reductions.VAR, Ref::var, new double[] {1, 0, 2}).inputsAt(FLOATS, nanRow).inputsAt(FLOATS, offset));
        db.add(withParam(Reductions.STD, (x, c) -> Math.sqrt(Ref.var(x, c)), new double[] {1, 0, 2}).inputsAt(FLOATS, offset));
        db.add(reduction(Reductions.LOGSUMEXP, Ref::logsumexp, FLOATS).inputsAt(FLOATS, nanRow)
                .inputsAt(FLOATS, t(2, 3).values(Values.of(1000, 999, -1000, -INF, -INF, -INF))));
        db.add(withParam(Reductions.NORM, Ref::norm, new double[] {2, 1, 3, INF, 0}).inputsAt(FLOATS, nanRow)
                .inputsAt(FLOATS, t(2, 3).values(Values.of(0, 0, 1, -2, 0, 0.5))));
    }

    /** Products that stay exact: |x| <= 2 in lanes of <= 53 (u8: 0..2, as -1 would wrap to 255). */
    private static final Values PROD_VALUES = (r, dt, s) -> (dt.isFloat() ? Values.uniform(-1.6, 1.6)
            : dt == U8 ? Values.ints(0, 2) : Values.ints(-2, 2)).make(r, dt, s);

    /** The result dtype of a reduction as ReduceOp.Result documents it. */
    static DType reducedDtype(ReduceOp op, DType in) {
        switch (op.result()) {
            case WIDEN_INTEGERS: return in.isFloat() ? in : I64;
            case INDEX: return I64;
            default: return in;
        }
    }

    /** max/min/argmax/argmin have no value for an empty lane unless the result itself is empty. */
    private static boolean lanesDefined(ReduceOp op, long[] shape, int[] dims) {
        if (op != Reductions.MAX && op != Reductions.MIN && op != Reductions.ARGMAX && op != Reductions.ARGMIN) return true;
        if (Ref.numel(shape) > 0) return true;
        int[] axes = Ref.axes(dims, shape.length);
        long kept = 1, reduced = 1;
        for (int d = 0; d < shape.length; d++) {
            boolean r = false;
            for (int a : axes) r |= a == d;
            if (r) reduced *= shape[d];
            else kept *= shape[d];
        }
        return reduced > 0 || kept == 0;
    }

    private static When applies(ReduceOp op, Dims d) {
        return When.minRank(d.minRank).and((ins, dt) -> lanesDefined(op, ins.get(0).shape(), d.dims));
    }

    private static Entry reduction(ReduceOp op, ToDoubleFunction<double[]> f, List<DType> dtypes) {
        Entry e = Entry.of(op).inputs(REDUCE_SHAPES).dtypes(dtypes);
        for (Dims d : DIMS) {
            e.variant(d.label, applies(op, d), in -> Reductions.reduce(op, in0(in), d.dims, d.keepdim, 0),
                    r -> r.get(0).reduce(d.dims, d.keepdim, reducedDtype(op, r.get(0).dtype), f));
        }
        return e;
    }

    private interface ParamReduction {
        double apply(double[] lane, double param);
    }

    /** var/std (param = correction) and norm (param = p): the first value on every dims variant, the others on a few. */
    private static Entry withParam(ReduceOp op, ParamReduction f, double[] params) {
        Entry e = Entry.of(op).inputs(REDUCE_SHAPES).dtypes(FLOATS);
        for (int i = 0; i < params.length; i++) {
            double p = params[i];
            for (Dims d : i == 0 ? DIMS : SOME_DIMS) {
                e.variant(d.label + " " + (op == Reductions.NORM ? "p=" : "correction=") + p, applies(op, d),
                        in -> Reductions.reduce(op, in0(in), d.dims, d.keepdim, p),
                        r -> r.get(0).reduce(d.dims, d.keepdim, r.get(0).dtype, lane -> f.apply(lane, p)));
            }
        }
        return e;
    }

    private static Entry argReduction(ReduceOp op, boolean max) {
        Entry e = Entry.of(op).inputs(REDUCE_SHAPES).dtypes(EVERY).values(Values.ints(-3, 3));
        Integer[] dims = {null, null, 0, -1, 1};
        boolean[] keep = {false, true, false, true, false};
        for (int i = 0; i < dims.length; i++) {
            Integer dim = dims[i];
            boolean kd = keep[i];
            int[] asDims = dim == null ? null : new int[] {dim};
            When when = When.minRank(dim != null && dim == 1 ? 2 : 0).and((ins, dt) -> lanesDefined(op, ins.get(0).shape(), asDims));
            e.variant((dim == null ? "flat" : "dim " + dim) + (kd ? " keepdim" : ""), when,
                    in -> Reductions.argReduce(op, in0(in), dim, kd),
                    r -> r.get(0).reduce(asDims, kd, I64, lane -> Ref.argExtreme(lane, max)));
        }
        return e;
    }

    // ================================================================== softmax

    private static void softmax(List<Entry> db) {
        db.add(softmax(Reductions.SOFTMAX, false));
        db.add(softmax(Reductions.LOG_SOFTMAX, true));
    }

    private static Entry softmax(Op op, boolean log) {
        In[][] shapes = {
            {t(3, 4)}, {t(2, 3, 4).transposed()}, {t(4, 6).stepped()}, {t(3, 5).expandedFrom(3, 1)}, {t(5)}, {t(1, 1)}, {t(0, 3)}, {t()},
            {t(37, 53)}, {t(53, 37).transposed()},
        };
        // Masked rows as attention uses them: some -inf, all -inf (NaN, as PyTorch), large magnitudes.
        In masked = t(3, 4).values(Values.of(0, -INF, 1, 2, -INF, -INF, -INF, -INF, 1000, 0, -1000, 3));
        Entry e = Entry.of(op).inputs(shapes).dtypes(F32, F64, I64).inputsAt(FLOATS, masked);
        for (int dim : new int[] {0, -1, 1}) {
            e.variant("dim " + dim, When.minRank(dim == 1 ? 2 : 0), in -> Reductions.softmax(in0(in), dim, log),
                    r -> r.get(0).alongDim(dim, r.get(0).dtype.isFloat() ? r.get(0).dtype : F32, lane -> Ref.softmax(lane, log)));
        }
        return e;
    }

    // ================================================================== matmul

    private static void matmul(List<Entry> db) {
        In[][] shapes = {
            {t(3, 4), t(4, 5)}, {t(4), t(4)}, {t(4), t(4, 3)}, {t(3, 4), t(4)}, {t(2, 3, 4), t(4, 5)}, {t(2, 1, 3, 4), t(5, 4, 2)},
            {t(3), t(2, 3, 4)}, {t(3, 4).transposed(), t(4, 5).transposed()}, {t(2, 3, 4).stepped(), t(4, 5)},
            {t(4, 5).expandedFrom(1, 5), t(5, 2)}, {t(3, 2, 4).expandedFrom(1, 2, 4), t(3, 4, 2)}, {t(1, 1), t(1, 1)},
            {t(0, 4), t(4, 3)}, {t(3, 0), t(0, 2)}, {t(0), t(0)},
        };
        In[][] mixed = {{t(3, 4).as(F32), t(4, 2).as(F64)}};
        db.add(Entry.of(LinearAlgebra.MATMUL).inputs(shapes).mixed(mixed)
                .call(in -> LinearAlgebra.matmul(in.get(0), in.get(1)), r -> Ref.matmul(r.get(0), r.get(1))));
    }

    // ================================================================== views

    private static void views(List<Entry> db) {
        In[][] any = {{t(2, 3, 4)}, {t(2, 3, 4).transposed()}, {t(4, 6).stepped()}, {t(4, 5).expandedFrom(4, 1)}, {t(0, 3)}, {t()}};
        db.add(Entry.of(Views.RESHAPE).inputs(any).dtypes(EVERY)
                .variant("[-1]", in -> in0(in).reshape(-1), r -> r.get(0).reshape(-1))
                .variant("[1, -1]", in -> in0(in).reshape(1, -1), r -> r.get(0).reshape(1, -1))
                .variant("[-1, last]", When.minRank(2), in -> in0(in).reshape(-1, in0(in).size(-1)),
                        r -> r.get(0).reshape(-1, r.get(0).shape[r.get(0).rank() - 1]))
                .variant("[2, -1]", (ins, dt) -> ins.get(0).rank() > 0 && ins.get(0).shape()[0] % 2 == 0,
                        in -> in0(in).reshape(2, -1), r -> r.get(0).reshape(2, -1)));
        // view never copies: only reshapes the strides can express.
        When viewable = (ins, dt) -> ins.get(0).layout() == Sample.Layout.CONTIGUOUS;
        db.add(Entry.of(Views.VIEW).inputs(any).dtypes(EVERY)
                .variant("[-1]", viewable, in -> in0(in).view(-1), r -> r.get(0).reshape(-1))
                .variant("[..., 1]", When.ALWAYS, in -> in0(in).view(appendOne(in0(in).shape())), r -> r.get(0).reshape(appendOne(r.get(0).shape)))
                .variant("split last", (ins, dt) -> ins.get(0).rank() > 0 && ins.get(0).shape()[ins.get(0).rank() - 1] % 2 == 0,
                        in -> in0(in).view(splitLast(in0(in).shape())), r -> r.get(0).reshape(splitLast(r.get(0).shape))));
        In[][] rank3 = {{t(2, 3, 4)}, {t(2, 3, 4).transposed()}, {t(3, 4, 5).expandedFrom(3, 1, 5)}, {t(2, 0, 3)}, {t(2, 3, 5).stepped()}};
        Entry permute = Entry.of(Views.PERMUTE).inputs(rank3).dtypes(EVERY).inputs(t(4, 5).transposed()).inputs(t());
        for (int[] p : new int[][] {{2, 0, 1}, {0, 2, 1}, {-1, -3, -2}, {1, 0}, {}}) {
            permute.variant(Arrays.toString(p), (ins, dt) -> ins.get(0).rank() == p.length, in -> in0(in).permute(p), r -> r.get(0).permute(p));
        }
        db.add(permute);
        Entry transpose = Entry.of(Views.TRANSPOSE).inputs(rank3).inputs(t(3, 4)).inputs(t(5).stepped()).inputs(t()).dtypes(EVERY);
        for (int[] p : new int[][] {{0, 1}, {-1, 0}, {1, 2}, {0, 0}, {-1, -1}}) {
            transpose.variant(Arrays.toString(p), When.minRank(Math.max(Math.max(p[0], p[1]) + 1, p[0] < 0 ? 1 : 0)),
                    in -> in0(in).transpose(p[0], p[1]), r -> r.get(0).transpose(p[0], p[1]));
        }
        transpose.sample("0-d", FLOATS, List.of(t()), in -> in0(in).transpose(0, 0), r -> r.get(0));
        db.add(transpose);
        db.add(Entry.of(Views.T).inputs(t(3, 4)).inputs(t(4, 3).transposed()).inputs(t(5, 6).stepped()).inputs(t(0, 3))
                .inputs(t(7)).inputs(t()).dtypes(EVERY)
                .variant("t", in -> in0(in).t(), r -> r.get(0).rank() < 2 ? r.get(0) : r.get(0).transpose(0, 1)));
        Entry slice = Entry.of(Views.SLICE).inputs(new In[][] {{t(6, 5)}, {t(4, 7).transposed()}, {t(2, 9).stepped()}, {t(0, 4)},
            {t(6, 5).expandedFrom(1, 5)}}).dtypes(EVERY);
        for (long[] s : new long[][] {{0, 1, 4, 1}, {1, 0, 5, 2}, {-1, -3, 100, 1}, {0, 3, 2, 1}, {-1, 1, -1, 3}, {0, -100, 100, 4}}) {
            slice.variant(Arrays.toString(s), in -> in0(in).slice((int) s[0], s[1], s[2], s[3]),
                    r -> r.get(0).slice((int) s[0], s[1], s[2], s[3]));
        }
        db.add(slice);
        Entry select = Entry.of(Views.SELECT).inputs(new In[][] {{t(3, 4)}, {t(2, 3, 4).transposed()}, {t(5).stepped()}, {t(3, 0)}})
                .dtypes(EVERY);
        for (long[] s : new long[][] {{0, 1}, {-1, -1}, {0, 0}, {1, 2}}) {
            select.variant(Arrays.toString(s), (ins, dt) -> ins.get(0).rank() > Ref.axis((int) s[0], ins.get(0).rank())
                            && ins.get(0).shape()[Ref.axis((int) s[0], ins.get(0).rank())] > Math.max(s[1], -s[1] - 1),
                    in -> in0(in).select((int) s[0], s[1]), r -> r.get(0).select((int) s[0], s[1]));
        }
        db.add(select);
        db.add(Entry.of(Views.EXPAND).inputs(new In[][] {{t(3, 1)}, {t(1)}, {t()}, {t(3, 1).transposed()}, {t(1, 4).stepped()}, {t(0, 1)}})
                .dtypes(EVERY)
                .variant("new dim, 1 -> 4", in -> in0(in).expand(expandTarget(in0(in).shape())),
                        r -> r.get(0).expandTo(expandTarget(r.get(0).shape)))
                .variant("-1 keeps", in -> in0(in).expand(keepTarget(in0(in).shape())),
                        r -> r.get(0).expandTo(resolveKeep(r.get(0).shape))));
        Entry squeeze = Entry.of(Views.SQUEEZE).inputs(new In[][] {{t(3, 1, 4)}, {t(1, 1)}, {t(1, 3, 1).transposed()}, {t()}, {t(0, 1)},
            {t(1, 5).stepped()}}).dtypes(EVERY)
                .variant("all", in -> in0(in).squeeze(), r -> r.get(0).reshape(squeezed(r.get(0).shape, null)));
        for (int d : new int[] {0, 1, -1}) {
            squeeze.variant("dim " + d, (ins, dt) -> d == 0 || ins.get(0).rank() >= 2, in -> in0(in).squeeze(d),
                    r -> r.get(0).reshape(squeezed(r.get(0).shape, d)));
        }
        db.add(squeeze);
        Entry unsqueeze = Entry.of(Views.UNSQUEEZE).inputs(new In[][] {{t(3, 4)}, {t(3, 4).transposed()}, {t(5).stepped()}, {t()}, {t(0, 2)}})
                .dtypes(EVERY);
        for (int d : new int[] {0, -1, 1, 2, -3}) {
            unsqueeze.variant("dim " + d, (ins, dt) -> d <= ins.get(0).rank() && d >= -ins.get(0).rank() - 1,
                    in -> in0(in).unsqueeze(d), r -> r.get(0).reshape(unsqueezed(r.get(0).shape, d)));
        }
        db.add(unsqueeze);
        Entry flatten = Entry.of(Views.FLATTEN).inputs(new In[][] {{t(2, 3, 4)}, {t(2, 3, 4).transposed()}, {t(5).stepped()}, {t()},
            {t(2, 0, 3)}, {t(3, 4).expandedFrom(3, 1)}}).dtypes(EVERY);
        for (int[] se : new int[][] {{0, -1}, {1, 2}, {0, 1}, {-2, -1}}) {
            flatten.variant(Arrays.toString(se), When.minRank(Math.max(se[1] + 1, -se[0])),
                    in -> in0(in).flatten(se[0], se[1]), r -> r.get(0).reshape(flattened(r.get(0).shape, se[0], se[1])));
        }
        db.add(flatten);
        In[][] splittable = {{t(7, 4)}, {t(4, 7).transposed()}, {t(9).stepped()}, {t(0, 3)}, {t(2, 6).expandedFrom(2, 1)}};
        Entry split = Entry.of(Views.SPLIT).inputs(splittable).dtypes(EVERY);
        Entry chunk = Entry.of(Views.CHUNK).inputs(splittable).dtypes(EVERY);
        for (int[] a : new int[][] {{3, 0}, {2, -1}, {10, 0}, {1, -1}}) {
            split.variant("size " + a[0] + " dim " + a[1], in -> in0(in).split(a[0], a[1]), r -> splitRef(r.get(0), a[0], a[1]));
            chunk.variant(a[0] + " chunks dim " + a[1], in -> in0(in).chunk(a[0], a[1]),
                    r -> splitRef(r.get(0), Math.max(1, (r.get(0).shape[Ref.axis(a[1], r.get(0).rank())] + a[0] - 1) / a[0]), a[1]));
        }
        db.add(split);
        db.add(chunk);
    }

    private static long[] appendOne(long[] s) { return Ref.concat(s, 1); }

    private static long[] splitLast(long[] s) {
        long[] out = Arrays.copyOf(s, s.length + 1);
        out[s.length - 1] = 2;
        out[s.length] = s[s.length - 1] / 2;
        return out;
    }

    /** A new leading dim of 2, every size-1 dim to 4. */
    private static long[] expandTarget(long[] s) {
        long[] out = new long[s.length + 1];
        out[0] = 2;
        for (int i = 0; i < s.length; i++) out[i + 1] = s[i] == 1 ? 4 : s[i];
        return out;
    }

    /** -1 for every dim but size-1 ones, which grow to 3. */
    private static long[] keepTarget(long[] s) { return Arrays.stream(s).map(d -> d == 1 ? 3 : -1).toArray(); }

    private static long[] resolveKeep(long[] s) { return Arrays.stream(s).map(d -> d == 1 ? 3 : d).toArray(); }

    private static long[] squeezed(long[] s, Integer dim) {
        if (dim != null && s.length == 0) return s;
        int d = dim == null ? -1 : Ref.axis(dim, s.length);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < s.length; i++) if (s[i] != 1 || (dim != null && i != d)) out.add(s[i]);
        return Ref.toArray(out);
    }

    private static long[] unsqueezed(long[] s, int dim) {
        int d = dim < 0 ? dim + s.length + 1 : dim;
        List<Long> out = new ArrayList<>();
        for (long x : s) out.add(x);
        out.add(d, 1L);
        return Ref.toArray(out);
    }

    private static long[] flattened(long[] s, int start, int end) {
        if (s.length == 0) return new long[] {1};
        int a = Ref.axis(start, s.length), b = Ref.axis(end, s.length);
        List<Long> out = new ArrayList<>();
        long merged = 1;
        for (int i = 0; i < s.length; i++) {
            if (i < a || i > b) out.add(s[i]);
            else merged *= s[i];
            if (i == b) out.add(merged);
        }
        return Ref.toArray(out);
    }

    private static List<Ref> splitRef(Ref x, long size, int dim) {
        int d = Ref.axis(dim, x.rank());
        List<Ref> out = new ArrayList<>();
        long n = x.shape[d];
        for (long s = 0; s < n || (n == 0 && out.isEmpty()); s += size) out.add(x.slice(d, s, Math.min(s + size, n), 1));
        return out;
    }

    // ================================================================== joining

    private static void joining(List<Entry> db) {
        In[][] cats = {
            {t(2, 3), t(4, 3)},
            {t(3, 2), t(3, 5).transposed()},
            {t(2, 3), t(0, 3), t(1, 3).stepped()},
            {t(2, 3, 4), t(2, 1, 4), t(2, 2, 4).expandedFrom(1, 2, 4)},
            {t(5), t(2).stepped()},
            {t(3, 4)},
        };
        In[][] mixedCats = {{t(2, 3).as(I32), t(1, 3).as(F32)}, {t(2).as(BOOL), t(3).as(U8)}, {t(2).as(I64), t(2).as(F64)}};
        Entry cat = Entry.of(Joining.CAT).inputs(cats).mixed(mixedCats).dtypes(EVERY);
        for (int d : new int[] {0, 1, -1}) {
            cat.variant("dim " + d, (ins, dt) -> joinable(ins, d), in -> Tensor.cat(d, in), r -> Ref.cat(d, r));
        }
        db.add(cat);
        In[][] stacks = {{t(2, 3), t(2, 3)}, {t(2, 3), t(2, 3).transposed(), t(2, 3).stepped()}, {t(), t(), t()}, {t(0, 2), t(0, 2)},
            {t(4).expandedFrom(1)}};
        Entry stack = Entry.of(Joining.STACK).inputs(stacks).mixed(new In[][] {{t(2).as(U8), t(2).as(I32)}}).dtypes(EVERY);
        for (int d : new int[] {0, 1, -1, 2}) {
            stack.variant("dim " + d, (ins, dt) -> d <= ins.get(0).rank(), in -> Tensor.stack(d, in), r -> Ref.stack(d, r));
        }
        db.add(stack);
    }

    /** cat along d: every input has the first's rank and shape except in d. */
    private static boolean joinable(List<In> ins, int dim) {
        long[] first = ins.get(0).shape();
        if (dim >= first.length || -dim > first.length) return false;
        int d = Ref.axis(dim, first.length);
        for (In in : ins) {
            if (in.rank() != first.length) return false;
            for (int k = 0; k < first.length; k++) if (k != d && in.shape()[k] != first[k]) return false;
        }
        return true;
    }

    // ================================================================== indexing

    private static void indexing(List<Entry> db) {
        // Index values valid along every dim (in [-m, m) for the smallest size m), so each set serves every dim variant.
        In[][] gathers = {
            {t(4, 5), t(3, 2).as(I64).values(Values.index(4))},
            {t(4, 5).transposed(), t(4, 5).as(I64).values(Values.index(4)).transposed()},
            {t(3, 4, 5), t(2, 3, 4).as(I32).values(Values.index(3)).stepped()},
            {t(6).stepped(), t(8).as(I64).values(Values.index(6))},
            {t(4, 5).expandedFrom(1, 5), t(4, 1).as(I64).values(Values.index(4))},
            {t(4, 5), t(0, 2).as(I64)},
            {t(), t().as(I64).values(Values.index(1))},
        };
        Entry gather = Entry.of(Indexing.GATHER).inputs(gathers).dtypes(EVERY);
        for (int d : new int[] {0, 1, -1}) {
            gather.variant("dim " + d, When.minRank(d == 1 ? 2 : 0), in -> in0(in).gather(d, in.get(1)),
                    r -> Ref.gather(r.get(0), d, r.get(1)));
        }
        db.add(gather);

        In[][] scatters = {
            {t(4, 5), t(3, 4).as(I64).values(Values.latin(4)), t(3, 5)},
            {t(5, 4).transposed(), t(4, 4).as(I64).values(Values.latin(4)).transposed(), t(4, 4).stepped()},
            {t(3, 4, 5), t(2, 3, 3).as(I32).values(Values.latin(3)), t(3, 3, 3)},
            {t(6), t(4).as(I64).values(Values.latin(6)), t(5).stepped()},
            {t(3, 3), t(0, 3).as(I64), t(1, 3)},
            {t(), t().as(I64).values(Values.latin(1)), t()},
        };
        Entry scatter = Entry.of(Indexing.SCATTER).inputs(scatters).dtypes(EVERY)
                .mixed(new In[][] {{t(4, 5).as(F32), t(3, 4).as(I64).values(Values.latin(4)), t(3, 5).as(F64)}});
        for (int d : new int[] {0, 1, -1}) {
            scatter.variant("dim " + d, When.minRank(d == 1 ? 2 : 0), in -> in0(in).scatter(d, in.get(1), in.get(2)),
                    r -> scatterRef(r.get(0), d, r.get(1), r.get(2)));
        }
        db.add(scatter);

        In[][] selects = {
            {t(4, 5), t(6).as(I64).values(Values.index(4))},
            {t(4, 5).transposed(), t(3).as(I64).values(Values.index(4)).stepped()},
            {t(3, 4, 5), t(2).as(I32).values(Values.index(3))},
            {t(6), t(0).as(I64)},
            {t(4, 5), t().as(I64).values(Values.index(4))},
            {t(4, 5).expandedFrom(1, 5), t(3).as(I64).values(Values.index(4))},
            {t(), t(1).as(I64).values(Values.of(-1))},
        };
        Entry indexSelect = Entry.of(Indexing.INDEX_SELECT).inputs(selects).dtypes(EVERY);
        for (int d : new int[] {0, 1, -1}) {
            indexSelect.variant("dim " + d, When.minRank(d == 1 ? 2 : 0), in -> in0(in).indexSelect(d, in.get(1)),
                    r -> Ref.indexSelect(r.get(0), d, r.get(1)));
        }
        db.add(indexSelect);

        // scatter_add: index values drawn with repeats (index(m) for the smallest size m along any dim), so sums accumulate.
        In[][] scatterAdds = {
            {t(4, 5), t(3, 4).as(I64).values(Values.index(4)), t(3, 5)},
            {t(5, 4).transposed(), t(4, 4).as(I64).values(Values.index(4)).transposed(), t(4, 4).stepped()},
            {t(3, 4, 5), t(2, 3, 3).as(I32).values(Values.index(3)), t(3, 3, 3)},
            {t(6), t(9).as(I64).values(Values.index(6)), t(10).stepped()},
            {t(4, 5), t(4, 5).as(I64).values(Values.index(4)), t(4, 5).expandedFrom(1, 5)},
            {t(3, 3), t(0, 3).as(I64), t(1, 3)},
            {t(), t().as(I64).values(Values.index(1)), t()},
        };
        Entry scatterAdd = Entry.of(Indexing.SCATTER_ADD).inputs(scatterAdds).dtypes(EVERY)
                .mixed(new In[][] {{t(4, 5).as(F32), t(3, 4).as(I64).values(Values.index(4)), t(3, 5).as(F64)}});
        for (int d : new int[] {0, 1, -1}) {
            scatterAdd.variant("dim " + d, When.minRank(d == 1 ? 2 : 0), in -> Indexing.scatterAdd(in0(in), d, in.get(1), in.get(2)),
                    r -> Ref.scatterAdd(r.get(0), d, r.get(1), r.get(2).to(r.get(0).dtype)));
        }
        db.add(scatterAdd);

        // index_add: the source matches the input except along dim, where it has one slice per index entry.
        In[][] indexAdds = {
            {t(4, 5), t(6).as(I64).values(Values.index(4)), t(6, 5)},
            {t(4, 5), t(7).as(I64).values(Values.index(5)), t(4, 7)},
            {t(4, 5).transposed(), t(3).as(I64).values(Values.index(4)).stepped(), t(3, 5).transposed()},
            {t(3, 4, 5), t(2).as(I32).values(Values.index(3)), t(2, 4, 5).stepped()},
            {t(3, 4, 5), t(6).as(I64).values(Values.index(4)), t(3, 6, 5)},
            {t(4, 5), t(3).as(I64).values(Values.index(4)), t(3, 5).expandedFrom(1, 5)},
            {t(4, 5), t().as(I64).values(Values.index(4)), t(1, 5)},
            {t(6), t(0).as(I64), t(0)},
            {t(), t(1).as(I64).values(Values.of(-1)), t()},
        };
        Entry indexAdd = Entry.of(Indexing.INDEX_ADD).inputs(indexAdds).dtypes(EVERY)
                .mixed(new In[][] {{t(4, 5).as(F32), t(6).as(I64).values(Values.index(4)), t(6, 5).as(F64)}});
        for (int d : new int[] {0, 1, -1}) {
            indexAdd.variant("dim " + d, (ins, dt) -> indexAddable(ins, d), in -> Indexing.indexAdd(in0(in), d, in.get(1), in.get(2)),
                    r -> Ref.indexAdd(r.get(0), d, r.get(1), r.get(2).to(r.get(0).dtype)));
        }
        db.add(indexAdd);

        In[][] masks = {
            {t(3, 4), t(3, 4).as(BOOL)},
            {t(3, 4).transposed(), t(1, 4).as(BOOL)},
            {t(2, 3, 4), t(3, 1).as(BOOL).stepped()},
            {t(3, 4).stepped(), t().as(BOOL)},
            {t(3, 4), t(4).as(BOOL).expandedFrom(1)},
            {t(0, 4), t(4).as(BOOL)},
            {t(), t().as(BOOL)},
        };
        Entry maskedFill = Entry.of(Indexing.MASKED_FILL).inputs(masks).dtypes(EVERY);
        for (double value : new double[] {7, -3, -1.5, -INF, NAN}) {
            // A fill value must be representable: no fractions or infinities in integers, nothing negative in u8.
            When representable = (ins, dt) -> dt.isFloat() || (Double.isFinite(value) && value == Math.rint(value) && (value >= 0 || dt != U8));
            maskedFill.variant("value " + value, representable, in -> in0(in).maskedFill(in.get(1), value),
                    r -> Ref.where(r.get(1), Ref.of(r.get(0).dtype, new long[0], new double[] {value}), r.get(0), r.get(0).dtype));
        }
        db.add(maskedFill);

        In[][] wheres = {
            {t(3, 4).as(BOOL), t(3, 4), t(3, 4)},
            {t(3, 1).as(BOOL), t(1, 4), t(3, 4).transposed()},
            {t(4).as(BOOL).stepped(), t(2, 3, 4).stepped(), t()},
            {t().as(BOOL), t(2, 3), t(3)},
            {t(0, 3).as(BOOL), t(1, 3), t(0, 1)},
            {t(2, 3).as(BOOL).transposed(), t(2, 3).expandedFrom(1, 3), t(2, 1)},
        };
        In[][] mixedWheres = {
            {t(2, 3).as(BOOL), t(2, 3).as(I32), t(2, 3).as(F32)},
            {t(2, 3).as(BOOL), t(2, 3).as(F32), t().as(F64)},
            {t(2, 3).as(BOOL), t(3).as(U8), t(2, 3).as(BOOL)},
            {t(2, 3).as(BOOL), t().as(I64), t().as(F32)},
        };
        db.add(Entry.of(Indexing.WHERE).inputs(wheres).mixed(mixedWheres).dtypes(EVERY)
                .call(in -> Tensor.where(in.get(0), in.get(1), in.get(2)),
                        r -> Ref.where(r.get(0), r.get(1).to(Ref.resultType(r.get(1), r.get(2))), r.get(2).to(Ref.resultType(r.get(1), r.get(2))),
                                Ref.resultType(r.get(1), r.get(2)))));
    }

    /** index_add along dim applies: the source has the input's shape except along dim, where it has one slice per index. */
    private static boolean indexAddable(List<In> ins, int dim) {
        long[] x = ins.get(0).shape(), src = ins.get(2).shape();
        if (dim >= Math.max(x.length, 1) || -dim > Math.max(x.length, 1) || src.length != x.length) return false;
        long entries = Ref.numel(ins.get(1).shape());
        if (x.length == 0) return entries == 1;
        int d = Ref.axis(dim, x.length);
        for (int k = 0; k < x.length; k++) if (k != d && src[k] != x[k]) return false;
        return src[d] == entries;
    }

    /** torch.scatter with src converted to the input's dtype; a 0-d input takes src's value (index 0). */
    private static Ref scatterRef(Ref x, int dim, Ref index, Ref src) {
        Ref s = src.to(x.dtype);
        if (x.rank() == 0) return s;
        return Ref.scatter(x, dim, index, s);
    }

    // ================================================================== losses

    private static final Reduction[] REDUCTIONS = {Reduction.MEAN, Reduction.SUM, Reduction.NONE};

    /** Input/target pairs of one shape: plain, non-contiguous both ways, expanded, 0-d, empty, large. */
    static final In[][] LOSS_PAIRS = {
        {t(3, 4), t(3, 4)},
        {t(2, 3, 4).transposed(), t(2, 3, 4)},
        {t(5), t(5).stepped()},
        {t(4, 5).expandedFrom(4, 1), t(4, 5).transposed()},
        {t(), t()},
        {t(0, 3), t(0, 3)},
        {t(37, 53), t(37, 53).transposed()},
    };

    /** An f32 input with an f64 target computes (and answers) in f64. */
    static final In[][] LOSS_MIXED = {{t(3, 4).as(F32), t(3, 4).as(F64)}};

    private static void losses(List<Entry> db) {
        db.add(pointwiseLoss(Losses.MSE_LOSS, new double[] {0}, (p, r) -> in -> Losses.mseLoss(in.get(0), in.get(1), r),
                p -> (x, y) -> (x - y) * (x - y)));
        db.add(pointwiseLoss(Losses.L1_LOSS, new double[] {0}, (p, r) -> in -> Losses.l1Loss(in.get(0), in.get(1), r),
                p -> (x, y) -> Math.abs(x - y))
                .inputsAt(FLOATS, t(6).values(Values.ints(-2, 2)), t(6).values(Values.ints(-2, 2))));
        db.add(pointwiseLoss(Losses.HUBER_LOSS, new double[] {1, 0.5, 3}, (p, r) -> in -> Losses.huberLoss(in.get(0), in.get(1), p, r),
                p -> (x, y) -> Ref.huber(x - y, p)));
        db.add(pointwiseLoss(Losses.SMOOTH_L1_LOSS, new double[] {1, 0.5, 0}, (p, r) -> in -> Losses.smoothL1Loss(in.get(0), in.get(1), p, r),
                p -> (x, y) -> p == 0 ? Math.abs(x - y) : Ref.smoothL1(x - y, p)));
        bce(db);
        classLosses(db);
        klDiv(db);
    }

    private interface LossCall {
        Sample.Invoke call(double param, Reduction r);
    }

    private interface LossRef {
        DoubleBinaryOperator at(double param);
    }

    /** A pointwise loss: every pair and reduction, each parameter value (the first on every pair, the rest on a few). */
    private static Entry pointwiseLoss(Op op, double[] params, LossCall call, LossRef ref) {
        Entry e = Entry.of(op).inputs(LOSS_PAIRS).mixed(LOSS_MIXED).tol(F32, 1e-5, 1e-5).tol(F64, 1e-11, 1e-12);
        for (int i = 0; i < params.length; i++) {
            double p = params[i];
            When few = i == 0 ? When.ALWAYS : (ins, dt) -> ins.get(0).rank() == 2 && ins.get(0).shape()[0] < 10;
            for (Reduction r : REDUCTIONS) {
                e.variant((params.length > 1 ? "param " + p + " " : "") + r, few, call.call(p, r),
                        refs -> Ref.pointwiseLoss(refs.get(0), refs.get(1), ref.at(p), r));
            }
        }
        return e;
    }

    private static void bce(List<Entry> db) {
        Values probs = Values.uniform(0.02, 0.98);
        Values targets = Values.uniform(0, 1);
        Entry bce = Entry.of(Losses.BINARY_CROSS_ENTROPY).inputs(LOSS_PAIRS).mixed(LOSS_MIXED).values(probs, targets)
                .tol(F32, 1e-5, 1e-5).tol(F64, 1e-11, 1e-12)
                // 0 and 1 exactly: the logs clamp at -100 instead of giving inf or NaN.
                .inputsAt(FLOATS, t(6).values(Values.of(0, 1, 0, 1, 0.5, 1e-8)), t(6).values(Values.of(0, 1, 1, 0, 0.3, 1)));
        for (Reduction r : REDUCTIONS) {
            bce.variant(r.toString(), in -> Losses.binaryCrossEntropy(in.get(0), in.get(1), r),
                    refs -> Ref.pointwiseLoss(refs.get(0), refs.get(1), Ref::bce, r));
        }
        db.add(bce);

        // With pos_weight: a third input, one positive weight per entry of the last dim.
        In[][] weighted = {
            {t(3, 4), t(3, 4), t(4).values(Values.uniform(0.5, 3))},
            {t(4, 5).transposed(), t(4, 5), t(5).values(Values.uniform(0.5, 3)).stepped()},
            {t(0, 2), t(0, 2), t(2).values(Values.uniform(0.5, 3))},
        };
        Entry logits = Entry.of(Losses.BINARY_CROSS_ENTROPY_WITH_LOGITS).inputs(LOSS_PAIRS).inputs(weighted).mixed(LOSS_MIXED)
                .values(Values.DEFAULT, targets).tol(F32, 1e-5, 1e-5).tol(F64, 1e-11, 1e-12)
                // Large logits: the stable form stays finite and exact where a naive log(sigmoid(x)) overflows.
                .inputsAt(FLOATS, t(6).values(Values.of(1e4, -1e4, 50, -50, 0, 1e-3)), t(6).values(Values.of(0, 1, 1, 0, 0.5, 1)));
        for (Reduction r : REDUCTIONS) {
            logits.variant(r.toString(), When.arity(2), in -> Losses.binaryCrossEntropyWithLogits(in.get(0), in.get(1), null, r),
                    refs -> Ref.bceWithLogits(refs.get(0), refs.get(1), null, r));
            logits.variant("pos_weight " + r, When.arity(3), in -> Losses.binaryCrossEntropyWithLogits(in.get(0), in.get(1), in.get(2), r),
                    refs -> Ref.bceWithLogits(refs.get(0), refs.get(1), refs.get(2), r));
        }
        db.add(logits);
    }

    /** Class labels in [0, c). */
    private static Values labels(int c) { return Values.ints(0, c - 1); }

    private static void classLosses(List<Entry> db) {
        Values ignoring = Values.of(0, -100, 4, 2, -100, 1);
        Values allIgnored = Values.of(-100);
        In[][] plain = {
            {t(4, 5), t(4).as(I64).values(labels(5))},
            {t(5, 4).transposed(), t(5).as(I32).values(labels(4))},
            {t(3, 6).stepped(), t(3).as(I64).values(labels(6)).stepped()},
            {t(5), t().as(I64).values(labels(5))},
            {t(2, 4, 3), t(2, 3).as(I64).values(labels(4))},
            {t(2, 3, 4, 2).transposed(), t(2, 4, 2).as(I64).values(labels(3))},
            {t(6, 5), t(6).as(I64).values(ignoring)},
            {t(3, 4), t(3).as(I64).values(allIgnored)},
            {t(0, 5), t(0).as(I64)},
            {t(37, 53), t(37).as(I64).values(labels(53))},
        };
        In[][] weighted = {
            {t(4, 5), t(4).as(I64).values(labels(5)), t(5).values(Values.uniform(0.2, 3))},
            {t(5, 4).transposed(), t(5).as(I64).values(labels(4)), t(4).values(Values.uniform(0.2, 3)).stepped()},
            {t(6, 5), t(6).as(I64).values(ignoring), t(5).values(Values.uniform(0.2, 3))},
            {t(2, 4, 3), t(2, 3).as(I32).values(labels(4)), t(4).values(Values.uniform(0.2, 3))},
        };
        // Logits of +-1e4 (f32 exp overflows at 89): the max-shifted log-sum-exp keeps the loss finite.
        In[] huge = {t(3, 3).values(Values.of(1e4, -1e4, 0, 5000, 5000, -1e4, -1e4, -1e4, -1e4)), t(3).as(I64).values(Values.of(1, 0, 2))};
        Entry ce = Entry.of(Losses.CROSS_ENTROPY).inputs(plain).inputs(weighted).inputsAt(FLOATS, huge)
                .tol(F32, 1e-5, 1e-5).tol(F64, 1e-11, 1e-12);
        Entry nll = Entry.of(Losses.NLL_LOSS).inputs(plain).inputs(weighted).tol(F32, 1e-5, 1e-5).tol(F64, 1e-11, 1e-12);
        // ignore_index 2 where no label is -100 (which would then be out of range).
        When validWithIgnore2 = When.arity(2).and((ins, dt) -> ins.get(1).values() != ignoring && ins.get(1).values() != allIgnored);
        for (Reduction r : REDUCTIONS) {
            ce.variant(r.toString(), When.arity(2), in -> Losses.crossEntropy(in.get(0), in.get(1), r),
                    refs -> Ref.classLoss(refs.get(0), refs.get(1), null, 0, -100, true, r));
            ce.variant("smoothing 0.1 " + r, When.arity(2),
                    in -> Losses.crossEntropy(in.get(0), in.get(1), null, 0.1, -100, r),
                    refs -> Ref.classLoss(refs.get(0), refs.get(1), null, 0.1, -100, true, r));
            ce.variant("ignore 2 " + r, validWithIgnore2, in -> Losses.crossEntropy(in.get(0), in.get(1), null, 0, 2, r),
                    refs -> Ref.classLoss(refs.get(0), refs.get(1), null, 0, 2, true, r));
            ce.variant("weight " + r, When.arity(3), in -> Losses.crossEntropy(in.get(0), in.get(1), in.get(2), 0, -100, r),
                    refs -> Ref.classLoss(refs.get(0), refs.get(1), refs.get(2), 0, -100, true, r));
            ce.variant("weight smoothing 0.3 " + r, When.arity(3),
                    in -> Losses.crossEntropy(in.get(0), in.get(1), in.get(2), 0.3, -100, r),
                    refs -> Ref.classLoss(refs.get(0), refs.get(1), refs.get(2), 0.3, -100, true, r));
            nll.variant(r.toString(), When.arity(2), in -> Losses.nllLoss(in.get(0), in.get(1), r),
                    refs -> Ref.classLoss(refs.get(0), refs.get(1), null, 0, -100, false, r));
            nll.variant("ignore 2 " + r, validWithIgnore2, in -> Losses.nllLoss(in.get(0), in.get(1), null, 2, r),
                    refs -> Ref.classLoss(refs.get(0), refs.get(1), null, 0, 2, false, r));
            nll.variant("weight " + r, When.arity(3), in -> Losses.nllLoss(in.get(0), in.get(1), in.get(2), -100, r),
                    refs -> Ref.classLoss(refs.get(0), refs.get(1), refs.get(2), 0, -100, false, r));
        }
        db.add(ce);
        db.add(nll);
    }

    private static void klDiv(List<Entry> db) {
        Values probs = Values.uniform(0, 1);
        Entry kl = Entry.of(Losses.KL_DIV).inputs(LOSS_PAIRS).mixed(LOSS_MIXED).values(Values.DEFAULT, probs)
                .tol(F32, 1e-5, 1e-5).tol(F64, 1e-11, 1e-12)
                // Zero target probabilities contribute 0 (t log t taken as 0).
                .inputsAt(FLOATS, t(2, 3), t(2, 3).values(Values.of(0, 0.2, 0.5, 0, 1, 0.3)));
        for (boolean logTarget : new boolean[] {false, true}) {
            for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.SUM, Reduction.NONE, Reduction.BATCHMEAN}) {
                kl.variant((logTarget ? "log target " : "") + r, in -> Losses.klDiv(in.get(0), in.get(1), logTarget, r),
                        refs -> Ref.pointwiseLoss(refs.get(0), refs.get(1), (x, y) -> Ref.klDiv(x, y, logTarget), r));
            }
        }
        db.add(kl);
    }
}
