// Init: parameter initialisers with the formulas of torch.nn.init (fan-in/fan-out, gains, Glorot
// and He bounds). Each one fills an existing tensor in place under GradMode.noGrad() (the write
// bumps its version counter) and returns it. Random draws come from the Generator passed (null:
// Generator.defaultGenerator()), so a seed fixes the values. Temporaries live in a scope of their
// own, so initialising a parameter adds nothing to the caller's scope.
package dev.tessera.nn;

import dev.tessera.autograd.GradMode;
import dev.tessera.memory.Scope;
import dev.tessera.ops.Creation;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

public final class Init {
    private Init() {}

    /** The nonlinearity a layer feeds, for the recommended gain (torch.nn.init.calculate_gain). */
    public enum Nonlinearity { LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, SELU }

    /** Whether He initialisation preserves the variance of the forward (FAN_IN) or backward (FAN_OUT) pass. */
    public enum FanMode { FAN_IN, FAN_OUT }

    // ------------------------------------------------------------------ fans and gains

    /**
     * The recommended gain: 1 for linear and sigmoid, 5/3 for tanh, sqrt(2) for ReLU,
     * sqrt(2 / (1 + slope²)) for leaky ReLU with negative slope {@code param}, 3/4 for SELU.
     */
    public static double gain(Nonlinearity nonlinearity, double param) {
        switch (nonlinearity) {
            case LINEAR: case SIGMOID: return 1;
            case TANH: return 5.0 / 3;
            case RELU: return Math.sqrt(2);
            case LEAKY_RELU: return Math.sqrt(2 / (1 + param * param));
            case SELU: return 0.75;
            default: throw new IllegalArgumentException("init.gain: unknown nonlinearity " + nonlinearity);
        }
    }

    /** size(1) times the receptive field (product of dims 2..); needs at least 2 dims. */
    public static long fanIn(long[] shape) {
        long r = receptiveField("fan_in", shape);
        return shape[1] * r;
    }

    /** size(0) times the receptive field (product of dims 2..); needs at least 2 dims. */
    public static long fanOut(long[] shape) {
        long r = receptiveField("fan_out", shape);
        return shape[0] * r;
    }

    private static long receptiveField(String what, long[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("init." + what + ": needs a tensor with at least 2 dimensions, got shape " + Shape.str(shape));
        }
        long r = 1;
        for (int i = 2; i < shape.length; i++) r *= shape[i];
        return r;
    }

    // ------------------------------------------------------------------ plain distributions

    /** Uniform in [a, b). */
    public static Tensor uniform(Tensor t, double a, double b, Generator g) {
        if (!(a <= b)) throw new IllegalArgumentException("init.uniform: needs a <= b, got a=" + a + ", b=" + b);
        checkFloat("uniform", t);
        if (t.numel() == 0) return t;
        try (Scope s = Scope.open(); GradMode.Guard off = GradMode.noGrad()) {
            Tensor r = Creation.rand(orDefault(g), t.dtype(), t.shapeRef());
            t.copyFrom(r.mul(b - a).add(a));
        }
        return t;
    }

    /** Normal with the given mean and standard deviation. */
    public static Tensor normal(Tensor t, double mean, double std, Generator g) {
        if (!(std >= 0)) throw new IllegalArgumentException("init.normal: std must be >= 0, got " + std);
        checkFloat("normal", t);
        if (t.numel() == 0) return t;
        try (Scope s = Scope.open(); GradMode.Guard off = GradMode.noGrad()) {
            Tensor r = Creation.randn(orDefault(g), t.dtype(), t.shapeRef());
            t.copyFrom(r.mul(std).add(mean));
        }
        return t;
    }

    public static Tensor constant(Tensor t, double value) {
        if (t == null) throw new NullPointerException("init.constant: tensor is null");
        try (GradMode.Guard off = GradMode.noGrad()) {
            return t.fill(value);
        }
    }

    public static Tensor zeros(Tensor t) { return constant(t, 0); }

    public static Tensor ones(Tensor t) { return constant(t, 1); }

    // ------------------------------------------------------------------ Glorot / Xavier

    /** U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)) (Glorot and Bengio, 2010). */
    public static Tensor xavierUniform(Tensor t, double gain, Generator g) {
        double a = Math.sqrt(3.0) * xavierStd("xavier_uniform", t, gain);
        return uniform(t, -a, a, g);
    }

    public static Tensor xavierUniform(Tensor t, Generator g) { return xavierUniform(t, 1, g); }

    /** N(0, std²) with std = gain * sqrt(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor t, double gain, Generator g) {
        return normal(t, 0, xavierStd("xavier_normal", t, gain), g);
    }

    public static Tensor xavierNormal(Tensor t, Generator g) { return xavierNormal(t, 1, g); }

    private static double xavierStd(String op, Tensor t, double gain) {
        checkFloat(op, t);
        long[] s = t.shapeRef();
        long fans = fanIn(s) + fanOut(s);
        return fans == 0 ? 0 : gain * Math.sqrt(2.0 / fans);
    }

    // ------------------------------------------------------------------ He / Kaiming

    /**
     * U(-bound, bound) with bound = gain * sqrt(3 / fan) (He et al., 2015); {@code a} is the negative
     * slope used by the leaky-ReLU gain. PyTorch's Linear uses a = sqrt(5), FAN_IN, LEAKY_RELU.
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Generator g) {
        double bound = Math.sqrt(3.0) * kaimingStd("kaiming_uniform", t, a, mode, nonlinearity);
        return uniform(t, -bound, bound, g);
    }

    /** torch's default: a = 0, FAN_IN, leaky ReLU (the ReLU gain sqrt(2)). */
    public static Tensor kaimingUniform(Tensor t, Generator g) {
        return kaimingUniform(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, g);
    }

    /** N(0, std²) with std = gain / sqrt(fan). */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Generator g) {
        return normal(t, 0, kaimingStd("kaiming_normal", t, a, mode, nonlinearity), g);
    }

    public static Tensor kaimingNormal(Tensor t, Generator g) {
        return kaimingNormal(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, g);
    }

    private static double kaimingStd(String op, Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        checkFloat(op, t);
        long[] s = t.shapeRef();
        long fan = mode == FanMode.FAN_IN ? fanIn(s) : fanOut(s);
        return fan == 0 ? 0 : gain(nonlinearity, a) / Math.sqrt(fan); // fan 0: no elements to fill
    }

    // ------------------------------------------------------------------ helpers

    private static void checkFloat(String op, Tensor t) {
        if (t == null) throw new NullPointerException("init." + op + ": tensor is null");
        t.checkOpen("init." + op);
        if (!t.dtype().isFloat()) {
            throw new IllegalArgumentException("init." + op + ": needs a floating-point tensor, got " + t.describe());
        }
    }

    private static Generator orDefault(Generator g) { return g != null ? g : Generator.defaultGenerator(); }
}
