// GradCases: the gradcheck database. For every differentiable op of OpRegistry, small float64
// cases (broadcasting, transposed and sliced inputs, attribute variants) whose gradients are
// compared with finite differences by GradCheckTest; GradCoverageTest fails the build for any
// differentiable op without a case here.
package dev.tessera.autograd;

import dev.tessera.kernels.Kernels;
import dev.tessera.memory.Scope;
import dev.tessera.ops.Elementwise;
import dev.tessera.ops.Indexing;
import dev.tessera.ops.Joining;
import dev.tessera.ops.LinearAlgebra;
import dev.tessera.ops.Losses;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.ops.Op;
import dev.tessera.ops.Reductions;
import dev.tessera.ops.UnaryOp;
import dev.tessera.ops.Views;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

final class GradCases {
    private GradCases() {}

    /** One check: inputs built fresh (f64 leaves requiring grad) and the function of them. */
    record Case(Op op, String name, Supplier<Tensor[]> inputs, Function<Tensor[], Tensor> f, GradCheck.Options options) {
        @Override
        public String toString() { return op.name() + ": " + name; }
    }

    private static final GradCheck.Options DEFAULT = GradCheck.Options.defaults();
    private static final List<Case> CASES = new ArrayList<>();
    private static long seed = 1;

    static List<Case> all() {
        if (CASES.isEmpty()) build();
        return CASES;
    }

    // ------------------------------------------------------------------ input makers

    /** Uniform values in [lo, hi) as an f64 leaf requiring grad. */
    static Tensor uniform(double lo, double hi, long... shape) {
        Generator g = new Generator(seed++);
        double[] u = g.uniformDoubles((int) Math.max(1, product(shape)));
        double[] v = new double[(int) product(shape)];
        for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * u[i];
        return Tensor.fromArray(v).reshape(shape).copy().requiresGrad(true);
    }

