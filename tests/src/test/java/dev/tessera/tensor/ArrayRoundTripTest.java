// Java arrays in and out: fromArray/toArray round trips for 0-4-D arrays of every supported
// element type (float, double, int, long, byte, boolean), flat readers with conversion, and
// clear errors for ragged, null and unsupported arrays.
package dev.tessera.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class ArrayRoundTripTest extends ScopedTest {
    private static final Class<?>[] ELEMENTS = {float.class, double.class, int.class, long.class, byte.class, boolean.class};
    private static final DType[] DTYPES = {DType.F32, DType.F64, DType.I32, DType.I64, DType.U8, DType.BOOL};
    private static final int[][] SHAPES = {{5}, {2, 3}, {2, 3, 4}, {2, 1, 3, 2}};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int e = 0; e < ELEMENTS.length; e++) {
            for (int[] shape : SHAPES) out.add(Arguments.of(ELEMENTS[e].getSimpleName(), DTYPES[e], shape));
        }
        return out.stream();
    }

    /** A nested array of the given element type and shape holding distinct values (incl. negatives and > 127). */
    private static Object nested(Class<?> elem, int[] shape, int[] counter) {
        Object a = Array.newInstance(shape.length == 1 ? elem : Array.newInstance(elem, new int[shape.length - 1]).getClass(), shape[0]);
        for (int i = 0; i < shape[0]; i++) {
            if (shape.length == 1) {
                int k = counter[0]++;
                double v = (k % 2 == 0 ? 1 : -1) * (k * 37 % 251) + 0.25 * (k % 3);
                if (elem == float.class) Array.setFloat(a, i, (float) v);
                else if (elem == double.class) Array.setDouble(a, i, v);
                else if (elem == int.class) Array.setInt(a, i, (int) v * 1000);
                else if (elem == long.class) Array.setLong(a, i, (long) v * 1_000_000_000_000L);
                else if (elem == byte.class) Array.setByte(a, i, (byte) (k * 37));
                else Array.setBoolean(a, i, k % 3 == 0);
            } else {
                int[] rest = java.util.Arrays.copyOfRange(shape, 1, shape.length);
                Array.set(a, i, nested(elem, rest, counter));
            }
        }
        return a;
    }

    private static Class<?> elementOf(String name) {
        for (Class<?> c : ELEMENTS) if (c.getSimpleName().equals(name)) return c;
        throw new AssertionError(name);
    }

    @ParameterizedTest(name = "{0}{2}")
    @MethodSource("cases")
    void roundTrip(String element, DType dtype, int[] shape) {
        Object array = nested(elementOf(element), shape, new int[1]);
        Tensor t = Tensor.fromArray(array);
        assertDType(dtype, t);
        assertArrayEquals(java.util.Arrays.stream(shape).asLongStream().toArray(), t.shape());
        Object back = t.toArray();
        assertSame(array.getClass(), back.getClass());
        assertTrue(java.util.Objects.deepEquals(array, back), "round trip of " + element + java.util.Arrays.toString(shape));
        // And through a non-contiguous view: the transpose of the transpose reads the same.
        if (shape.length >= 2) {
            Tensor tt = t.transpose(0, shape.length - 1).transpose(0, shape.length - 1);
            assertTrue(java.util.Objects.deepEquals(array, tt.toArray()));
        }
    }

    @Test
    void boxedScalarsAreZeroDimensional() {
        assertEquals(2.5f, Tensor.fromArray(2.5f).toArray());
        assertEquals(2.5, Tensor.fromArray(2.5).toArray());
        assertEquals(7, Tensor.fromArray(7).toArray());
        assertEquals(1L << 40, Tensor.fromArray(1L << 40).toArray());
        assertEquals(Boolean.TRUE, Tensor.fromArray(true).toArray());
        assertEquals((byte) 200, Tensor.fromArray((byte) 200).toArray());
        assertEquals(0, Tensor.fromArray(3.0).dim());
        assertDType(DType.I32, Tensor.fromArray(7));
    }

    @Test
    void largeLongsAreExact() {
        long[] v = {Long.MAX_VALUE, Long.MIN_VALUE, (1L << 53) + 1};
        assertArrayEquals(v, Tensor.of(v).toLongArray());
        assertEquals((1L << 53) + 1, Tensor.of(v).getLong(2));
    }

    @Test
    void transposedReadsInRowMajorOrder() {
        Tensor t = Tensor.fromArray(new float[][] {{1, 2, 3}, {4, 5, 6}}).t();
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.toFloatArray());
        assertArrayEquals(new float[][] {{1, 4}, {2, 5}, {3, 6}}, (float[][]) t.toArray());
    }

    @Test
    void flatReadersConvert() {
        Tensor t = Tensor.fromArray(new double[] {-1.5, 0, 2.7});
        assertArrayEquals(new int[] {-1, 0, 2}, t.toIntArray());
        assertArrayEquals(new long[] {-1, 0, 2}, t.toLongArray());
        assertArrayEquals(new boolean[] {true, false, true}, t.toBooleanArray());
        assertArrayEquals(new float[] {-1.5f, 0, 2.7f}, t.toFloatArray());
    }

    @Test
    void emptyArrays() {
        Tensor e = Tensor.fromArray(new float[0]);
        assertShape(e, 0);
        assertEquals(0, ((float[]) e.toArray()).length);
        Tensor rows = Tensor.fromArray(new int[3][0]);
        assertShape(rows, 3, 0);
        assertEquals(3, ((int[][]) rows.toArray()).length);
    }

    @Test
    void raggedArraysAreRejected() {
        assertFails(IllegalArgumentException.class, () -> Tensor.fromArray(new float[][] {{1, 2}, {3}}),
                "fromArray", "ragged", "length 1 at depth 1", "expected 2");
        assertFails(IllegalArgumentException.class, () -> Tensor.fromArray(new int[][] {{1}, {2, 3}}), "ragged");
        assertFails(IllegalArgumentException.class,
                () -> Tensor.fromArray(new double[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7}}}), "ragged", "depth 2");
    }

    @Test
    void nullsAndUnsupportedTypesAreRejected() {
        assertFails(NullPointerException.class, () -> Tensor.fromArray(null), "fromArray");
        assertFails(IllegalArgumentException.class, () -> Tensor.fromArray(new float[][] {{1}, null}), "fromArray", "null");
        assertFails(IllegalArgumentException.class, () -> Tensor.fromArray(new String[] {"a"}), "fromArray", "String");
        assertFails(IllegalArgumentException.class, () -> Tensor.fromArray(new short[] {1}), "fromArray", "short");
        assertFails(IllegalArgumentException.class, () -> Tensor.fromArray("text"), "fromArray");
        assertFails(IllegalArgumentException.class, () -> Tensor.fromArray(new Float[] {1f}), "fromArray");
    }
}
