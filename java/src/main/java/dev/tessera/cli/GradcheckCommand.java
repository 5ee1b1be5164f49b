// GradcheckCommand: `tessera gradcheck OP` runs GradCheck (float64 central differences against
// autograd) on one op of the op table, with small built-in inputs for the op families whose inputs
// follow a pattern: unary and binary elementwise (with broadcasting), reductions, softmax, matmul,
// conversions and the losses. Inputs are seeded and kept away from kinks (|x| >= 0.2 for abs/relu...,
// positive where log/sqrt need it, probabilities in [0.1, 0.9]). Other ops (views, indexing, and the
// layer families) are gradchecked by the test suite; for them the command says so and exits 2.
package dev.tessera.cli;

import dev.tessera.autograd.GradCheck;
import dev.tessera.memory.Scope;
import dev.tessera.ops.BinaryOp;
import dev.tessera.ops.Creation;
import dev.tessera.ops.Elementwise;
import dev.tessera.ops.Losses;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.ops.Op;
import dev.tessera.ops.OpRegistry;
import dev.tessera.ops.UnaryOp;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = {"Check one op's gradients against finite differences.",
                "Float64 central differences (eps 1e-6, atol 1e-5, rtol 1e-3) on small",
                "built-in inputs; reports the worst element."},
        footer = {"", "Ops with built-in inputs: unary and binary elementwise, reductions,",
                "softmax, log_softmax, matmul, cast/contiguous/copy and the losses. The test",
                "suite gradchecks every differentiable op.",
                "", "Examples:", "  tessera gradcheck tanh", "  tessera gradcheck matmul --second-order",
                "", "With --json the last line is",
                "{\"command\":\"gradcheck\",\"op\":...,\"passed\":...,\"worst\":{...}}."})
