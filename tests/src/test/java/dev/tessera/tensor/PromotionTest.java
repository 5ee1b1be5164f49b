// Type promotion, PyTorch's rules: DType.promote for two tensors, Elementwise.resultType with 0-d
// tensors (they only win with a higher category), Java scalars (a double promotes integer tensors
// to f32, a long never widens), and broadcasting errors that name the op and the clashing dims.
package dev.tessera.tensor;

import dev.tessera.ops.Elementwise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.*;

class PromotionTest extends ScopedTest {
    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
            "F32, F32, F32", "F32, F64, F64", "F32, I64, F32", "F64, I32, F64", "I32, I64, I64", "U8, I32, I32",
            "U8, I64, I64", "BOOL, U8, U8", "BOOL, I32, I32", "BOOL, F32, F32", "I64, F32, F32", "BOOL, BOOL, BOOL",
            "U8, U8, U8"})
    void promote(DType a, DType b, DType expected) {
        assertEquals(expected, DType.promote(a, b));
        assertEquals(expected, DType.promote(b, a), "promotion is symmetric");
    }

    @ParameterizedTest(name = "{0}[2] + {1}[] -> {2}")
    @CsvSource({
            "F32, F64, F32",   // a 0-d tensor of the same category does not widen
            "I32, I64, I32",
            "U8, I64, U8",
            "I32, F64, F64",   // a higher category wins, with the 0-d tensor's own dtype
            "I64, F32, F32",
            "BOOL, I32, I32",
            "BOOL, F64, F64",
            "F64, I64, F64",
            "U8, BOOL, U8"})
    void resultTypeWithAZeroDimTensor(DType dimensioned, DType zeroDim, DType expected) {
        Tensor a = Tensor.ones(dimensioned, 2);
        Tensor s = Tensor.scalar(zeroDim, 1);
        assertEquals(expected, Elementwise.resultType(a, s));
        assertEquals(expected, Elementwise.resultType(s, a), "order does not matter");
        assertDType(expected, a.add(s));
    }

    @Test
    void twoZeroDimTensorsPromoteNormally() {
        assertEquals(DType.F64, Elementwise.resultType(Tensor.scalar(DType.F32, 1), Tensor.scalar(DType.F64, 1)));
        assertEquals(DType.I64, Elementwise.resultType(Tensor.scalar(DType.I32, 1), Tensor.scalar(DType.I64, 1)));
    }

    @Test
    void javaScalars() {
        Tensor i = Tensor.fromArray(new int[] {1, 2});
        Tensor r = i.add(2.5);
        assertDType(DType.F32, r);
        assertValues(r, 3.5, 4.5);
        Tensor k = i.add(2L);
        assertDType(DType.I32, k);
        assertValues(k, 3, 4);
        assertDType(DType.I64, Tensor.arange(3).mul(3L));
        assertDType(DType.F64, Tensor.of(1.0).add(2.5));
        assertDType(DType.F32, Tensor.of(1f).mul(1e300), "a Java double does not widen an f32 tensor");
        Tensor u = Tensor.fromArray(new byte[] {(byte) 250});
        assertDType(DType.U8, u.add(10L));
        assertDType(DType.F32, u.add(0.5));
        Tensor b = Tensor.fromArray(new boolean[] {true, false});
        assertDType(DType.I64, b.add(1L));
        assertDType(DType.F32, b.mul(1.5));
    }

    @Test
    void comparisonsGiveBoolAndDivisionGivesFloat() {
        Tensor i = Tensor.fromArray(new int[] {1, 2, 3});
        assertDType(DType.BOOL, i.gt(1.5));
        assertArrayEquals(new boolean[] {false, true, true}, i.gt(1.5).toBooleanArray());
        assertDType(DType.BOOL, i.eq(Tensor.of(2L)));
        Tensor q = i.div(Tensor.fromArray(new int[] {2, 2, 2}));
        assertDType(DType.F32, q);
        assertValues(q, 0.5, 1, 1.5);
    }

    @Test
    void mixedTensorsPromoteBeforeComputing() {
        Tensor f = Tensor.of(0.5f, 0.5f);
        Tensor l = Tensor.of(1L, 2L);
        Tensor r = f.add(l);
        assertDType(DType.F32, r);
        assertValues(r, 1.5, 2.5);
        assertDType(DType.F64, Tensor.of(1.0, 2.0).mul(f));
    }

    @Test
    void broadcastShapes() {
        assertArrayEquals(new long[] {2, 3, 4}, Shape.broadcast("add", new long[] {3, 1}, new long[] {2, 1, 4}));
        assertArrayEquals(new long[] {0, 3}, Shape.broadcast("add", new long[] {0, 1}, new long[] {3}));
        assertArrayEquals(new long[] {5}, Shape.broadcast("add", Shape.SCALAR, new long[] {5}));
        assertShape(Tensor.ones(3, 1).add(Tensor.ones(4)), 3, 4);
    }

    @Test
    void broadcastErrorsNameTheOpShapesAndDim() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.broadcast("mul", new long[] {2, 3}, new long[] {4}));
        assertEquals("mul: shapes [2, 3] and [4] can't broadcast (dim 1: 3 vs 4)", e.getMessage());
        assertFails(IllegalArgumentException.class, () -> Tensor.ones(2, 3).sub(Tensor.ones(3, 2)),
                "sub", "[2, 3]", "[3, 2]", "dim 0: 2 vs 3");
    }

    @Test
    void axisNormalisation() {
        assertEquals(2, Shape.axis("op", -1, 3));
        assertEquals(0, Shape.axis("op", -3, 3));
        assertEquals(0, Shape.axis("op", 0, 0), "a 0-d tensor accepts dim 0 and -1, like PyTorch");
        assertFails(IllegalArgumentException.class, () -> Shape.axis("sum", 3, 3), "sum", "dim 3", "rank 3", "-3..2");
        assertFails(IllegalArgumentException.class, () -> Shape.axis("sum", -4, 3), "sum", "dim -4");
    }

    @Test
    void contiguityAndStrides() {
        assertArrayEquals(new long[] {12, 4, 1}, Shape.contiguousStrides(new long[] {2, 3, 4}));
        assertTrue(Shape.isContiguous(new long[] {2, 1, 3}, new long[] {3, 99, 1}), "size-1 dims don't matter");
        assertFalse(Shape.isContiguous(new long[] {2, 3}, new long[] {1, 2}));
        assertEquals("[]", Shape.str(Shape.SCALAR));
    }
}
