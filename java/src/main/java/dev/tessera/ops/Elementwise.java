// Elementwise: the unary and binary elementwise ops, clamp, casts and copies — declared once
// here, each descriptor next to the function that runs it. Binary ops broadcast as NumPy does and
// promote dtypes as PyTorch does (a Java scalar does not widen a tensor of its own category).
package dev.tessera.ops;

import dev.tessera.backend.Backend;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.List;

public final class Elementwise {
    private Elementwise() {}

    // Codes mirror native/include/tessera/elementwise.h; NativeCodesTest checks them by name.
    public static final UnaryOp NEG = new UnaryOp("neg", 0, false, true);
    public static final UnaryOp ABS = new UnaryOp("abs", 1, false, true);
    public static final UnaryOp EXP = new UnaryOp("exp", 2, true, true);
    public static final UnaryOp LOG = new UnaryOp("log", 3, true, true);
    public static final UnaryOp SQRT = new UnaryOp("sqrt", 4, true, true);
    public static final UnaryOp RSQRT = new UnaryOp("rsqrt", 5, true, true);
    public static final UnaryOp SIGMOID = new UnaryOp("sigmoid", 6, true, true);
    public static final UnaryOp TANH = new UnaryOp("tanh", 7, true, true);
    public static final UnaryOp RELU = new UnaryOp("relu", 8, false, true);
    public static final UnaryOp LEAKY_RELU = new UnaryOp("leaky_relu", 9, true, true);
    public static final UnaryOp ELU = new UnaryOp("elu", 10, true, true);
    public static final UnaryOp GELU = new UnaryOp("gelu", 11, true, true);
    public static final UnaryOp SOFTPLUS = new UnaryOp("softplus", 12, true, true);
    public static final UnaryOp SIN = new UnaryOp("sin", 13, true, true);
    public static final UnaryOp COS = new UnaryOp("cos", 14, true, true);
    public static final UnaryOp SIGN = new UnaryOp("sign", 15, false, false);
    public static final UnaryOp CLAMP = new UnaryOp("clamp", 16, false, true);

    public static final BinaryOp ADD = new BinaryOp("add", 0, Op.Family.BINARY, true);
    public static final BinaryOp SUB = new BinaryOp("sub", 1, Op.Family.BINARY, true);
    public static final BinaryOp MUL = new BinaryOp("mul", 2, Op.Family.BINARY, true);
    public static final BinaryOp DIV = new BinaryOp("div", 3, Op.Family.BINARY, true);
    public static final BinaryOp POW = new BinaryOp("pow", 4, Op.Family.BINARY, true);
    public static final BinaryOp MAXIMUM = new BinaryOp("maximum", 5, Op.Family.BINARY, true);
    public static final BinaryOp MINIMUM = new BinaryOp("minimum", 6, Op.Family.BINARY, true);
    public static final BinaryOp EQ = new BinaryOp("eq", 7, Op.Family.COMPARISON, false);
    public static final BinaryOp NE = new BinaryOp("ne", 8, Op.Family.COMPARISON, false);
    public static final BinaryOp LT = new BinaryOp("lt", 9, Op.Family.COMPARISON, false);
    public static final BinaryOp LE = new BinaryOp("le", 10, Op.Family.COMPARISON, false);
    public static final BinaryOp GT = new BinaryOp("gt", 11, Op.Family.COMPARISON, false);
    public static final BinaryOp GE = new BinaryOp("ge", 12, Op.Family.COMPARISON, false);

    public static final Op CAST = Op.of("cast", Op.Family.CONVERSION, true);
    public static final Op CONTIGUOUS = Op.of("contiguous", Op.Family.CONVERSION, true);
    public static final Op COPY = Op.of("copy", Op.Family.CONVERSION, true);

    public static final List<UnaryOp> UNARY = List.of(NEG, ABS, EXP, LOG, SQRT, RSQRT, SIGMOID, TANH, RELU, LEAKY_RELU,
            ELU, GELU, SOFTPLUS, SIN, COS, SIGN, CLAMP);
    public static final List<BinaryOp> BINARY = List.of(ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, EQ, NE, LT, LE, GT, GE);

    // ------------------------------------------------------------------ unary

    /** op(x) for the parameterless unary ops. */
    public static Tensor unary(UnaryOp op, Tensor x) {
        if (op == LEAKY_RELU) return leakyRelu(x, 0.01);
        if (op == ELU) return elu(x, 1.0);
        if (op == CLAMP) throw new IllegalArgumentException("clamp: needs bounds, use clamp(x, min, max)");
        return unary(op, x, 0, 0);
    }

    public static Tensor leakyRelu(Tensor x, double slope) { return unary(LEAKY_RELU, x, slope, 0); }

    public static Tensor elu(Tensor x, double alpha) { return unary(ELU, x, alpha, 0); }

    /** Clamps into [min, max]; NaN bounds are rejected, NaN elements pass through. */
    public static Tensor clamp(Tensor x, double min, double max) {
        if (Double.isNaN(min) || Double.isNaN(max)) {
            throw new IllegalArgumentException("clamp: bounds must not be NaN (min=" + min + ", max=" + max + ")");
        }
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        return unary(CLAMP, x, min, max);
    }

