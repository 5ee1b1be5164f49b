// Creation: functions that make tensors from nothing or from Java arrays (zeros, full, arange,
// linspace, eye, rand/randn/randint, fromArray) and copy them back out (toArray). They are not
// ops of the op table: nothing flows into them, so there is nothing to differentiate.
package dev.tessera.ops;

import dev.tessera.backend.Backend;
import dev.tessera.backend.Backends;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

public final class Creation {
    private Creation() {}

    private static Backend cpu() { return Backends.cpu(); }

    public static Tensor full(DType dtype, double value, long... shape) {
        if (dtype == null) throw new NullPointerException("full: dtype is null");
        Check.representable("full", dtype, value);
        Tensor t = Tensor.empty(cpu(), dtype, shape == null ? null : shape.clone());
        if (t.numel() > 0) cpu().fill(t, value);
        return t;
    }

    /** start, start+step, ... (< end for step > 0, > end for step < 0). */
    public static Tensor arange(DType dtype, double start, double end, double step) {
        if (step == 0 || Double.isNaN(step)) throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("arange: start and end must be finite, got " + start + " and " + end);
        }
        double count = Math.ceil((end - start) / step);
        if (count < 0) {
            throw new IllegalArgumentException("arange: step " + step + " goes the wrong way from " + start + " to " + end);
        }
        if (count > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("arange: too many elements (" + count + ")");
        int n = (int) count;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = start + i * step;
        return fromDoubles(dtype, v, new long[] {n});
    }

    public static Tensor linspace(DType dtype, double start, double end, long steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        if (steps > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("linspace: too many steps (" + steps + ")");
        int n = (int) steps;
        double[] v = new double[n];
        double step = n > 1 ? (end - start) / (n - 1) : 0;
        // Fill from both ends so the last value is exactly `end` (as numpy does).
        for (int i = 0; i < n; i++) v[i] = n == 1 || i < n / 2 ? start + i * step : end - (n - 1 - i) * step;
        return fromDoubles(dtype, v, new long[] {n});
    }

    public static Tensor eye(DType dtype, long rows, long cols) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("eye: sizes must be >= 0, got " + rows + "x" + cols);
        Tensor t = full(dtype, 0, rows, cols);
        for (long i = 0; i < Math.min(rows, cols); i++) t.set(1, i, i);
        return t;
    }

    public static Tensor rand(Generator g, DType dtype, long... shape) {
        requireFloat("rand", dtype);
        int n = count("rand", shape);
        Generator gen = g == null ? Generator.defaultGenerator() : g;
        if (dtype == DType.F32) return fromFlat(gen.uniformFloats(n), DType.F32, shape.clone());
        return fromFlat(gen.uniformDoubles(n), DType.F64, shape.clone());
    }

    public static Tensor randn(Generator g, DType dtype, long... shape) {
        requireFloat("randn", dtype);
        int n = count("randn", shape);
        Generator gen = g == null ? Generator.defaultGenerator() : g;
        return fromDoubles(dtype, gen.normals(n), shape.clone());
    }

    public static Tensor randint(Generator g, DType dtype, long low, long high, long... shape) {
        if (dtype.isFloat() || dtype == DType.BOOL) {
            throw new IllegalArgumentException("randint: dtype must be an integer type, got " + dtype);
        }
        int n = count("randint", shape);
        Generator gen = g == null ? Generator.defaultGenerator() : g;
        long[] v = gen.integers(n, low, high);
        Tensor t = fromFlat(v, DType.I64, shape.clone());
        if (dtype == DType.I64) return t;
        try {
            return Elementwise.cast(t, dtype);
        } finally {
            t.close();
        }
    }

    private static void requireFloat(String op, DType dtype) {
        if (dtype == null || !dtype.isFloat()) throw new IllegalArgumentException(op + ": dtype must be f32 or f64, got " + dtype);
    }

    private static int count(String op, long[] shape) {
        if (shape == null) throw new NullPointerException(op + ": shape is null");
        for (long d : shape) if (d < 0) throw new IllegalArgumentException(op + ": negative dimension in shape " + Shape.str(shape));
        long n = Shape.numel(shape);
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(op + ": shape " + Shape.str(shape) + " is too large");
        return (int) n;
    }

    private static Tensor fromDoubles(DType dtype, double[] values, long[] shape) {
        Tensor t = fromFlat(values, DType.F64, shape);
        if (dtype == DType.F64) return t;
        try {
            return Elementwise.cast(t, dtype);
        } finally {
            t.close();
        }
    }

    /** A contiguous tensor holding a flat primitive array of the dtype's Java type. */
    public static Tensor fromFlat(Object flat, DType dtype, long[] shape) {
        Tensor t = Tensor.empty(cpu(), dtype, shape);
        cpu().copyFromArray(flat, t);
        return t;
    }

    // ------------------------------------------------------------------ Java arrays in

