// Casts between every pair of dtypes, checked against Java's own conversions: floats truncate
// toward zero into integers, integers wrap into u8, anything non-zero (NaN included) is true.
package dev.tessera.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class CastTest extends ScopedTest {
    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (DType from : DType.values()) for (DType to : DType.values()) out.add(Arguments.of(from, to));
        return out.stream();
    }

    /** Source values that each dtype holds exactly. */
    private static double[] source(DType dt) {
        switch (dt) {
            case F32:
            case F64: return new double[] {0, 1.875, -2.75, 3.5, 100.25, -0.5, 65536.5, -7};
            case I32: return new double[] {0, 1, -2, 3, 100, -1, 70000, -300};
            case I64: return new double[] {0, 1, -2, 3, 100, -1, 1L << 40, -300};
            case U8: return new double[] {0, 1, 2, 3, 100, 255, 128, 7};
            default: return new double[] {0, 1, 1, 0, 1, 0, 0, 1};
        }
    }

    /** Java's conversion of v to dt, or NaN where C++ leaves it undefined (negative/huge float to u8). */
    private static double convert(double v, DType from, DType to) {
        switch (to) {
            case F32: return (float) v;
            case F64: return v;
            case I32: return from == DType.I64 ? (int) (long) v : (int) v;
            case I64: return (long) v;
            case U8:
                if (from.isFloat() && (v < 0 || v >= 256)) return Double.NaN;
                return ((long) v) & 0xFF;
            default: return v != 0 ? 1 : 0;
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void castMatchesJava(DType from, DType to) {
        double[] src = source(from);
        Tensor x = Tensor.fromArray(src).to(from);
        Tensor y = x.to(to);
        assertDType(to, y);
        assertShape(y, src.length);
        double[] got = y.toDoubleArray();
        for (int i = 0; i < src.length; i++) {
            double want = convert(src[i], from, to);
            if (Double.isNaN(want)) continue;
            assertEquals(want, got[i], 0, from + " " + src[i] + " -> " + to);
        }
    }

    @Test
    void floatToIntTruncatesTowardZero() {
        Tensor x = Tensor.of(2.9f, -2.9f, 0.5f, -0.5f, -0.0f);
        assertArrayEquals(new long[] {2, -2, 0, 0, 0}, x.to(DType.I64).toLongArray());
        assertArrayEquals(new int[] {2, -2, 0, 0, 0}, x.to(DType.I32).toIntArray());
    }

    @Test
    void nanAndInfinityAreTrue() {
        Tensor x = Tensor.of(Float.NaN, Float.POSITIVE_INFINITY, 0f, -0f, 1e-30f);
        assertArrayEquals(new boolean[] {true, true, false, false, true}, x.to(DType.BOOL).toBooleanArray());
    }

    @Test
    void castOfAStridedViewIsDense() {
        Tensor x = Tensor.arange(DType.F64, 0, 6, 1).view(2, 3).t();
        Tensor y = x.to(DType.I32);
        assertTrue(y.isContiguous());
        assertValues(y, 0, 3, 1, 4, 2, 5);
    }

    @Test
    void castToTheSameDtypeIsAViewAndCastCopiesOtherwise() {
        Tensor x = Tensor.ones(3);
        assertSameStorage(x, x.to(DType.F32));
        Tensor y = x.to(DType.F64);
        assertOwnStorage(x, y);
        x.set(5, 0);
        assertEquals(1.0, y.get(0), "a cast is a copy, not a view");
        assertFails(NullPointerException.class, () -> x.to(null), "cast", "dtype");
    }
}
