// Sample: one entry of the op database — an op, its inputs described by shape, dtype, memory
// layout and value distribution, how to call the op, and the float64 reference it must match.
// Inputs are rebuilt from a seed on every run, so the same sample can be replayed with another
// layout (contiguous vs strided) and give the same logical values.
package dev.tessera.opdb;

import dev.tessera.ops.Creation;
import dev.tessera.ops.Op;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

record Sample(Op op, String label, DType dtype, List<In> inputs, Invoke invoke, Reference reference,
              Function<DType, Tol> tol) {

    /** Runs the op on materialised inputs; returns a Tensor or a List of Tensors. */
    interface Invoke {
        Object run(List<Tensor> in);
    }

    /** The expected result from the inputs' logical values; a Ref or a List of Refs. */
    interface Reference {
        Object expect(List<Ref> in);
    }

    /** How an input is laid out in memory; its logical values never depend on it. */
    enum Layout {
        /** Dense row-major. */
        CONTIGUOUS,
        /** The transpose of a transposed copy: last two dims swapped in memory. */
        TRANSPOSED,
        /** Every other element of a buffer twice as long in the last dim, starting at offset 1. */
        STEPPED,
        /** A size-1 dim (or missing leading dim) broadcast with stride 0. */
        EXPANDED
    }

    /** Produces the values of a stored shape (before any expansion). */
    interface Values {
        double[] make(Random r, DType dt, long[] shape);

        /** Gaussians (sd 2) for floats; small integers (-9..9, u8 0..9) for integer dtypes; coin flips for bool. */
        Values DEFAULT = (r, dt, s) -> fill(s, () -> dt.isFloat() ? 2 * r.nextGaussian()
                : dt == DType.BOOL ? (r.nextBoolean() ? 1 : 0)
                : dt == DType.U8 ? r.nextInt(10) : r.nextInt(19) - 9);

        /** Strictly positive (log, sqrt, rsqrt, pow bases): [0.1, 4) or 1..9. */
        Values POSITIVE = (r, dt, s) -> fill(s, () -> dt.isFloat() ? 0.1 + 3.9 * r.nextDouble() : 1 + r.nextInt(9));

        /** Whole numbers in [lo, hi] for every dtype, so floats can tie and compare equal. */
        static Values ints(int lo, int hi) {
            return (r, dt, s) -> fill(s, () -> dt == DType.BOOL ? r.nextInt(2) : lo + r.nextInt(hi - lo + 1));
        }

        /** One distribution for floats, another for integers; bools are always coin flips. */
        static Values byKind(Values floats, Values integers) {
            return (r, dt, s) -> dt.isFloat() ? floats.make(r, dt, s) : dt == DType.BOOL ? DEFAULT.make(r, dt, s) : integers.make(r, dt, s);
        }

        /**
         * Indices in [-size, size) that never repeat along any dim: (sum of the index's coordinates
         * + c) mod size, so a scatter along any dim whose index extent is <= size is deterministic.
         */
        static Values latin(long size) {
            return (r, dt, s) -> {
                long c = r.nextInt((int) Math.max(size, 1));
                double[] v = new double[Ref.numel(s)];
                for (int i = 0; i < v.length; i++) {
                    long sum = c;
                    for (long x : Ref.unravel(i, s)) sum += x;
                    long k = sum % size;
                    v[i] = r.nextBoolean() ? k : k - size;
                }
                return v;
            };
        }

        /** Uniform in [lo, hi) for floats. */
        static Values uniform(double lo, double hi) {
            return (r, dt, s) -> fill(s, () -> lo + (hi - lo) * r.nextDouble());
        }

        /** The given values, cycled. */
        static Values of(double... values) {
            return (r, dt, s) -> {
                double[] v = new double[Ref.numel(s)];
                for (int i = 0; i < v.length; i++) v[i] = values[i % values.length];
                return v;
            };
        }

        /** Indices into a dim of {@code size}, negatives included ([-size, size)). */
        static Values index(long size) {
            return (r, dt, s) -> fill(s, () -> size == 0 ? 0 : r.nextInt((int) (2 * size)) - size);
        }

        private static double[] fill(long[] shape, java.util.function.DoubleSupplier next) {
            double[] v = new double[Ref.numel(shape)];
            for (int i = 0; i < v.length; i++) v[i] = next.getAsDouble();
            return v;
        }
    }

    /**
     * One tensor input: logical shape, dtype (null = the sample's), layout and values. Values are
     * made for {@code stored} (the shape before expansion) and broadcast to {@code shape}.
     */
    record In(long[] shape, DType dtype, Layout layout, long[] stored, Values values) {
        static In t(long... shape) { return new In(shape, null, Layout.CONTIGUOUS, shape, Values.DEFAULT); }

        In transposed() { return new In(shape, dtype, Layout.TRANSPOSED, shape, values); }

        In stepped() { return new In(shape, dtype, Layout.STEPPED, shape, values); }

        /** Stored as {@code from} (size 1 where broadcast, possibly fewer dims) and expanded to the shape. */
        In expandedFrom(long... from) { return new In(shape, dtype, Layout.EXPANDED, from, values); }

        In as(DType dt) { return new In(shape, dt, layout, stored, values); }

        In values(Values vs) { return new In(shape, dtype, layout, stored, vs); }

        In layout(Layout l) { return new In(shape, dtype, l, stored, values); }

        int rank() { return shape.length; }

        @Override
        public String toString() {
            String s = Arrays.toString(shape) + (dtype == null ? "" : dtype.toString());
            return layout == Layout.CONTIGUOUS ? s : s + ":" + layout.name().toLowerCase();
        }
    }

    /** Relative and absolute tolerance for one result dtype. */
    record Tol(double rtol, double atol) {
        static final Tol EXACT = new Tol(0, 0);

        /** The default for a dtype: f32 1e-5/1e-6, f64 1e-11/1e-12, integers exact. */
        static Tol of(DType dt) {
            return dt == DType.F32 ? new Tol(1e-5, 1e-6) : dt == DType.F64 ? new Tol(1e-11, 1e-12) : EXACT;
        }
    }

    DType dtypeOf(In in) { return in.dtype != null ? in.dtype : dtype; }

    /** Display name: op, inputs, attributes and dtype. */
    String name() { return op.name() + " " + inputs + (label.isEmpty() ? "" : " " + label) + (dtype == null ? "" : " " + dtype); }

    /** The logical value of each input, reproducible from the sample's name. */
    List<Ref> refs() {
        List<Ref> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            In in = inputs.get(i);
            DType dt = dtypeOf(in);
            Random r = new Random(op.name().hashCode() * 31L + label.hashCode() * 7L + Arrays.hashCode(in.shape) + 1009L * i
                    + (dt == null ? 0 : dt.ordinal()));
            Ref stored = Ref.of(dt, in.stored, in.values.make(r, dt, in.stored));
            out.add(Arrays.equals(in.stored, in.shape) ? stored : stored.expandTo(in.shape));
        }
        return out;
    }

    /** Builds the input tensors (in the current scope) with their layouts. */
    List<Tensor> materialize(List<Ref> refs) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) out.add(make(inputs.get(i), refs.get(i)));
        return out;
    }

    /** The same sample with every input laid out one way: contiguous, or strided where the rank allows. */
    Sample relayout(boolean strided) {
        List<In> ins = new ArrayList<>();
        for (In in : inputs) {
            Layout l = !strided || in.rank() == 0 ? Layout.CONTIGUOUS : in.rank() >= 2 ? Layout.TRANSPOSED : Layout.STEPPED;
            ins.add(in.layout == Layout.EXPANDED && strided ? in : in.layout(l));
        }
        return new Sample(op, label, dtype, ins, invoke, reference, tol);
    }

    private static Tensor make(In in, Ref value) {
        switch (in.layout) {
            case TRANSPOSED: {
                if (in.rank() < 2) return dense(value);
                try (Tensor base = dense(value.transpose(-2, -1))) {
                    return base.transpose(-2, -1);
                }
            }
            case STEPPED: {
                if (in.rank() < 1) return dense(value);
                long[] s = in.shape.clone();
                long n = s[s.length - 1];
                s[s.length - 1] = 2 * n + 1;
                // Odd positions hold the values; even ones a poison value a stride bug would expose.
                double poison = value.dtype.isFloat() ? Double.NaN : value.dtype == DType.BOOL ? 1 : 77;
                double[] buf = new double[Ref.numel(s)];
                for (int i = 0; i < buf.length; i++) {
                    long[] idx = Ref.unravel(i, s);
                    long j = idx[s.length - 1];
                    idx[s.length - 1] = j / 2;
                    buf[i] = j % 2 == 1 ? value.at(idx) : poison;
                }
                try (Tensor base = dense(Ref.of(value.dtype, s, buf))) {
                    return base.slice(-1, 1, 2 * n, 2);
                }
            }
            case EXPANDED: {
                Ref stored = value.pick(in.stored, value.dtype, idx -> {
                    long[] src = new long[in.rank()];
                    int off = in.rank() - idx.length;
                    System.arraycopy(idx, 0, src, off, idx.length);
                    return src;
                });
                try (Tensor base = dense(stored)) {
                    return base.expand(in.shape);
                }
            }
            default:
                return dense(value);
        }
    }

    /** A contiguous tensor holding exactly the reference's values (no library conversion involved). */
    static Tensor dense(Ref r) {
        int n = r.numel();
        Object flat;
        switch (r.dtype) {
            case F32: {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) a[i] = (float) r.v[i];
                flat = a;
                break;
            }
            case F64: flat = r.v.clone(); break;
            case I32: {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) a[i] = (int) r.v[i];
                flat = a;
                break;
            }
            case I64: {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) a[i] = (long) r.v[i];
                flat = a;
                break;
            }
            default: {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) a[i] = (byte) (long) r.v[i];
                flat = a;
            }
        }
        return Creation.fromFlat(flat, r.dtype, r.shape.clone());
    }
}