    /** From a Java array of rank 1-4 (or deeper) of float, double, int, long, byte or boolean, or a boxed number. */
    public static Tensor fromArray(Object array) {
        if (array == null) throw new NullPointerException("fromArray: array is null");
        if (array instanceof Number || array instanceof Boolean) return fromScalar(array);
        if (!array.getClass().isArray()) {
            throw new IllegalArgumentException("fromArray: expected a Java array, got " + array.getClass().getName());
        }
        List<Long> dims = new ArrayList<>();
        Class<?> c = array.getClass();
        Object probe = array;
        while (c.isArray()) {
            int len = probe == null ? 0 : Array.getLength(probe);
            dims.add((long) len);
            probe = len > 0 ? Array.get(probe, 0) : null;
            c = c.getComponentType();
        }
        DType dtype = dtypeOf(c);
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long n = Shape.numel(shape);
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("fromArray: array too large");
        Object flat = newFlat(dtype, (int) n);
        int[] at = {0};
        flatten(array, 0, shape, flat, at, dtype);
        return fromFlat(flat, dtype, shape);
    }

    private static Tensor fromScalar(Object v) {
        if (v instanceof Boolean) return full(DType.BOOL, ((Boolean) v) ? 1 : 0);
        if (v instanceof Float) return full(DType.F32, (Float) v);
        if (v instanceof Double) return full(DType.F64, (Double) v);
        if (v instanceof Integer) return full(DType.I32, (Integer) v);
        if (v instanceof Byte) return full(DType.U8, ((Byte) v) & 0xFF);
        if (v instanceof Long) {
            Tensor t = Tensor.empty(cpu(), DType.I64, Shape.SCALAR);
            cpu().copyFromArray(new long[] {(Long) v}, t);
            return t;
        }
        throw new IllegalArgumentException("fromArray: unsupported scalar type " + v.getClass().getName());
    }

    private static DType dtypeOf(Class<?> c) {
        if (c == float.class) return DType.F32;
        if (c == double.class) return DType.F64;
        if (c == int.class) return DType.I32;
        if (c == long.class) return DType.I64;
        if (c == byte.class) return DType.U8;
        if (c == boolean.class) return DType.BOOL;
        throw new IllegalArgumentException("fromArray: unsupported element type " + c.getName()
                + " (use float, double, int, long, byte or boolean arrays)");
    }

    private static Object newFlat(DType dtype, int n) {
        switch (dtype) {
            case F32: return new float[n];
            case F64: return new double[n];
            case I32: return new int[n];
            case I64: return new long[n];
            default: return new byte[n];
        }
    }

    private static void flatten(Object a, int depth, long[] shape, Object flat, int[] at, DType dtype) {
        if (a == null) throw new IllegalArgumentException("fromArray: null sub-array at depth " + depth);
        int len = Array.getLength(a);
        if (len != shape[depth]) {
            throw new IllegalArgumentException("fromArray: ragged array: length " + len + " at depth " + depth + ", expected "
                    + shape[depth] + " (shape " + Shape.str(shape) + ")");
        }
        if (depth == shape.length - 1) {
            if (dtype == DType.BOOL) {
                boolean[] b = (boolean[]) a;
                byte[] out = (byte[]) flat;
                for (int i = 0; i < len; i++) out[at[0] + i] = (byte) (b[i] ? 1 : 0);
            } else {
                System.arraycopy(a, 0, flat, at[0], len);
            }
            at[0] += len;
            return;
        }
        for (int i = 0; i < len; i++) flatten(Array.get(a, i), depth + 1, shape, flat, at, dtype);
    }

    // ------------------------------------------------------------------ Java arrays out

    /** All elements in row-major order as a flat array of {@code as}'s Java type (boolean[] for BOOL). */
    public static Object toFlatArray(Tensor t, DType as) {
        t.checkOpen("toArray");
        long n = t.numel();
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("toArray: tensor " + t.describe() + " is too large for a Java array");
        Tensor src = t.dtype() == as ? Elementwise.contiguous(t) : Elementwise.cast(t, as);
        try {
            Tensor dense = src.isContiguous() ? src : Elementwise.copy(src);
            try {
                Object flat = newFlat(as, (int) n);
                if (n > 0) dense.backend().copyToArray(dense, flat);
                if (as != DType.BOOL) return flat;
                byte[] bytes = (byte[]) flat;
                boolean[] out = new boolean[bytes.length];
                for (int i = 0; i < bytes.length; i++) out[i] = bytes[i] != 0;
                return out;
            } finally {
                if (dense != src) dense.close();
            }
        } finally {
            src.close();
        }
    }

    /** A nested Java array of the tensor's dtype and rank (a boxed value for 0-D). */
    public static Object toArray(Tensor t) {
        Object flat = toFlatArray(t, t.dtype());
        long[] shape = t.shapeRef();
        if (shape.length == 0) return Array.get(flat, 0);
        int[] at = {0};
        return nest(flat, shape, 0, at);
    }

    private static Object nest(Object flat, long[] shape, int depth, int[] at) {
        int len = (int) shape[depth];
        Class<?> elem = flat.getClass().getComponentType();
        if (depth == shape.length - 1) {
            Object row = Array.newInstance(elem, len);
            System.arraycopy(flat, at[0], row, 0, len);
            at[0] += len;
            return row;
        }
        int[] dims = new int[shape.length - depth - 1];
        Object out = Array.newInstance(elem, prepend(len, dims));
        for (int i = 0; i < len; i++) Array.set(out, i, nest(flat, shape, depth + 1, at));
        return out;
    }

    private static int[] prepend(int first, int[] zeros) {
        int[] d = new int[zeros.length + 1];
        d[0] = first;
        return d;
    }
}
