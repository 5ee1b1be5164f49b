// Creation functions: zeros/ones/full, arange (negative and fractional steps), linspace (0 and 1
// steps), eye (square and rectangular), the *Like variants and scalars.
package dev.tessera.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.*;

class CreationTest extends ScopedTest {
    @ParameterizedTest
    @EnumSource(DType.class)
    void zerosOnesFullInEveryDtype(DType dt) {
        Tensor z = Tensor.zeros(dt, 2, 3);
        Tensor o = Tensor.ones(dt, 2, 3);
        Tensor f = Tensor.full(dt, 5, 3);
        assertDType(dt, z);
        assertShape(z, 2, 3);
        assertTrue(z.isContiguous());
        assertValues(z, 0, 0, 0, 0, 0, 0);
        assertValues(o, 1, 1, 1, 1, 1, 1);
        assertValues(f, dt == DType.BOOL ? 1 : 5, dt == DType.BOOL ? 1 : 5, dt == DType.BOOL ? 1 : 5);
    }

    @Test
    void defaultsAreF32() {
        assertDType(DType.F32, Tensor.zeros(2));
        assertDType(DType.F32, Tensor.ones(2));
        assertDType(DType.F32, Tensor.full(1.5, 2));
        assertDType(DType.F32, Tensor.scalar(1));
        assertDType(DType.I64, Tensor.arange(3));
        assertDType(DType.I64, Tensor.arange(0, 3, 1));     // integer arguments: i64, as torch.arange
        assertDType(DType.F32, Tensor.arange(0.0, 3.0, 1.0));
    }

    @Test
    void scalarsAreZeroDimensional() {
        Tensor s = Tensor.scalar(2.5);
        assertEquals(0, s.dim());
        assertEquals(1, s.numel());
        assertEquals(2.5, s.item());
        assertEquals(7, Tensor.scalar(DType.I64, 7).getLong());
    }

    @Test
    void emptyShapes() {
        Tensor e = Tensor.zeros(0, 3);
        assertEquals(0, e.numel());
        assertShape(e, 0, 3);
        assertEquals(0, e.toFloatArray().length);
    }

    @Test
    void likeCopiesShapeAndDtype() {
        Tensor x = Tensor.ones(DType.I32, 2, 2);
        Tensor z = Tensor.zerosLike(x);
        assertDType(DType.I32, z);
        assertShape(z, 2, 2);
        assertValues(Tensor.onesLike(x), 1, 1, 1, 1);
    }

    @Test
    void arangeIntegral() {
        assertValues(Tensor.arange(5), 0, 1, 2, 3, 4);
        assertEquals(0, Tensor.arange(0).numel());
        assertValues(Tensor.arange(DType.I32, 2, 11, 3), 2, 5, 8);
    }

    @Test
    void arangeNegativeStep() {
        assertValues(Tensor.arange(5, 0, -1), 5, 4, 3, 2, 1);
        assertValues(Tensor.arange(DType.I64, 10, -1, -4), 10, 6, 2);
        assertValues(Tensor.arange(1, -0.5, -0.5), 1, 0.5, 0);
    }

    @Test
    void arangeFractionalSteps() {
        Tensor t = Tensor.arange(0, 1, 0.1);
        assertEquals(10, t.numel());
        assertEquals(0.9, t.get(9), 1e-6);
        assertEquals(3, Tensor.arange(0, 0.3, 0.1).numel(), "ceil((0.3 - 0) / 0.1) = 3 as in PyTorch");
        assertValues(Tensor.arange(1, 2.5, 0.5), 1, 1.5, 2);
        assertValues(Tensor.arange(DType.F64, -1, 1, 0.75), -1, -0.25, 0.5);
        assertEquals(0, Tensor.arange(1, 1, 0.5).numel());
    }

    @Test
    void linspace() {
        assertValues(Tensor.linspace(0, 1, 5), 0, 0.25, 0.5, 0.75, 1);
        assertValues(Tensor.linspace(3, -3, 3), 3, 0, -3);
        assertEquals(0, Tensor.linspace(0, 1, 0).numel(), "0 steps: empty");
        assertValues(Tensor.linspace(2, 9, 1), 2);
        Tensor many = Tensor.linspace(0.1, 0.7, 7);
        assertEquals(0.7f, many.get(6), "the last value is exactly end");
    }

    @Test
    void eyeSquareAndRectangular() {
        assertValues(Tensor.eye(3), 1, 0, 0, 0, 1, 0, 0, 0, 1);
        Tensor wide = Tensor.eye(DType.F64, 2, 3);
        assertShape(wide, 2, 3);
        assertDType(DType.F64, wide);
        assertValues(wide, 1, 0, 0, 0, 1, 0);
        Tensor tall = Tensor.eye(DType.I32, 3, 2);
        assertValues(tall, 1, 0, 0, 1, 0, 0);
        assertEquals(0, Tensor.eye(DType.F32, 0, 4).numel());
    }

    @Test
    void emptyIsUninitialisedButUsable() {
        Tensor e = Tensor.empty(DType.F64, 4, 2);
        assertShape(e, 4, 2);
        e.set(3.5, 3, 1);
        assertEquals(3.5, e.get(-1, -1));
    }

    @Test
    void badCreationArgumentsAreRejected() {
        assertFails(IllegalArgumentException.class, () -> Tensor.arange(0, 5, 0), "arange", "step");
        assertFails(IllegalArgumentException.class, () -> Tensor.arange(0, 5, -1), "arange", "wrong way");
        assertFails(IllegalArgumentException.class, () -> Tensor.arange(0, Double.NaN, 1), "arange");
        assertFails(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, -1), "linspace", "-1");
        assertFails(IllegalArgumentException.class, () -> Tensor.eye(DType.F32, -1, 2), "eye");
        assertFails(IllegalArgumentException.class, () -> Tensor.zeros(2, -3), "negative dimension", "[2, -3]");
        assertFails(NullPointerException.class, () -> Tensor.zeros((long[]) null), "shape is null");
        assertFails(NullPointerException.class, () -> Tensor.full(null, 1, 2), "dtype");
    }
}
