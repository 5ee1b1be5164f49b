// Grads: small helpers of the autograd behaviour tests (f64 leaves, value assertions).
package dev.tessera.autograd;

import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

final class Grads {
    private Grads() {}

    /** An f64 leaf with the given values and shape that requires grad. */
    static Tensor leaf(double[] values, long... shape) {
        Tensor t = Tensor.fromArray(values).reshape(shape).copy();
        return t.requiresGrad(true);
    }

    static Tensor leaf(double... values) { return leaf(values, values.length); }

    /** 1, 2, ..., n as an f64 tensor of the shape (no grad). */
    static Tensor iota(long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return Tensor.arange(DType.F64, 1, n + 1, 1).reshape(shape).copy();
    }

    static void assertValues(double[] expected, Tensor actual, String what) {
        assertNotNull(actual, what + ": tensor is null");
        assertFalse(actual.isClosed(), what + ": tensor is closed");
        double[] a = actual.toDoubleArray();
        assertArrayEquals(expected, a, 1e-9, what + ": got " + Arrays.toString(a));
    }

    static void assertGrad(Tensor leaf, long[] shape, double... expected) {
        Tensor g = leaf.grad();
        assertNotNull(g, "no gradient on " + leaf.describe());
        assertArrayEquals(shape, g.shape(), "gradient shape");
        assertEquals(leaf.dtype(), g.dtype(), "gradient dtype");
        assertValues(expected, g, "gradient of " + leaf.describe());
    }
}