    static Tensor unary(UnaryOp op, Tensor x, double alpha, double beta) {
        Check.tensor(op.name(), x, "input");
        DType dt = x.dtype();
        if (op.floatOnly()) dt = dt.toFloat();
        else if (dt == DType.BOOL) dt = DType.I64;
        Tensor in = dt == x.dtype() ? x : cast(x, dt);
        try {
            Tensor out = Tensor.empty(x.backend(), dt, x.shapeRef());
            x.backend().unary(op, in, out, alpha, beta);
            return out;
        } finally {
            if (in != x) in.close();
        }
    }

    // ------------------------------------------------------------------ binary

    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = op.name();
        Check.tensor(name, a, "input");
        Check.tensor(name, b, "other");
        Check.sameDevice(name, a, b);
        return run(op, a, b, resultType(a, b));
    }

    /** a op scalar, where a floating scalar promotes an integer tensor to the default float dtype. */
    public static Tensor binary(BinaryOp op, Tensor a, double scalar) {
        Check.tensor(op.name(), a, "input");
        DType dt = a.dtype().isFloat() ? a.dtype() : DType.DEFAULT_FLOAT;
        return binaryScalar(op, a, dt, scalar);
    }

    /** a op integral scalar: keeps the tensor's dtype (a bool tensor becomes i64). */
    public static Tensor binary(BinaryOp op, Tensor a, long scalar) {
        Check.tensor(op.name(), a, "input");
        DType dt = a.dtype() == DType.BOOL ? DType.I64 : a.dtype();
        return binaryScalar(op, a, dt, (double) scalar);
    }

    private static Tensor binaryScalar(BinaryOp op, Tensor a, DType dt, double scalar) {
        Check.representable(op.name(), dt, scalar);
        Tensor s = Tensor.empty(a.backend(), dt, Shape.SCALAR);
        try {
            a.backend().fill(s, scalar);
            return run(op, a, s, dt);
        } finally {
            s.close();
        }
    }

    /**
     * PyTorch's result type: dimensioned tensors promote normally; a 0-d tensor only changes the
     * result when its category (bool < integer < float) is higher, and then gives its own dtype.
     */
    public static DType resultType(Tensor a, Tensor b) {
        DType x = a.dtype();
        DType y = b.dtype();
        if (x == y) return x;
        boolean aScalar = a.dim() == 0;
        boolean bScalar = b.dim() == 0;
        if (aScalar != bScalar) {
            DType dimensioned = aScalar ? y : x;
            DType zeroDim = aScalar ? x : y;
            return zeroDim.category().compareTo(dimensioned.category()) > 0 ? zeroDim : dimensioned;
        }
        return DType.promote(x, y);
    }

    private static Tensor run(BinaryOp op, Tensor a, Tensor b, DType common) {
        String name = op.name();
        DType compute = common;
        if (op == DIV && !compute.isFloat()) compute = compute.toFloat();
        if (compute == DType.BOOL && (op == SUB || op == POW)) {
            throw new IllegalArgumentException(name + ": not defined for bool tensors " + a.describe() + " and " + b.describe()
                    + " (convert with .to(DType.I64))");
        }
        long[] shape = Shape.broadcast(name, a.shapeRef(), b.shapeRef());
        Tensor ca = a.dtype() == compute ? a : cast(a, compute);
        Tensor cb = b.dtype() == compute ? b : cast(b, compute);
        try {
            Backend be = a.backend();
            Tensor out = Tensor.empty(be, op.isComparison() ? DType.BOOL : compute, shape);
            be.binary(op, ca, cb, out);
            return out;
        } finally {
            if (ca != a) ca.close();
            if (cb != b) cb.close();
        }
    }

    // ------------------------------------------------------------------ conversion

    /** x converted to dtype; the same dtype gives a new view of the same storage (no copy). */
    public static Tensor cast(Tensor x, DType dtype) {
        Check.tensor("cast", x, "input");
        if (dtype == null) throw new NullPointerException("cast: dtype is null");
        if (dtype == x.dtype()) return x.asStrided(x.shapeRef(), x.stridesRef(), x.offset());
        Tensor out = Tensor.empty(x.backend(), dtype, x.shapeRef());
        x.backend().copy(x, out);
        return out;
    }

    /** A dense row-major tensor with x's values: a new view when x already is one, else a copy. */
    public static Tensor contiguous(Tensor x) {
        Check.tensor("contiguous", x, "input");
        if (x.isContiguous()) return x.asStrided(x.shapeRef(), x.stridesRef(), x.offset());
        return copy(x);
    }

    /** A new tensor with its own storage holding x's values (torch's clone). */
    public static Tensor copy(Tensor x) {
        Check.tensor("copy", x, "input");
        Tensor out = Tensor.empty(x.backend(), x.dtype(), x.shapeRef());
        x.backend().copy(x, out);
        return out;
    }
}
