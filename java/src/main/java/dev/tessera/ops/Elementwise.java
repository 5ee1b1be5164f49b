// Elementwise: the unary and binary elementwise ops, clamp, casts and copies — declared once
// here, each descriptor next to the function that runs it. Binary ops broadcast as NumPy does and
// promote dtypes as PyTorch does (a Java scalar does not widen a tensor of its own category).
package dev.tessera.ops;

import dev.tessera.autograd.Autograd;
import dev.tessera.autograd.Node;
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
            if (Autograd.needed(x)) {
                // Save only what the gradient formula reads (unaryGrad): x, the output, or both.
                int c = op.code();
                boolean usesOut = c == 2 || c == 4 || c == 5 || c == 6 || c == 7 || c == 10;
                boolean usesX = c != 0 && c != 2 && c != 4 && c != 5 && c != 6 && c != 7;
                Autograd.record(op, out, new Tensor[] {x}, new Tensor[] {usesX ? x : null, usesOut ? out : null},
                        (n, g) -> new Tensor[] {unaryGrad(op, n.saved(0), n.saved(1), g, alpha, beta)});
            }
            return out;
        } finally {
            if (in != x) in.close();
        }
    }

    /** d op(x) / dx times g, written with differentiable ops (so it can be differentiated again). */
    private static Tensor unaryGrad(UnaryOp op, Tensor x, Tensor out, Tensor g, double alpha, double beta) {
        switch (op.code()) {
            case 0: return g.neg();                                              // neg
            case 1: return g.mul(x.sign());                                      // abs
            case 2: return g.mul(out);                                           // exp
            case 3: return g.div(x);                                             // log
            case 4: return g.div(out.mul(2.0));                                  // sqrt
            case 5: return g.mul(out.pow(3L).mul(-0.5));                         // rsqrt
            case 6: return g.mul(out.mul(out.neg().add(1.0)));                   // sigmoid: s (1 - s)
            case 7: return g.mul(out.mul(out).neg().add(1.0));                   // tanh: 1 - t^2
            case 8: return g.mul(x.gt(0.0));                                     // relu
            case 9: return g.mul(x.gt(0.0).to(x.dtype()).mul(1 - alpha).add(alpha)); // leaky_relu
            case 10: {                                                           // elu: 1, or out + alpha
                Tensor pos = x.gt(0.0).to(x.dtype());
                return g.mul(pos.add(pos.neg().add(1.0).mul(out.add(alpha))));
            }
            case 11: {                                                           // gelu: Phi(x) + x phi(x)
                Tensor zero = x.eq(0.0);
                Tensor safe = Indexing.where(zero, Tensor.onesLike(x), x);
                Tensor cdf = Indexing.where(zero, Tensor.full(x.dtype(), 0.5), safe.gelu().div(safe));
                Tensor pdf = x.mul(x).mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI));
                return g.mul(cdf.add(x.mul(pdf)));
            }
            case 12: return g.mul(x.sigmoid());                                  // softplus
            case 13: return g.mul(x.cos());                                      // sin
            case 14: return g.mul(x.sin().neg());                                // cos
            case 16: return g.mul(x.ge(alpha)).mul(x.le(beta));                  // clamp
            default: throw new IllegalStateException(op.name() + " has no gradient");
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
            if (op.differentiable() && Autograd.needed(ca, cb)) {
                // Save only what binaryGrad reads: add/sub nothing, div b and the output, pow all three.
                boolean usesA = op == MUL || op == POW || op == MAXIMUM || op == MINIMUM;
                boolean usesB = usesA || op == DIV;
                boolean usesOut = op == DIV || op == POW;
                Autograd.record(op, out, new Tensor[] {ca, cb},
                        new Tensor[] {usesA ? ca : null, usesB ? cb : null, usesOut ? out : null}, (n, g) -> binaryGrad(op, n, g));
            }
            return out;
        } finally {
            if (ca != a) ca.close();
            if (cb != b) cb.close();
        }
    }

    /** Gradients of a binary op for both inputs, each summed back over broadcast dims. */
    private static Tensor[] binaryGrad(BinaryOp op, Node n, Tensor g) {
        Tensor a = n.saved(0);
        Tensor b = n.saved(1);
        long[] as = n.inputShape(0);
        long[] bs = n.inputShape(1);
        boolean wantA = n.needsInputGrad(0);
        boolean wantB = n.needsInputGrad(1);
        Tensor ga = null;
        Tensor gb = null;
        switch (op.code()) {
            case 0: // add
                ga = g;
                gb = g;
                break;
            case 1: // sub
                ga = g;
                gb = wantB ? g.neg() : null;
                break;
            case 2: // mul
                ga = wantA ? g.mul(b) : null;
                gb = wantB ? g.mul(a) : null;
                break;
            case 3: // div
                ga = wantA ? g.div(b) : null;
                gb = wantB ? g.mul(n.saved(2)).neg().div(b) : null;
                break;
            case 4: { // pow
                ga = wantA ? g.mul(b).mul(a.pow(b.sub(1.0))) : null;
                if (wantB) {
                    Tensor zero = a.eq(0.0);
                    Tensor logA = Indexing.where(zero, Tensor.zerosLike(a), Indexing.where(zero, Tensor.onesLike(a), a).log());
                    gb = g.mul(n.saved(2)).mul(logA);
                }
                break;
            }
            case 5: // maximum: ties split the gradient evenly, as PyTorch does
            case 6: { // minimum
                Tensor wins = op.code() == 5 ? a.gt(b) : a.lt(b);
                Tensor share = wins.to(g.dtype()).add(a.eq(b).to(g.dtype()).mul(0.5));
                ga = wantA ? g.mul(share) : null;
                gb = wantB ? g.mul(share.neg().add(1.0)) : null;
                break;
            }
            default: throw new IllegalStateException(op.name() + " has no gradient");
        }
        return new Tensor[] {ga == null ? null : Autograd.sumTo(ga, as), gb == null ? null : Autograd.sumTo(gb, bs)};
    }

    // ------------------------------------------------------------------ in place

    /**
     * self op= other, broadcasting other to self's shape; the result must fit self's dtype. Recorded
     * by autograd for add and sub on tensors that are not leaves and not views; other in-place ops on
     * tensors that require grad are refused (use the out-of-place op).
     */
    public static Tensor inPlace(BinaryOp op, Tensor self, Tensor other) {
        String name = op.name() + "_";
        Check.tensor(name, self, "input");
        Check.tensor(name, other, "other");
        Check.sameDevice(name, self, other);
        if (op.isComparison()) throw new IllegalArgumentException(name + ": comparisons have no in-place form");
        long[] shape = Shape.broadcast(name, self.shapeRef(), other.shapeRef());
        if (!java.util.Arrays.equals(shape, self.shapeRef())) {
            throw new IllegalArgumentException(name + ": other " + other.describe() + " would enlarge " + self.describe()
                    + " to " + Shape.str(shape) + "; an in-place op keeps the shape");
        }
        DType result = resultType(self, other);
        if (op == DIV && !result.isFloat()) result = result.toFloat();
        if (DType.promote(result, self.dtype()) != self.dtype()) {
            throw new IllegalArgumentException(name + ": result type " + result + " can't be stored in " + self.describe());
        }
        boolean record = Autograd.needed(self, other);
        if (record) checkDifferentiableInPlace(name, op == ADD || op == SUB, self);
        Tensor o = other.dtype() == self.dtype() ? other : cast(other, self.dtype());
        try {
            self.backend().binary(op, self, o, self);
            self.storage().bumpVersion();
        } finally {
            if (o != other) o.close();
        }
        if (record) {
            // Edges are taken before self gets its new node, so input 0 links to self's previous history.
            Autograd.record(op, self, new Tensor[] {self, other}, (n, g) -> new Tensor[] {
                g, n.needsInputGrad(1) ? Autograd.sumTo(op == SUB ? g.neg() : g, n.inputShape(1)) : null});
        }
        return self;
    }

    public static Tensor inPlace(BinaryOp op, Tensor self, double scalar) {
        Check.tensor(op.name() + "_", self, "input");
        Tensor s = Tensor.empty(self.backend(), self.dtype(), Shape.SCALAR);
        try {
            Check.representable(op.name() + "_", self.dtype(), scalar);
            self.backend().fill(s, scalar);
            return inPlace(op, self, s);
        } finally {
            s.close();
        }
    }

    private static void checkDifferentiableInPlace(String name, boolean supported, Tensor self) {
        if (self.requiresGrad() && self.isLeaf()) {
            throw new IllegalStateException(name + ": tensor " + self.describe() + " is a leaf that requires grad; an in-place"
                    + " change would lose its gradient (do it under GradMode.noGrad(), as optimizers do)");
        }
        if (!supported) {
            throw new IllegalStateException(name + ": this in-place op is not recorded by autograd; use the out-of-place op"
                    + " on tensors that require grad");
        }
        if (self.isView()) {
            throw new IllegalStateException(name + ": tensor " + self.describe() + " is a view; in-place changes to views of"
                    + " tensors that require grad are not recorded (use the out-of-place op)");
        }
    }

    /** Writes src (broadcast, converted) into dst; not recorded by autograd. */
    public static Tensor copyInto(Tensor src, Tensor dst) {
        Check.tensor("copy_", dst, "destination");
        Check.tensor("copy_", src, "source");
        Check.sameDevice("copy_", src, dst);
        long[] shape = Shape.broadcast("copy_", dst.shapeRef(), src.shapeRef());
        if (!java.util.Arrays.equals(shape, dst.shapeRef())) {
            throw new IllegalArgumentException("copy_: source " + src.describe() + " doesn't broadcast to " + dst.describe());
        }
        if (Autograd.needed(dst, src)) checkDifferentiableInPlace("copy_", false, dst);
        dst.backend().copy(src, dst);
        dst.storage().bumpVersion();
        return dst;
    }

    /** Sets every element; not recorded by autograd. */
    public static Tensor fillInPlace(Tensor t, double value) {
        Check.tensor("fill_", t, "input");
        Check.representable("fill_", t.dtype(), value);
        if (Autograd.needed(t)) checkDifferentiableInPlace("fill_", false, t);
        Tensor s = Tensor.empty(t.backend(), t.dtype(), Shape.SCALAR);
        try {
            t.backend().fill(s, value);
            t.backend().copy(s, t);
        } finally {
            s.close();
        }
        t.storage().bumpVersion();
        return t;
    }

    // ------------------------------------------------------------------ conversion

    /** x converted to dtype; the same dtype gives a new view of the same storage (no copy). */
    public static Tensor cast(Tensor x, DType dtype) {
        Check.tensor("cast", x, "input");
        if (dtype == null) throw new NullPointerException("cast: dtype is null");
        Tensor out;
        if (dtype == x.dtype()) {
            out = x.asStrided(x.shapeRef(), x.stridesRef(), x.offset());
        } else {
            out = Tensor.empty(x.backend(), dtype, x.shapeRef());
            x.backend().copy(x, out);
        }
        if (dtype.isFloat() && Autograd.needed(x)) {
            DType from = x.dtype();
            Autograd.record(CAST, out, new Tensor[] {x}, (n, g) -> new Tensor[] {g.to(from)});
        }
        return out;
    }

    /** A dense row-major tensor with x's values: a new view when x already is one, else a copy. */
    public static Tensor contiguous(Tensor x) {
        Check.tensor("contiguous", x, "input");
        if (!x.isContiguous()) return copy(x);
        Tensor out = x.asStrided(x.shapeRef(), x.stridesRef(), x.offset());
        if (Autograd.needed(x)) Autograd.record(CONTIGUOUS, out, new Tensor[] {x}, (n, g) -> new Tensor[] {g});
        return out;
    }

    /** A new tensor with its own storage holding x's values (torch's clone). */
    public static Tensor copy(Tensor x) {
        Check.tensor("copy", x, "input");
        Tensor out = Tensor.empty(x.backend(), x.dtype(), x.shapeRef());
        x.backend().copy(x, out);
        if (Autograd.needed(x)) Autograd.record(COPY, out, new Tensor[] {x}, (n, g) -> new Tensor[] {g});
        return out;
    }
}
