// TensorFormat: the readable toString of a tensor, in PyTorch's style: nested brackets, aligned
// columns, shared number format per tensor, "..." summaries past 1000 elements, and the dtype
// when it is not the default for its kind.
package dev.tessera.tensor;

import java.util.Locale;

final class TensorFormat {
    private static final int SUMMARIZE_OVER = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {}

    static String format(Tensor t) {
        if (t.isClosed()) return "tensor(<closed> " + t.describe() + ")";
        long[] shape = t.shapeRef();
        boolean summarize = t.numel() > SUMMARIZE_OVER;
        // Collect the values that will be printed, to choose one format for all of them.
        java.util.List<Double> shown = new java.util.ArrayList<>();
        collect(t, shape, 0, new long[shape.length], summarize, shown);
        NumberFormat nf = NumberFormat.choose(t.dtype(), shown);
        StringBuilder sb = new StringBuilder("tensor(");
        if (shape.length == 0) {
            sb.append(nf.format(t.get()).trim());
        } else if (t.numel() == 0) {
            sb.append("[]");
        } else {
            render(t, shape, 0, new long[shape.length], summarize, nf, sb, "tensor(".length() + 1);
        }
        boolean defaultType = t.dtype() == DType.DEFAULT_FLOAT || t.dtype() == DType.I64 || t.dtype() == DType.BOOL;
        if (t.numel() == 0 && shape.length != 1) sb.append(", size=").append(Shape.str(shape));
        if (!defaultType) sb.append(", dtype=").append(t.dtype());
        if (!t.device().isCpu()) sb.append(", device=").append(t.device());
        return sb.append(')').toString();
    }

    private static boolean skipped(long i, long size, boolean summarize) {
        return summarize && size > 2 * EDGE && i >= EDGE && i < size - EDGE;
    }

    private static void collect(Tensor t, long[] shape, int depth, long[] idx, boolean summarize, java.util.List<Double> out) {
        if (depth == shape.length) {
            out.add(t.get(idx));
            return;
        }
        for (long i = 0; i < shape[depth]; i++) {
            if (skipped(i, shape[depth], summarize)) continue;
            idx[depth] = i;
            collect(t, shape, depth + 1, idx, summarize, out);
        }
    }

    private static void render(Tensor t, long[] shape, int depth, long[] idx, boolean summarize, NumberFormat nf,
                               StringBuilder sb, int indent) {
        sb.append('[');
        long size = shape[depth];
        boolean last = depth == shape.length - 1;
        for (long i = 0; i < size; i++) {
            if (skipped(i, size, summarize)) {
                if (i == EDGE) sb.append(last ? "..., " : "...,\n" + " ".repeat(indent + depth));
                continue;
            }
            idx[depth] = i;
            if (last) sb.append(nf.format(t.get(idx)));
            else render(t, shape, depth + 1, idx, summarize, nf, sb, indent);
            if (i < size - 1) {
                sb.append(',');
                if (last) sb.append(' ');
                else sb.append("\n".repeat(shape.length - depth - 1)).append(" ".repeat(indent + depth));
            }
        }
        sb.append(']');
    }

    /** One format per tensor so columns line up. */
    private static final class NumberFormat {
        private final DType dtype;
        private final String pattern; // null: integers
        private final int width;

        private NumberFormat(DType dtype, String pattern, int width) {
            this.dtype = dtype;
            this.pattern = pattern;
            this.width = width;
        }

        static NumberFormat choose(DType dtype, java.util.List<Double> values) {
            String pattern = null;
            if (dtype.isFloat()) {
                boolean integral = true;
                double maxAbs = 0;
                double minAbs = Double.POSITIVE_INFINITY;
                for (double v : values) {
                    if (!Double.isFinite(v)) continue;
                    if (v != Math.rint(v)) integral = false;
                    double a = Math.abs(v);
                    maxAbs = Math.max(maxAbs, a);
                    if (a > 0) minAbs = Math.min(minAbs, a);
                }
                if (maxAbs >= 1e8 || (!integral && minAbs < 1e-4) || (maxAbs > 0 && maxAbs / minAbs > 1e6 && !integral)) {
                    pattern = "%.4e";
                } else {
                    pattern = integral ? "%.0f." : "%.4f";
                }
            }
            NumberFormat probe = new NumberFormat(dtype, pattern, 0);
            int w = 0;
            for (double v : values) w = Math.max(w, probe.raw(v).length());
            return new NumberFormat(dtype, pattern, w);
        }

        private String raw(double v) {
            if (dtype == DType.BOOL) return v != 0 ? "true" : "false";
            if (pattern == null) return Long.toString((long) v);
            if (Double.isNaN(v)) return "nan";
            if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
            return String.format(Locale.ROOT, pattern, v);
        }

        String format(double v) {
            String s = raw(v);
            return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
        }
    }
}