    /** Values away from 0 (|x| in [0.2, 1.5)) with random signs: safe around kinks at 0. */
    static Tensor awayFromZero(long... shape) {
        Generator g = new Generator(seed++);
        double[] u = g.uniformDoubles((int) product(shape) * 2);
        double[] v = new double[(int) product(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (0.2 + 1.3 * u[2 * i]) * (u[2 * i + 1] < 0.5 ? -1 : 1);
        return Tensor.fromArray(v).reshape(shape).copy().requiresGrad(true);
    }

    /** A permutation of distinct values (no ties for max/min). */
    static Tensor distinct(long... shape) {
        int n = (int) product(shape);
        long[] perm = new Generator(seed++).integers(n, 0, Long.MAX_VALUE);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = 0.1 * i - 0.05 * n + 0.001 * (perm[i] % 7);
        for (int i = n - 1; i > 0; i--) {
            int j = Math.floorMod(perm[i], i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.fromArray(v).reshape(shape).copy().requiresGrad(true);
    }

    /** Uniform in [-1, 1): the general-purpose input. */
    static Tensor centered(long... shape) { return uniform(-1, 1, shape); }

    /** Index and mask tensors live as long as the database (built once, outside any test's scope). */
    static Tensor index(long[] values, long... shape) {
        try (Scope s = Scope.open()) {
            return Tensor.fromArray(values).reshape(shape).copy().keep();
        }
    }

    static Tensor mask(boolean[] values, long... shape) {
        try (Scope s = Scope.open()) {
            return Tensor.fromArray(values).reshape(shape).copy().keep();
        }
    }

    /** A constant f64 tensor (class weights, pos_weight) that lives as long as the database. */
    static Tensor constant(double[] values, long... shape) {
        try (Scope s = Scope.open()) {
            return Tensor.fromArray(values).reshape(shape).copy().keep();
        }
    }

    private static long product(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    // ------------------------------------------------------------------ registration

    static void add(Op op, String name, Supplier<Tensor[]> inputs, Function<Tensor[], Tensor> f) {
        add(op, name, inputs, f, DEFAULT);
    }

    /**
     * Each case draws its inputs from its own seed, so its values don't depend on how many inputs
     * other cases (or other test methods) made before it.
     */
    static void add(Op op, String name, Supplier<Tensor[]> inputs, Function<Tensor[], Tensor> f, GradCheck.Options o) {
        long caseSeed = 1000L * (CASES.size() + 1);
        Supplier<Tensor[]> seeded = () -> {
            seed = caseSeed;
            return inputs.get();
        };
        CASES.add(new Case(op, name, seeded, f, o));
    }

    static Supplier<Tensor[]> of(Supplier<Tensor> a) { return () -> new Tensor[] {a.get()}; }

    static Supplier<Tensor[]> of(Supplier<Tensor> a, Supplier<Tensor> b) { return () -> new Tensor[] {a.get(), b.get()}; }

    private static void build() {
        unary();
        binary();
        conversion();
        reductions();
        linalg();
        views();
        joins();
        indexing();
        losses();
        // convolution
        ConvGradCases.add();
        // pooling
        PoolNormGradCases.add(); // and normalisation, embedding
        // normalisation, embedding
        // recurrent
        RecurrentGradCases.add();
    }

    private static void unary() {
        for (UnaryOp op : Elementwise.UNARY) {
            if (!op.differentiable()) continue;
            boolean positive = op == Elementwise.LOG || op == Elementwise.SQRT || op == Elementwise.RSQRT;
            Supplier<Tensor> x = positive ? () -> uniform(0.5, 2, 3, 4) : () -> awayFromZero(3, 4);
            Function<Tensor, Tensor> apply = t -> op == Elementwise.CLAMP ? t.clamp(-0.9, 0.8)
                    : op == Elementwise.LEAKY_RELU ? t.leakyRelu(0.1)
                    : op == Elementwise.ELU ? t.elu(0.7) : Elementwise.unary(op, t);
            add(op, "[3, 4]", of(x), xs -> apply.apply(xs[0]));
            add(op, "transposed", of(x), xs -> apply.apply(xs[0].t()));
            add(op, "0-d", of(positive ? () -> uniform(0.5, 2) : () -> awayFromZero()), xs -> apply.apply(xs[0]));
        }
    }

    private static void binary() {
        add(Elementwise.ADD, "broadcast [3,1]+[1,4]", of(() -> centered(3, 1), () -> centered(1, 4)), xs -> xs[0].add(xs[1]));
        add(Elementwise.ADD, "scalar", of(() -> centered(2, 3)), xs -> xs[0].add(2.5));
        add(Elementwise.SUB, "broadcast [2,3]-[3]", of(() -> centered(2, 3), () -> centered(3)), xs -> xs[0].sub(xs[1]));
        add(Elementwise.MUL, "broadcast, transposed", of(() -> centered(4, 3), () -> centered(4)), xs -> xs[0].t().mul(xs[1]));
        add(Elementwise.MUL, "same shape", of(() -> centered(2, 3), () -> centered(2, 3)), xs -> xs[0].mul(xs[1]));
        add(Elementwise.DIV, "broadcast", of(() -> centered(2, 3), () -> awayFromZero(3)), xs -> xs[0].div(xs[1]));
        add(Elementwise.POW, "tensor exponent", of(() -> uniform(0.5, 2, 2, 3), () -> centered(2, 3)), xs -> xs[0].pow(xs[1]));
        add(Elementwise.POW, "scalar exponent", of(() -> uniform(0.5, 2, 2, 3)), xs -> xs[0].pow(2.5));
        add(Elementwise.MAXIMUM, "broadcast", of(() -> distinct(3, 4), () -> distinct(4)), xs -> xs[0].maximum(xs[1]));
        add(Elementwise.MINIMUM, "broadcast", of(() -> distinct(3, 4), () -> distinct(4)), xs -> xs[0].minimum(xs[1]));
    }

    private static void conversion() {
        // f64 -> f32 -> f64 rounds to float: compare with float-sized steps and tolerances.
        add(Elementwise.CAST, "f64 -> f32 -> f64", of(() -> centered(2, 3)), xs -> xs[0].to(DType.F32).mul(3.0).to(DType.F64),
                new GradCheck.Options(1e-2, 1e-3, 1e-3, false, 0));
        add(Elementwise.CAST, "same dtype", of(() -> centered(2, 3)), xs -> xs[0].to(DType.F64).mul(2.0));
        add(Elementwise.CONTIGUOUS, "of a transpose", of(() -> centered(3, 2)), xs -> xs[0].t().contiguous().mul(xs[0].t()));
        add(Elementwise.COPY, "copy", of(() -> centered(2, 3)), xs -> xs[0].copy().mul(xs[0]));
    }

    private static void reductions() {
        for (boolean keep : new boolean[] {false, true}) {
            String k = keep ? ", keepdim" : "";
            add(Reductions.SUM, "dim 1" + k, of(() -> centered(3, 4)), xs -> xs[0].sum(new int[] {1}, keep));
            add(Reductions.MEAN, "dims 0,2" + k, of(() -> centered(2, 3, 4)), xs -> xs[0].mean(new int[] {0, 2}, keep));
            add(Reductions.PROD, "dim 0" + k, of(() -> awayFromZero(3, 4)), xs -> xs[0].prod(new int[] {0}, keep));
            add(Reductions.MAX, "dim 1" + k, of(() -> distinct(3, 4)), xs -> xs[0].max(new int[] {1}, keep));
            add(Reductions.MIN, "dim 0" + k, of(() -> distinct(3, 4)), xs -> xs[0].min(new int[] {0}, keep));
            add(Reductions.VAR, "dim 1" + k, of(() -> centered(3, 5)), xs -> xs[0].var(new int[] {1}, 1, keep));
            add(Reductions.STD, "dim 0" + k, of(() -> centered(4, 3)), xs -> xs[0].std(new int[] {0}, 1, keep));
            add(Reductions.LOGSUMEXP, "dim 1" + k, of(() -> centered(3, 4)), xs -> xs[0].logsumexp(new int[] {1}, keep));
            add(Reductions.NORM, "p=2 dim 1" + k, of(() -> centered(3, 4)), xs -> xs[0].norm(2, new int[] {1}, keep));
        }
        add(Reductions.SUM, "all, transposed", of(() -> centered(3, 4)), xs -> xs[0].t().sum());
        add(Reductions.MEAN, "all", of(() -> centered(3, 4)), xs -> xs[0].mean());
        add(Reductions.PROD, "all", of(() -> awayFromZero(2, 3)), xs -> xs[0].prod());
        add(Reductions.MAX, "all", of(() -> distinct(3, 4)), xs -> xs[0].max());
        add(Reductions.MIN, "all", of(() -> distinct(3, 4)), xs -> xs[0].min());
        add(Reductions.VAR, "all, correction 0", of(() -> centered(3, 4)), xs -> xs[0].var(null, 0, false));
        add(Reductions.STD, "all", of(() -> centered(3, 4)), xs -> xs[0].std());
        add(Reductions.NORM, "p=1", of(() -> awayFromZero(3, 4)), xs -> xs[0].norm(1, null, false));
        add(Reductions.NORM, "p=3", of(() -> awayFromZero(3, 4)), xs -> xs[0].norm(3, new int[] {0}, false));
        add(Reductions.NORM, "p=inf", of(() -> distinct(3, 4)), xs -> xs[0].norm(Double.POSITIVE_INFINITY, new int[] {1}, false));
        for (int d : new int[] {0, 1, -1}) {
            add(Reductions.SOFTMAX, "dim " + d, of(() -> centered(3, 4)), xs -> xs[0].softmax(d));
            add(Reductions.LOG_SOFTMAX, "dim " + d, of(() -> centered(3, 4)), xs -> xs[0].logSoftmax(d));
        }
        add(Reductions.SOFTMAX, "transposed", of(() -> centered(4, 3)), xs -> xs[0].t().softmax(1));
    }

    private static void linalg() {
        Op mm = LinearAlgebra.MATMUL;
        add(mm, "[3,4]·[4,2]", of(() -> centered(3, 4), () -> centered(4, 2)), xs -> xs[0].matmul(xs[1]));
        add(mm, "transposed operands", of(() -> centered(4, 3), () -> centered(2, 4)), xs -> xs[0].t().matmul(xs[1].t()));
        add(mm, "batched broadcast [2,3,4]·[4,5]", of(() -> centered(2, 3, 4), () -> centered(4, 5)), xs -> xs[0].matmul(xs[1]));
        add(mm, "batched broadcast [2,1,3,4]·[3,4,2]", of(() -> centered(2, 1, 3, 4), () -> centered(3, 4, 2)), xs -> xs[0].matmul(xs[1]));
        add(mm, "vector·matrix", of(() -> centered(4), () -> centered(4, 3)), xs -> xs[0].matmul(xs[1]));
        add(mm, "matrix·vector", of(() -> centered(3, 4), () -> centered(4)), xs -> xs[0].matmul(xs[1]));
        add(mm, "dot", of(() -> centered(5), () -> centered(5)), xs -> xs[0].matmul(xs[1]));
        add(mm, "openblas and the default native gemm agree", of(() -> centered(3, 4), () -> centered(4, 2)),
                xs -> LinearAlgebra.matmul(xs[0], xs[1], Kernels.MATMUL.defaultVersion().number())
                        .add(LinearAlgebra.matmul(xs[0], xs[1], 0)));
    }

    private static void views() {
        add(Views.RESHAPE, "[2,6] -> [3,4]", of(() -> centered(2, 6)), xs -> xs[0].reshape(3, 4).mul(xs[0].reshape(3, 4)));
        add(Views.RESHAPE, "of a transpose (copies)", of(() -> centered(3, 4)), xs -> xs[0].t().reshape(-1));
        add(Views.VIEW, "[2,6] -> [12]", of(() -> centered(2, 6)), xs -> xs[0].view(12).exp());
        add(Views.PERMUTE, "[2,3,4] -> (2,0,1)", of(() -> centered(2, 3, 4)), xs -> xs[0].permute(2, 0, 1).mul(xs[0].permute(2, 0, 1)));
        add(Views.TRANSPOSE, "(0,2)", of(() -> centered(2, 3, 4)), xs -> xs[0].transpose(0, 2).exp());
        add(Views.T, "2-D", of(() -> centered(2, 3)), xs -> xs[0].t().exp());
        add(Views.SLICE, "step 2", of(() -> centered(5, 3)), xs -> xs[0].slice(0, 1, 5, 2).exp());
        add(Views.SLICE, "negative start", of(() -> centered(3, 6)), xs -> xs[0].slice(1, -4, 6, 3).mul(2.0));
        add(Views.SELECT, "row", of(() -> centered(3, 4)), xs -> xs[0].select(0, 1).exp());
        add(Views.SELECT, "negative column", of(() -> centered(3, 4)), xs -> xs[0].select(1, -1).exp());
        add(Views.EXPAND, "[3,1] -> [2,3,4]", of(() -> centered(3, 1)), xs -> xs[0].expand(2, 3, 4).mul(xs[0]));
        add(Views.SQUEEZE, "all", of(() -> centered(3, 1, 2)), xs -> xs[0].squeeze().exp());
        add(Views.SQUEEZE, "dim 1", of(() -> centered(3, 1, 2)), xs -> xs[0].squeeze(1).exp());
        add(Views.UNSQUEEZE, "dim 1", of(() -> centered(3, 2)), xs -> xs[0].unsqueeze(1).expand(3, 4, 2).exp());
        add(Views.FLATTEN, "dims 1..2", of(() -> centered(2, 3, 4)), xs -> xs[0].flatten(1, 2).exp());
        add(Views.SPLIT, "uneven", of(() -> centered(5, 2)), xs -> {
            List<Tensor> parts = xs[0].split(2, 0);
            return Tensor.cat(0, parts.get(2), parts.get(0).mul(3.0));
        });
        add(Views.CHUNK, "3 chunks", of(() -> centered(2, 6)), xs -> {
            List<Tensor> parts = xs[0].chunk(3, 1);
            return parts.get(1).mul(parts.get(2));
        });
    }

    private static void joins() {
        add(Joining.CAT, "dim 1", of(() -> centered(2, 3), () -> centered(2, 1)), xs -> Tensor.cat(1, xs[0], xs[1], xs[0]).exp());
        add(Joining.STACK, "dim 0", of(() -> centered(2, 3), () -> centered(2, 3)), xs -> Tensor.stack(0, xs[0], xs[1]).exp());
        add(Joining.STACK, "dim -1", of(() -> centered(3), () -> centered(3)), xs -> Tensor.stack(-1, xs[0], xs[1]).mul(xs[0].unsqueeze(1)));
    }

    private static void indexing() {
        Tensor idx = index(new long[] {0, 2, 1, 2, 0, 0}, 2, 3);
        add(Indexing.GATHER, "dim 0 with repeats", of(() -> centered(3, 3)), xs -> xs[0].gather(0, idx));
        add(Indexing.GATHER, "dim 1", of(() -> centered(2, 4)), xs -> xs[0].gather(1, idx));
        Tensor sidx = index(new long[] {0, 2, 1, 1, 0, 2}, 2, 3);
        Tensor firstRow = index(new long[] {0, 2, 1}, 1, 3);
        add(Indexing.SCATTER, "dim 0, one row", of(() -> centered(3, 3), () -> centered(2, 3)), xs -> xs[0].scatter(0, firstRow, xs[1]));
        add(Indexing.SCATTER, "dim 1 distinct", of(() -> centered(2, 3), () -> centered(2, 3)), xs -> xs[0].scatter(1, sidx, xs[1]));
        Tensor sel = index(new long[] {2, 0, 2}, 3);
        add(Indexing.INDEX_SELECT, "dim 0 with repeats", of(() -> centered(3, 2)), xs -> xs[0].indexSelect(0, sel));
        add(Indexing.INDEX_SELECT, "dim 1", of(() -> centered(2, 3)), xs -> xs[0].indexSelect(1, sel));
        add(Indexing.SCATTER_ADD, "dim 0 with repeats", of(() -> centered(3, 3), () -> centered(2, 3)),
                xs -> Indexing.scatterAdd(xs[0], 0, idx, xs[1]));
        add(Indexing.SCATTER_ADD, "dim 1 with repeats", of(() -> centered(2, 4), () -> centered(2, 3)),
                xs -> Indexing.scatterAdd(xs[0], 1, idx, xs[1]));
        add(Indexing.INDEX_ADD, "dim 0 with repeats", of(() -> centered(3, 2), () -> centered(3, 2)),
                xs -> Indexing.indexAdd(xs[0], 0, sel, xs[1]));
        add(Indexing.INDEX_ADD, "dim 1 with repeats", of(() -> centered(2, 4), () -> centered(2, 3)),
                xs -> Indexing.indexAdd(xs[0], 1, sel, xs[1]));
        Tensor m = mask(new boolean[] {true, false, false, true}, 4);
        add(Indexing.MASKED_FILL, "broadcast mask", of(() -> centered(3, 4)), xs -> xs[0].maskedFill(m, 2.0));
        Tensor c = mask(new boolean[] {true, false, true}, 3, 1);
        add(Indexing.WHERE, "broadcast", of(() -> centered(3, 4), () -> centered(4)), xs -> Tensor.where(c, xs[0], xs[1]));
    }

    /**
     * Every loss at every reduction, gradients to input and target (where the loss has one; labels
     * and weights are constants). Kinks are avoided: L1 and smooth L1 see |input - target| >= 0.15,
     * BCE probabilities stay in [0.1, 0.9], kl_div targets are positive.
     */
    private static void losses() {
        Reduction[] reductions = {Reduction.MEAN, Reduction.SUM, Reduction.NONE};
        Supplier<Tensor> nearZero = () -> uniform(-0.05, 0.05, 3, 4);
        for (Reduction r : reductions) {
            add(Losses.MSE_LOSS, r + "", of(() -> centered(3, 4), () -> centered(3, 4)), xs -> Losses.mseLoss(xs[0], xs[1], r));
            add(Losses.L1_LOSS, r + "", of(() -> awayFromZero(3, 4), nearZero), xs -> Losses.l1Loss(xs[0], xs[1], r));
            add(Losses.HUBER_LOSS, "delta 0.5 " + r, of(() -> centered(3, 4), () -> centered(3, 4)),
                    xs -> Losses.huberLoss(xs[0], xs[1], 0.5, r));
            add(Losses.SMOOTH_L1_LOSS, "beta 0.7 " + r, of(() -> centered(3, 4), () -> centered(3, 4)),
                    xs -> Losses.smoothL1Loss(xs[0], xs[1], 0.7, r));
            add(Losses.BINARY_CROSS_ENTROPY, r + "", of(() -> uniform(0.1, 0.9, 3, 4), () -> uniform(0, 1, 3, 4)),
                    xs -> Losses.binaryCrossEntropy(xs[0], xs[1], r));
            add(Losses.BINARY_CROSS_ENTROPY_WITH_LOGITS, r + "", of(() -> uniform(-3, 3, 3, 4), () -> uniform(0, 1, 3, 4)),
                    xs -> Losses.binaryCrossEntropyWithLogits(xs[0], xs[1], null, r));
            add(Losses.KL_DIV, r + "", of(() -> centered(3, 4), () -> uniform(0.1, 1, 3, 4)), xs -> Losses.klDiv(xs[0], xs[1], false, r));
            add(Losses.KL_DIV, "log target " + r, of(() -> centered(3, 4), () -> centered(3, 4)), xs -> Losses.klDiv(xs[0], xs[1], true, r));
        }
        // Transposed inputs, broadcast-free mixed layouts, and the options.
        add(Losses.MSE_LOSS, "transposed input", of(() -> centered(4, 3), () -> centered(3, 4)), xs -> Losses.mseLoss(xs[0].t(), xs[1]));
        add(Losses.HUBER_LOSS, "delta 2, transposed target", of(() -> centered(3, 4), () -> centered(4, 3)),
                xs -> Losses.huberLoss(xs[0].mul(3.0), xs[1].t(), 2.0, Reduction.MEAN));
        add(Losses.SMOOTH_L1_LOSS, "beta 0 (L1)", of(() -> awayFromZero(3, 4), nearZero),
                xs -> Losses.smoothL1Loss(xs[0], xs[1], 0, Reduction.SUM));
        add(Losses.BINARY_CROSS_ENTROPY, "through sigmoid", of(() -> centered(2, 5), () -> uniform(0, 1, 2, 5)),
                xs -> Losses.binaryCrossEntropy(xs[0].sigmoid(), xs[1], Reduction.MEAN));
        Tensor posWeight = constant(new double[] {0.5, 2, 3, 1.5}, 4);
        for (Reduction r : reductions) {
            add(Losses.BINARY_CROSS_ENTROPY_WITH_LOGITS, "pos_weight " + r, of(() -> uniform(-3, 3, 3, 4), () -> uniform(0, 1, 3, 4)),
                    xs -> Losses.binaryCrossEntropyWithLogits(xs[0], xs[1], posWeight, r));
        }
        add(Losses.KL_DIV, "batchmean", of(() -> centered(3, 4), () -> uniform(0.1, 1, 3, 4)),
                xs -> Losses.klDiv(xs[0], xs[1], false, Reduction.BATCHMEAN));
        add(Losses.KL_DIV, "log_softmax input, softmax target", of(() -> centered(3, 4), () -> centered(3, 4)),
                xs -> Losses.klDiv(xs[0].logSoftmax(1), xs[1].softmax(1), false, Reduction.BATCHMEAN));

        Tensor labels = index(new long[] {2, 0, 4, 1}, 4);
        Tensor ignoring = index(new long[] {2, -100, 4, 1}, 4);
        Tensor weight = constant(new double[] {0.5, 2, 1, 3, 0.25}, 5);
        Tensor labels2d = index(new long[] {0, 3, 1, 2, 2, 0}, 2, 3);
        Tensor label0d = index(new long[] {3});
        for (Reduction r : reductions) {
            add(Losses.CROSS_ENTROPY, r + "", of(() -> centered(4, 5)), xs -> Losses.crossEntropy(xs[0], labels, r));
            add(Losses.CROSS_ENTROPY, "smoothing 0.1 " + r, of(() -> centered(4, 5)),
                    xs -> Losses.crossEntropy(xs[0], labels, null, 0.1, -100, r));
            add(Losses.CROSS_ENTROPY, "weight " + r, of(() -> centered(4, 5)), xs -> Losses.crossEntropy(xs[0], labels, weight, 0, -100, r));
            add(Losses.CROSS_ENTROPY, "weight, smoothing 0.2, ignored sample " + r, of(() -> centered(4, 5)),
                    xs -> Losses.crossEntropy(xs[0], ignoring, weight, 0.2, -100, r));
            add(Losses.NLL_LOSS, r + "", of(() -> centered(4, 5)), xs -> Losses.nllLoss(xs[0], labels, r));
            add(Losses.NLL_LOSS, "weight, ignored sample " + r, of(() -> centered(4, 5)),
                    xs -> Losses.nllLoss(xs[0], ignoring, weight, -100, r));
        }
        add(Losses.CROSS_ENTROPY, "transposed logits", of(() -> centered(5, 4)), xs -> Losses.crossEntropy(xs[0].t(), labels));
        add(Losses.CROSS_ENTROPY, "[N, C, d] logits", of(() -> centered(2, 4, 3)),
                xs -> Losses.crossEntropy(xs[0], labels2d, null, 0.1, -100, Reduction.NONE));
        add(Losses.CROSS_ENTROPY, "[C] logits, 0-d label", of(() -> centered(5)), xs -> Losses.crossEntropy(xs[0], label0d));
        add(Losses.NLL_LOSS, "of log_softmax, [N, C, d]", of(() -> centered(2, 4, 3)),
                xs -> Losses.nllLoss(xs[0].logSoftmax(1), labels2d, Reduction.MEAN));
    }
}
