// GradCheck: compares the gradients autograd computes with central finite differences in float64
// (eps 1e-6, atol 1e-5, rtol 1e-3 by default) and reports the worst element. Full mode compares
// the whole Jacobian; fast mode compares one random projection v·J·u (for large ops); the
// second-order check runs the same comparison on the gradient function itself (double backward).
package dev.tessera.autograd;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Function;

public final class GradCheck {
    private GradCheck() {}

    /** Tolerances and mode (fast: one random projection instead of the whole Jacobian). */
    public record Options(double eps, double atol, double rtol, boolean fast, long seed) {
        public static Options defaults() { return new Options(1e-6, 1e-5, 1e-3, false, 0); }

        public Options withFast(boolean on) { return new Options(eps, atol, rtol, on, seed); }

        public Options withTolerances(double newAtol, double newRtol) { return new Options(eps, newAtol, newRtol, fast, seed); }
    }

    /** The outcome, with the worst element: which input, where, analytic vs numeric, relative error. */
    public record Result(boolean passed, int input, long[] index, double analytic, double numeric, double relativeError,
                         int comparisons) {
        @Override
        public String toString() {
            return (passed ? "gradcheck passed" : "gradcheck FAILED") + String.format(
                    " (%d comparisons); worst: input %d at %s: analytic %.10g, numeric %.10g, relative error %.3g",
                    comparisons, input, Arrays.toString(index), analytic, numeric, relativeError);
        }
    }