public final class GradcheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OP", description = "An op name from the op table (add, tanh, sum, matmul, cross_entropy...)")
    String opName;

    @Option(names = "--fast", description = "Compare one random projection of the Jacobian instead of all of it")
    boolean fast;

    @Option(names = "--second-order", description = "Also check the gradient of the gradient (double backward)")
    boolean secondOrder;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    /** An op applied to float64 inputs that require grad; constants (labels, exponents) live inside f. */
    record Case(String inputs, long[][] shapes, Function<Tensor[], Tensor> f) {}

    @Override
    public Integer call() {
        Op op;
        Case c;
        try {
            op = OpRegistry.byName(opName);
            if (!op.differentiable()) throw new IllegalArgumentException("op '" + op.name() + "' is not differentiable: there is no gradient to check");
            c = caseFor(op);
            if (c == null) {
                throw new IllegalArgumentException("no built-in inputs for op '" + op.name() + "' (" + op.family() + "); the test suite"
                        + " gradchecks it (mvn -B verify -Dtest=GradCheckTest). Ops with built-in inputs: " + withInputs());
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        GradCheck.Options options = GradCheck.Options.defaults().withFast(fast);
        boolean passed = true;
        Json.Obj out = Json.object().put("command", "gradcheck").put("op", op.name()).put("inputs", c.inputs());
        try (Scope s = Scope.open()) {
            System.out.printf("gradcheck %s (%s), %s inputs %s%n", op.name(), op.family().name().toLowerCase(java.util.Locale.ROOT),
                    c.inputs(), Arrays.deepToString(c.shapes()));
            GradCheck.Result first = GradCheck.check(c.f(), options, inputs(c.shapes()));
            System.out.println("  first order:  " + first);
            passed &= first.passed();
            out.put("worst", worst(first));
            if (secondOrder) {
                GradCheck.Result second = GradCheck.checkSecondOrder(c.f(), options, inputs(c.shapes()));
                System.out.println("  second order: " + second);
                passed &= second.passed();
                out.put("secondOrderWorst", worst(second));
            }
        }
        if (json.enabled()) System.out.println(out.put("passed", passed));
        return passed ? 0 : 1;
    }

    private static Json.Obj worst(GradCheck.Result r) {
        return Json.object().put("passed", r.passed()).put("input", r.input()).put("index", r.index()).put("analytic", r.analytic())
                .put("numeric", r.numeric()).put("relativeError", r.relativeError()).put("comparisons", r.comparisons());
    }

    /** Seeded f64 leaves in [-1, 1) that require grad; each case maps them to the range its op needs. */
    private static Tensor[] inputs(long[][] shapes) {
        Generator g = new Generator(7);
        Tensor[] xs = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            try (Tensor u = Creation.rand(g, DType.F64, shapes[i])) {
                xs[i] = u.mul(2.0).sub(1.0).requiresGrad(true);
            }
        }
        return xs;
    }

    // Maps of u in [-1, 1): into [lo, hi), or away from zero (|x| in [0.2, 1], sign kept).
    private static Tensor range(Tensor u, double lo, double hi) { return u.add(1.0).mul((hi - lo) / 2).add(lo); }

    private static Tensor awayFromZero(Tensor u) { return u.mul(0.8).add(u.sign().mul(0.2)); }

    private static final long[] MATRIX = {3, 4};

    /** The built-in inputs for op, or null when it has none. */
    static Case caseFor(Op op) {
        if (op instanceof UnaryOp u) return unary(u);
        if (op instanceof BinaryOp b) {
            return new Case("[3, 4] in [0.5, 2) and [4] with |x| >= 0.2 (broadcast)", new long[][] {MATRIX, {4}},
                    xs -> Elementwise.binary(b, range(xs[0], 0.5, 2), awayFromZero(xs[1])));
        }
        switch (op.family()) {
            case REDUCTION: return reduction(op);
            case NORMALIZATION:
                if (op.name().equals("softmax")) return new Case("[3, 4] along dim 1", new long[][] {MATRIX}, xs -> xs[0].softmax(1));
                if (op.name().equals("log_softmax")) return new Case("[3, 4] along dim 1", new long[][] {MATRIX}, xs -> xs[0].logSoftmax(1));
                return null;
            case LINALG: return new Case("[3, 4] and [4, 2]", new long[][] {MATRIX, {4, 2}}, xs -> xs[0].matmul(xs[1]));
            case CONVERSION: return conversion(op);
            case LOSS: return loss(op);
            default: return null;
        }
    }

    private static Case unary(UnaryOp op) {
        String name = op.name();
        if (name.equals("log") || name.equals("sqrt") || name.equals("rsqrt")) {
            return new Case("[3, 4] in [0.5, 2)", new long[][] {MATRIX}, xs -> Elementwise.unary(op, range(xs[0], 0.5, 2)));
        }
        Function<Tensor, Tensor> apply = name.equals("clamp") ? t -> t.clamp(-0.9, 0.8)
                : name.equals("leaky_relu") ? t -> t.leakyRelu(0.1)
                : name.equals("elu") ? t -> t.elu(0.7) : t -> Elementwise.unary(op, t);
        return new Case("[3, 4] with |x| >= 0.2", new long[][] {MATRIX}, xs -> apply.apply(awayFromZero(xs[0])));
    }

    private static Case reduction(Op op) {
        String along = "[3, 4] along dim 1";
        int[] dim1 = {1};
        switch (op.name()) {
            case "sum": return new Case(along, new long[][] {MATRIX}, xs -> xs[0].sum(dim1, false));
            case "mean": return new Case(along, new long[][] {MATRIX}, xs -> xs[0].mean(dim1, false));
            case "prod": return new Case(along + ", |x| >= 0.2", new long[][] {MATRIX}, xs -> awayFromZero(xs[0]).prod(dim1, false));
            case "max": return new Case(along, new long[][] {MATRIX}, xs -> xs[0].max(dim1, false));
            case "min": return new Case(along, new long[][] {MATRIX}, xs -> xs[0].min(dim1, false));
            case "var": return new Case(along + ", correction 1", new long[][] {MATRIX}, xs -> xs[0].var(dim1, 1, false));
            case "std": return new Case(along + ", correction 1", new long[][] {MATRIX}, xs -> xs[0].std(dim1, 1, false));
            case "logsumexp": return new Case(along, new long[][] {MATRIX}, xs -> xs[0].logsumexp(dim1, false));
            case "norm": return new Case(along + ", p = 2", new long[][] {MATRIX}, xs -> xs[0].norm(2, dim1, false));
            default: return null;
        }
    }

    private static Case conversion(Op op) {
        switch (op.name()) {
            case "cast": return new Case("[3, 4] f64 -> f64", new long[][] {MATRIX}, xs -> xs[0].to(DType.F64).mul(xs[0]));
            case "contiguous": return new Case("[3, 4] transposed", new long[][] {MATRIX}, xs -> xs[0].t().contiguous().mul(2.0));
            case "copy": return new Case("[3, 4]", new long[][] {MATRIX}, xs -> xs[0].copy().mul(xs[0]));
            default: return null;
        }
    }

    private static Case loss(Op op) {
        long[][] two = {MATRIX, MATRIX};
        Reduction mean = Reduction.MEAN;
        switch (op.name()) {
            case "mse_loss": return new Case("input and target [3, 4]", two, xs -> Losses.mseLoss(xs[0], xs[1], mean));
            case "l1_loss":
                return new Case("input |x| >= 0.2, target |t| < 0.05", two, xs -> Losses.l1Loss(awayFromZero(xs[0]), xs[1].mul(0.05), mean));
            case "huber_loss": return new Case("input and target [3, 4], delta 0.5", two, xs -> Losses.huberLoss(xs[0], xs[1], 0.5, mean));
            case "smooth_l1_loss":
                return new Case("input and target [3, 4], beta 0.7", two, xs -> Losses.smoothL1Loss(xs[0], xs[1], 0.7, mean));
            case "binary_cross_entropy":
                return new Case("probabilities in [0.1, 0.9), targets in [0, 1)", two,
                        xs -> Losses.binaryCrossEntropy(range(xs[0], 0.1, 0.9), range(xs[1], 0, 1), mean));
            case "binary_cross_entropy_with_logits":
                return new Case("logits in [-3, 3), targets in [0, 1)", two,
                        xs -> Losses.binaryCrossEntropyWithLogits(xs[0].mul(3.0), range(xs[1], 0, 1), null, mean));
            case "cross_entropy":
                return new Case("logits [4, 5], labels [2, 0, 4, 1]", new long[][] {{4, 5}},
                        xs -> Losses.crossEntropy(xs[0], Tensor.of(2L, 0L, 4L, 1L), mean));
            case "nll_loss":
                return new Case("log_softmax of [4, 5], labels [2, 0, 4, 1]", new long[][] {{4, 5}},
                        xs -> Losses.nllLoss(xs[0].logSoftmax(1), Tensor.of(2L, 0L, 4L, 1L), mean));
            case "kl_div":
                return new Case("input [3, 4], target in [0.1, 1)", two, xs -> Losses.klDiv(xs[0], range(xs[1], 0.1, 1), false, mean));
            default: return null;
        }
    }

    /** Names of the differentiable ops that have built-in inputs. */
    static List<String> withInputs() {
        return OpRegistry.all().stream().filter(op -> op.differentiable() && caseFor(op) != null).map(Op::name).toList();
    }
}
