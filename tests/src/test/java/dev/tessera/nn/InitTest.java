// Initialisers against torch.nn.init's formulas: fan-in/fan-out (with receptive fields), gains,
// uniform bounds, and the variance of Xavier/Kaiming draws on large tensors; in-place writes that
// bump the version counter, work on parameters that require grad, and are seeded.
package dev.tessera.nn;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class InitTest {
    /** Sample mean and variance of all elements. */
    private static double[] meanVar(Tensor t) {
        double[] v = t.toDoubleArray();
        double m = 0;
        for (double x : v) m += x;
        m /= v.length;
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return new double[] {m, s / (v.length - 1)};
    }

    @Test
    void fansAndGainsLikeTorch() {
        assertEquals(784, Init.fanIn(new long[] {128, 784}));
        assertEquals(128, Init.fanOut(new long[] {128, 784}));
        assertEquals(3 * 5 * 5, Init.fanIn(new long[] {16, 3, 5, 5}), "conv weight: in channels x kernel");
        assertEquals(16 * 5 * 5, Init.fanOut(new long[] {16, 3, 5, 5}));
        assertThrows(IllegalArgumentException.class, () -> Init.fanIn(new long[] {10}));
        assertEquals(Math.sqrt(2), Init.gain(Init.Nonlinearity.RELU, 0), 1e-15);
        assertEquals(5.0 / 3, Init.gain(Init.Nonlinearity.TANH, 0), 1e-15);
        assertEquals(1.0, Init.gain(Init.Nonlinearity.SIGMOID, 0), 1e-15);
        assertEquals(Math.sqrt(2 / 1.0001), Init.gain(Init.Nonlinearity.LEAKY_RELU, 0.01), 1e-15);
        assertEquals(Math.sqrt(1 / 3.0), Init.gain(Init.Nonlinearity.LEAKY_RELU, Math.sqrt(5)), 1e-15);
    }

    @Test
    void uniformStaysInItsBoundsWithTheRightMoments() {
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                Tensor t = Init.uniform(Tensor.empty(dt, 200, 500), -0.5, 1.5, new Generator(1));
                double[] v = t.toDoubleArray();
                for (double x : v) assertTrue(x >= -0.5 && x <= 1.5, dt + ": " + x);
                double[] mv = meanVar(t);
                assertEquals(0.5, mv[0], 0.01);
                assertEquals(4.0 / 12, mv[1], 0.01, "variance of U(a, b) is (b - a)^2 / 12");
            }
        }
    }

    @Test
    void normalHasTheRequestedMoments() {
        try (Scope s = Scope.open()) {
            double[] mv = meanVar(Init.normal(Tensor.empty(DType.F64, 300, 400), 2.0, 0.5, new Generator(2)));
            assertEquals(2.0, mv[0], 0.01);
            assertEquals(0.25, mv[1], 0.005);
        }
    }

    @Test
    void xavierVarianceIs2OverFanInPlusFanOut() {
        try (Scope s = Scope.open()) {
            long out = 256;
            long in = 512;
            double expected = 2.0 / (in + out);
            double[] u = meanVar(Init.xavierUniform(Tensor.empty(DType.F32, out, in), new Generator(3)));
            double[] n = meanVar(Init.xavierNormal(Tensor.empty(DType.F32, out, in), new Generator(4)));
            assertEquals(0, u[0], 0.002);
            assertEquals(expected, u[1], 0.03 * expected);
            assertEquals(expected, n[1], 0.03 * expected);
            double bound = Math.sqrt(6.0 / (in + out));
            for (float x : Init.xavierUniform(Tensor.empty(DType.F32, out, in), 2.0, new Generator(5)).toFloatArray()) {
                assertTrue(Math.abs(x) <= 2 * bound + 1e-6, "gain 2 doubles the bound");
            }
        }
    }

    @Test
    void kaimingVarianceIsGainSquaredOverFan() {
        try (Scope s = Scope.open()) {
            long out = 256;
            long in = 1024;
            double fanIn = 2.0 / in;
            double[] u = meanVar(Init.kaimingUniform(Tensor.empty(DType.F32, out, in), new Generator(6)));
            double[] n = meanVar(Init.kaimingNormal(Tensor.empty(DType.F32, out, in), new Generator(7)));
            assertEquals(fanIn, u[1], 0.03 * fanIn, "He uniform, ReLU gain, fan_in");
            assertEquals(fanIn, n[1], 0.03 * fanIn, "He normal, ReLU gain, fan_in");
            double fanOut = 2.0 / out;
            double[] fo = meanVar(Init.kaimingNormal(Tensor.empty(DType.F32, out, in), 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU,
                    new Generator(8)));
            assertEquals(fanOut, fo[1], 0.03 * fanOut, "fan_out mode");
            double tanh = 25.0 / 9 / in;
            double[] t = meanVar(Init.kaimingUniform(Tensor.empty(DType.F32, out, in), 0, Init.FanMode.FAN_IN, Init.Nonlinearity.TANH,
                    new Generator(9)));
            assertEquals(tanh, t[1], 0.03 * tanh, "tanh gain 5/3");
        }
    }

    @Test
    void writesInPlaceIntoParametersAndIsSeeded() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.zeros(20, 30).requiresGrad(true);
            int version = w.storage().version();
            assertSame(w, Init.xavierUniform(w, new Generator(10)));
            assertTrue(w.storage().version() > version, "the write bumps the version counter");
            assertTrue(w.requiresGrad() && w.isLeaf());
            Tensor again = Init.xavierUniform(Tensor.zeros(20, 30), new Generator(10));
            assertArrayEquals(w.toFloatArray(), again.toFloatArray(), "same seed, same values");
            assertSame(w, Init.zeros(w));
            for (float x : w.toFloatArray()) assertEquals(0f, x);
            Init.ones(w);
            for (float x : w.toFloatArray()) assertEquals(1f, x);
            Init.constant(w, 0.25);
            for (float x : w.toFloatArray()) assertEquals(0.25f, x);
            // A non-contiguous view is filled in place too.
            Tensor base = Tensor.zeros(4, 6);
            Init.uniform(base.t(), 1, 2, new Generator(1));
            for (float x : base.toFloatArray()) assertTrue(x >= 1 && x <= 2);
        }
    }

    @Test
    void badArguments() {
        try (Scope s = Scope.open()) {
            assertThrows(IllegalArgumentException.class, () -> Init.uniform(Tensor.zeros(DType.I64, 3), 0, 1, null));
            assertThrows(IllegalArgumentException.class, () -> Init.uniform(Tensor.zeros(3), 1, 0, null));
            assertThrows(IllegalArgumentException.class, () -> Init.normal(Tensor.zeros(3), 0, -1, null));
            assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform(Tensor.zeros(3), null), "1-D has no fan_out");
            Tensor closed = Tensor.zeros(3, 3);
            closed.close();
            assertThrows(IllegalStateException.class, () -> Init.kaimingUniform(closed, null));
            assertEquals(0L, Init.kaimingUniform(Tensor.zeros(0, 5), null).numel(), "zero-element tensors are a no-op");
        }
    }
}