    /** Checks f's first derivatives at the given float64 leaf inputs (they must require grad). */
    public static Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(f, Options.defaults(), inputs);
    }

    public static Result check(Function<Tensor[], Tensor> f, Options o, Tensor... inputs) {
        validate(inputs);
        return o.fast() ? fast(f, o, inputs) : full(f, o, inputs);
    }

    private static void validate(Tensor[] inputs) {
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t.dtype() != DType.F64 || !t.requiresGrad() || !t.isLeaf()) {
                throw new IllegalArgumentException("gradcheck: input " + i + " " + t.describe()
                        + " must be an f64 leaf with requiresGrad(true)");
            }
        }
    }

    /** Fails with the report when the check fails. */
    public static Result assertPasses(String what, Function<Tensor[], Tensor> f, Options o, Tensor... inputs) {
        Result r = check(f, o, inputs);
        if (!r.passed()) throw new AssertionError(what + ": " + r);
        return r;
    }

    /**
     * Second-order check: differentiates the vector-Jacobian product x -> v·J(x) (computed by a
     * backward pass with createGraph) and compares it with finite differences of that product.
     */
    public static Result checkSecondOrder(Function<Tensor[], Tensor> f, Options o, Tensor... inputs) {
        validate(inputs); // before f runs on them
        double[] v = randomOutputWeights(f, inputs, o.seed() + 1);
        Function<Tensor[], Tensor> vjp = xs -> {
            // Numeric evaluation runs under noGrad; the product itself needs a graph either way.
            try (GradMode.Guard on = GradMode.enableGrad()) {
                Tensor y = f.apply(xs);
                Tensor weights = Tensor.fromArray(v).reshape(y.shape());
                Tensor[] grads = Autograd.grad(y, weights, true, xs);
                Tensor[] flat = new Tensor[grads.length];
                for (int i = 0; i < grads.length; i++) flat[i] = grads[i].reshape(-1);
                return Tensor.cat(0, flat);
            }
        };
        return check(vjp, o, inputs);
    }

    // ------------------------------------------------------------------ full Jacobian

    private static Result full(Function<Tensor[], Tensor> f, Options o, Tensor[] inputs) {
        double[] y0 = evaluate(f, inputs);
        int outputs = y0.length;
        Worst worst = new Worst();
        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i];
            long n = x.numel();
            // Analytic Jacobian rows: one backward per output element.
            double[][] analytic = new double[outputs][];
            for (int j = 0; j < outputs; j++) {
                double[] onehot = new double[outputs];
                onehot[j] = 1;
                analytic[j] = vjp(f, inputs, onehot, i);
            }
            for (long e = 0; e < n; e++) {
                double[][] plusMinus = perturbed(f, inputs, i, e, o.eps());
                for (int j = 0; j < outputs; j++) {
                    double numeric = (plusMinus[0][j] - plusMinus[1][j]) / (2 * o.eps());
                    worst.offer(i, unravel(x.shapeRef(), e), analytic[j][(int) e], numeric, o);
                }
            }
        }
        return worst.result();
    }

    // ------------------------------------------------------------------ random projections

    private static Result fast(Function<Tensor[], Tensor> f, Options o, Tensor[] inputs) {
        Generator gen = new Generator(o.seed());
        double[] v = randomOutputWeights(f, inputs, o.seed() + 1);
        Worst worst = new Worst();
        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i];
            double[] u = gen.normals((int) x.numel());
            double[] g = vjp(f, inputs, v, i);
            double analytic = 0;
            for (int e = 0; e < u.length; e++) analytic += g[e] * u[e];
            double[] base = x.toDoubleArray();
            double[] plus = base.clone();
            double[] minus = base.clone();
            for (int e = 0; e < u.length; e++) {
                plus[e] += o.eps() * u[e];
                minus[e] -= o.eps() * u[e];
            }
            double numeric = (dot(v, evaluateWith(f, inputs, i, plus)) - dot(v, evaluateWith(f, inputs, i, minus))) / (2 * o.eps());
            writeAll(x, base);
            worst.offer(i, new long[0], analytic, numeric, o);
        }
        return worst.result();
    }

    // ------------------------------------------------------------------ helpers

    private static double[] randomOutputWeights(Function<Tensor[], Tensor> f, Tensor[] inputs, long seed) {
        int outputs = evaluate(f, inputs).length;
        return new Generator(seed).normals(outputs);
    }

    /** v·J for input i, by one backward pass. */
    private static double[] vjp(Function<Tensor[], Tensor> f, Tensor[] inputs, double[] v, int i) {
        try (Scope s = Scope.open()) {
            Tensor y = f.apply(inputs);
            if (!y.requiresGrad()) return new double[(int) inputs[i].numel()];
            Tensor weights = Tensor.fromArray(v).reshape(y.shape());
            Tensor[] g = Autograd.grad(y, weights, false, inputs[i]);
            return g[0].toDoubleArray();
        }
    }

    private static double[] evaluate(Function<Tensor[], Tensor> f, Tensor[] inputs) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            return f.apply(inputs).to(DType.F64).toDoubleArray();
        }
    }

    private static double[] evaluateWith(Function<Tensor[], Tensor> f, Tensor[] inputs, int i, double[] values) {
        writeAll(inputs[i], values);
        return evaluate(f, inputs);
    }

    /** f evaluated with element e of input i moved by +eps and by -eps. */
    private static double[][] perturbed(Function<Tensor[], Tensor> f, Tensor[] inputs, int i, long e, double eps) {
        Tensor x = inputs[i];
        long[] idx = unravel(x.shapeRef(), e);
        double orig = x.get(idx);
        try {
            setQuietly(x, orig + eps, idx);
            double[] plus = evaluate(f, inputs);
            setQuietly(x, orig - eps, idx);
            double[] minus = evaluate(f, inputs);
            return new double[][] {plus, minus};
        } finally {
            setQuietly(x, orig, idx);
        }
    }

    private static void writeAll(Tensor x, double[] values) {
        long[] shape = x.shapeRef();
        for (int e = 0; e < values.length; e++) setQuietly(x, values[e], unravel(shape, e));
    }

    /** Perturbs an input element outside the graph (the input is a leaf that requires grad). */
    private static void setQuietly(Tensor x, double value, long[] idx) {
        try (GradMode.Guard off = GradMode.noGrad()) {
            x.set(value, idx);
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static long[] unravel(long[] shape, long flat) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return idx;
    }

    /** Keeps the comparison with the largest relative error, and whether any failed. */
    private static final class Worst {
        boolean passed = true;
        int input = -1;
        long[] index = new long[0];
        double analytic;
        double numeric;
        double rel = -1;
        int count;

        void offer(int i, long[] idx, double a, double n, Options o) {
            count++;
            double diff = Math.abs(a - n);
            boolean ok = diff <= o.atol() + o.rtol() * Math.abs(n) || (Double.isNaN(a) && Double.isNaN(n));
            double r = diff / Math.max(Math.abs(n), 1e-12);
            // The reported element: the worst failure, or the worst relative error when all pass
            // (a failure replaces any passing element reported so far, whatever its error).
            boolean replace = ok ? passed && (r > rel || input < 0) : passed || r > rel;
            if (!ok) passed = false;
            if (replace) {
                input = i;
                index = idx;
                analytic = a;
                numeric = n;
                rel = r;
            }
        }

        Result result() { return new Result(passed, Math.max(input, 0), index, analytic, numeric, Math.max(rel, 0), count); }
    }
}
