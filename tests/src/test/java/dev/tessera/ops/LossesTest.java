// LossesTest: the numerics of ops.Losses the op database can't express on its own: stability at
// logits of +-1e4, label smoothing / ignore_index / weighted mean against values worked out by
// hand, the edge cases of PyTorch's reductions (empty batch, every sample ignored), and agreement
// of the two backward paths — the fused kernel (plain backward) and the differentiable
// composition (createGraph) — for every loss, reduction and option.
package dev.tessera.ops;

import dev.tessera.autograd.Autograd;
import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.Scope;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossesTest {
    private Scope scope;

    @BeforeEach
    void open() { scope = Scope.open(); }

    @AfterEach
    void close() { scope.close(); }

    // ------------------------------------------------------------------ helpers

    private static Tensor leaf(DType dt, double[] values, long... shape) {
        Tensor t = Tensor.of(values).reshape(shape);
        return (dt == DType.F64 ? t.copy() : t.to(dt)).requiresGrad(true);
    }

    private static Tensor randn(long seed, long... shape) {
        int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        return Tensor.of(new Generator(seed).normals(n)).reshape(shape).copy();
    }

    private static void assertAllFinite(double[] v, String what) {
        for (int i = 0; i < v.length; i++) assertTrue(Double.isFinite(v[i]), what + ": element " + i + " is " + v[i]);
    }

    private static void assertClose(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tol * Math.max(1, Math.abs(want[i])), what + ": element " + i);
        }
    }

    private static double lse(double... x) {
        double m = Arrays.stream(x).max().orElseThrow();
        double s = 0;
        for (double e : x) s += Math.exp(e - m);
        return m + Math.log(s);
    }

    // ------------------------------------------------------------------ stability

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void crossEntropyIsFiniteAtLogitsOf1e4(DType dt) {
        Tensor x = leaf(dt, new double[] {1e4, -1e4, 0, -1e4, 1e4, 0, -1e4, -1e4, -1e4}, 3, 3);
        Tensor labels = Tensor.of(1L, 1L, 2L);
        Tensor loss = Losses.crossEntropy(x, labels, Reduction.NONE);
        // lse is 1e4, 1e4 and -1e4 + log 3: the losses are 2e4, 0 and log 3.
        assertClose(new double[] {2e4, 0, Math.log(3)}, loss.toDoubleArray(), 1e-6, "loss");
        loss.sum().backward();
        double[] g = x.grad().toDoubleArray();
        assertAllFinite(g, "gradient");
        assertClose(new double[] {1, -1, 0, 0, 0, 0, 1 / 3.0, 1 / 3.0, -2 / 3.0}, g, 1e-6, "softmax - onehot");
        Tensor smoothed = Losses.crossEntropy(x, labels, null, 0.1, -100, Reduction.MEAN);
        assertAllFinite(smoothed.toDoubleArray(), "smoothed loss");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void bceWithLogitsIsFiniteAtLogitsOf1e4(DType dt) {
        Tensor x = leaf(dt, new double[] {1e4, -1e4, 1e4, -1e4, 0}, 5);
        Tensor y = Tensor.of(0.0, 1.0, 1.0, 0.0, 1.0).to(dt);
        Tensor loss = Losses.binaryCrossEntropyWithLogits(x, y, null, Reduction.NONE);
        assertClose(new double[] {1e4, 1e4, 0, 0, Math.log(2)}, loss.toDoubleArray(), 1e-6, "loss");
        loss.sum().backward();
        assertClose(new double[] {1, -1, 0, 0, -0.5}, x.grad().toDoubleArray(), 1e-6, "sigmoid(x) - y");
        Tensor pw = Tensor.of(3.0).to(dt);
        Tensor weighted = Losses.binaryCrossEntropyWithLogits(x.reshape(5, 1), y.reshape(5, 1), pw, Reduction.NONE);
        assertClose(new double[] {1e4, 3e4, 0, 0, 3 * Math.log(2)}, weighted.toDoubleArray(), 1e-6, "pos_weight 3");
    }

    @Test
    void bceClampsItsLogsAt100() {
        Tensor x = leaf(DType.F64, new double[] {0, 1, 0, 1}, 4);
        Tensor y = Tensor.of(0.0, 1.0, 1.0, 0.0);
        Tensor loss = Losses.binaryCrossEntropy(x, y, Reduction.NONE);
        assertClose(new double[] {0, 0, 100, 100}, loss.toDoubleArray(), 0, "0 or 100 (0 * -100 is 0, -0.0 allowed)");
        loss.sum().backward();
        assertAllFinite(x.grad().toDoubleArray(), "gradient at 0 and 1 (denominator clamped at 1e-12)");
    }

    // ------------------------------------------------------------------ options against hand-computed values

    @Test
    void labelSmoothingMatchesTheClosedForm() {
        // Unweighted smoothing eps: loss = lse - ((1 - eps) x_y + eps mean(x)); gradient p - ((1 - eps) onehot + eps / C).
        Tensor x = leaf(DType.F64, new double[] {1, 2, 3, 0.5, -1, 2}, 2, 3);
        Tensor labels = Tensor.of(2L, 0L);
        double eps = 0.1;
        Tensor loss = Losses.crossEntropy(x, labels, null, eps, -100, Reduction.NONE);
        double l0 = lse(1, 2, 3) - (0.9 * 3 + 0.1 * 2);
        double l1 = lse(0.5, -1, 2) - (0.9 * 0.5 + 0.1 * 0.5);
        assertClose(new double[] {l0, l1}, loss.toDoubleArray(), 1e-12, "smoothed losses");
        assertEquals(0.5076059644443803, l0, 1e-12); // log(e + e^2 + e^3) - 2.9
        Losses.crossEntropy(x, labels, null, eps, -100, Reduction.MEAN).backward();
        double[] g = x.grad().toDoubleArray();
        double[] p0 = Reductions.softmax(Tensor.of(1.0, 2.0, 3.0), 0, false).toDoubleArray();
        double[] want0 = {p0[0] - eps / 3, p0[1] - eps / 3, p0[2] - (1 - eps) - eps / 3};
        for (int j = 0; j < 3; j++) assertEquals(want0[j] / 2, g[j], 1e-12, "gradient of sample 0, class " + j);
    }

    @Test
    void ignoredSamplesCountNeitherInTheSumNorInTheMean() {
        Tensor x = leaf(DType.F64, new double[] {1, 2, 3, 4, 5, 6, 0, 0, 1}, 3, 3);
        Tensor labels = Tensor.of(0L, -100L, 2L);
        double l0 = lse(1, 2, 3) - 1, l2 = lse(0, 0, 1) - 1;
        assertClose(new double[] {l0, 0, l2}, Losses.crossEntropy(x, labels, Reduction.NONE).toDoubleArray(), 1e-12, "none");
        assertEquals((l0 + l2) / 2, Losses.crossEntropy(x, labels).item(), 1e-12, "mean over the 2 samples not ignored");
        Losses.crossEntropy(x, labels).backward();
        double[] g = x.grad().toDoubleArray();
        assertArrayEquals(new double[] {0, 0, 0}, Arrays.copyOfRange(g, 3, 6), "the ignored row gets no gradient");
        // Any label value can be the ignored one.
        Tensor other = Tensor.of(0L, 1L, 2L);
        assertEquals((l0 + l2) / 2, Losses.crossEntropy(x, other, null, 0, 1, Reduction.MEAN).item(), 1e-12, "ignore_index 1");
        // nll_loss ignores the same way.
        Tensor logp = x.detach().logSoftmax(1);
        assertEquals((l0 + l2) / 2, Losses.nllLoss(logp, labels).item(), 1e-12, "nll");
    }

    @Test
    void everySampleIgnoredGivesNaNMeanAndZeroGradient() {
        Tensor x = leaf(DType.F64, new double[] {1, 2, 3, 4}, 2, 2);
        Tensor labels = Tensor.of(-100L, -100L);
        Tensor mean = Losses.crossEntropy(x, labels);
        assertTrue(Double.isNaN(mean.item()), "0 / 0, as PyTorch");
        assertEquals(0, Losses.crossEntropy(x, labels, Reduction.SUM).item());
        mean.backward();
        assertArrayEquals(new double[4], x.grad().toDoubleArray());
    }

    @Test
    void weightedMeanDividesByTheSummedWeightOfTheLabels() {
        Tensor x = leaf(DType.F64, new double[] {1, 2, 3, 0.5, -1, 2, 0, 0, 0, 3, 1, -2}, 4, 3);
        Tensor labels = Tensor.of(2L, 0L, -100L, 1L);
        Tensor w = Tensor.of(0.5, 2.0, 4.0);
        double[] none = Losses.crossEntropy(x, labels, w, 0, -100, Reduction.NONE).toDoubleArray();
        double l0 = 4 * (lse(1, 2, 3) - 3), l1 = 0.5 * (lse(0.5, -1, 2) - 0.5), l3 = 2 * (lse(3, 1, -2) - 1);
        assertClose(new double[] {l0, l1, 0, l3}, none, 1e-12, "weighted per-sample losses");
        double mean = Losses.crossEntropy(x, labels, w, 0, -100, Reduction.MEAN).item();
        assertEquals((l0 + l1 + l3) / (4 + 0.5 + 2), mean, 1e-12, "sum / total weight of the samples not ignored");
        // With smoothing the weights enter both terms and the divisor stays the labels' weight.
        double eps = 0.2;
        double s0 = (1 - eps) * l0 + eps / 3 * (0.5 * (lse(1, 2, 3) - 1) + 2 * (lse(1, 2, 3) - 2) + 4 * (lse(1, 2, 3) - 3));
        double[] smoothed = Losses.crossEntropy(x, labels, w, eps, -100, Reduction.NONE).toDoubleArray();
        assertEquals(s0, smoothed[0], 1e-12, "weighted smoothed loss of sample 0");
        double nllMean = Losses.nllLoss(x.detach().logSoftmax(1), labels, w, -100, Reduction.MEAN).item();
        assertEquals(mean, nllMean, 1e-12, "nll of log_softmax with the same weights");
    }

    @Test
    void classDimSecondAndSingleSampleLayouts() {
        // [N, C, d] logits are [N * d] samples with the class dim moved last; [C] logits are one sample.
        Tensor x = randn(5, 2, 3, 4);
        Tensor labels = Tensor.of(0L, 1L, 2L, 0L, 2L, 2L, 1L, 0L).reshape(2, 4);
        Tensor loss = Losses.crossEntropy(x, labels, null, 0.1, -100, Reduction.NONE);
        assertArrayEquals(new long[] {2, 4}, loss.shape());
        Tensor rows = x.permute(0, 2, 1).reshape(8, 3);
        Tensor flat = Losses.crossEntropy(rows, labels.reshape(8), null, 0.1, -100, Reduction.NONE);
        assertClose(flat.toDoubleArray(), loss.toDoubleArray(), 0, "same as the flattened rows");
        Tensor one = Losses.crossEntropy(Tensor.of(1.0, 2.0, 3.0), Tensor.scalar(DType.I64, 1), Reduction.NONE);
        assertEquals(0, one.dim(), "a single sample's unreduced loss is 0-d");
        assertEquals(lse(1, 2, 3) - 2, one.item(), 1e-12);
    }

    @Test
    void emptyBatch() {
        Tensor x = Tensor.zeros(DType.F64, 0, 4).requiresGrad(true);
        Tensor labels = Tensor.zeros(DType.I64, 0);
        assertTrue(Double.isNaN(Losses.crossEntropy(x, labels).item()), "mean of nothing is NaN, as PyTorch");
        Tensor sum = Losses.crossEntropy(x, labels, Reduction.SUM);
        assertEquals(0, sum.item());
        sum.backward();
        assertArrayEquals(new long[] {0, 4}, x.grad().shape());
        Tensor e = Tensor.zeros(DType.F64, 0, 3).requiresGrad(true);
        assertTrue(Double.isNaN(Losses.mseLoss(e, Tensor.zeros(DType.F64, 0, 3)).item()));
    }

    @Test
    void mixedDtypesComputeInTheWiderAndGradientsKeepTheirs() {
        Tensor x = leaf(DType.F32, new double[] {1, 2, 3}, 3);
        Tensor y = leaf(DType.F64, new double[] {0.5, 2, 4}, 3);
        Tensor loss = Losses.mseLoss(x, y);
        assertEquals(DType.F64, loss.dtype());
        assertEquals((0.25 + 0 + 1) / 3, loss.item(), 1e-7);
        loss.backward();
        assertEquals(DType.F32, x.grad().dtype());
        assertEquals(DType.F64, y.grad().dtype());
        assertClose(new double[] {1 / 3.0, 0, -2 / 3.0}, x.grad().toDoubleArray(), 1e-6, "2 d / n");
    }

    @Test
    void klDivReductions() {
        Tensor x = Tensor.of(-1.0, -2.0, -0.5, -3.0).reshape(2, 2);
        Tensor t = Tensor.of(0.25, 0.75, 0.0, 1.0).reshape(2, 2);
        double[] want = new double[4];
        double[] xv = x.toDoubleArray(), tv = t.toDoubleArray();
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            want[i] = (tv[i] == 0 ? 0 : tv[i] * Math.log(tv[i])) - tv[i] * xv[i];
            sum += want[i];
        }
        assertClose(want, Losses.klDiv(x, t, Reduction.NONE).toDoubleArray(), 1e-12, "none");
        assertEquals(sum / 4, Losses.klDiv(x, t, Reduction.MEAN).item(), 1e-12, "mean over elements");
        assertEquals(sum / 2, Losses.klDiv(x, t, Reduction.BATCHMEAN).item(), 1e-12, "batchmean: sum / batch");
        Tensor logT = Tensor.of(-1.0, -0.5, -2.0, -0.1).reshape(2, 2);
        double[] lt = logT.toDoubleArray();
        double s2 = 0;
        for (int i = 0; i < 4; i++) s2 += Math.exp(lt[i]) * (lt[i] - xv[i]);
        assertEquals(s2, Losses.klDiv(x, logT, true, Reduction.SUM).item(), 1e-12, "log target");
    }

    // ------------------------------------------------------------------ fused vs composite backward

    /** One loss call with its inputs (leaves; those that should get a gradient require it). */
    private record Case(String name, Function<Tensor[], Tensor> loss, long seed, boolean[] wantGrad, long[]... shapes) {}

    private static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        boolean[] both = {true, true};
        boolean[] first = {true};
        for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.SUM, Reduction.NONE}) {
            out.add(new Case("mse " + r, in -> Losses.mseLoss(in[0], in[1], r), 1, both, new long[] {3, 4}, new long[] {3, 4}));
            out.add(new Case("l1 " + r, in -> Losses.l1Loss(in[0], in[1], r), 2, both, new long[] {3, 4}, new long[] {3, 4}));
            out.add(new Case("huber 0.8 " + r, in -> Losses.huberLoss(in[0], in[1], 0.8, r), 3, both, new long[] {3, 4}, new long[] {3, 4}));
            out.add(new Case("smooth_l1 0.5 " + r, in -> Losses.smoothL1Loss(in[0], in[1], 0.5, r), 4, both, new long[] {3, 4}, new long[] {3, 4}));
            out.add(new Case("smooth_l1 0 " + r, in -> Losses.smoothL1Loss(in[0], in[1], 0, r), 5, both, new long[] {3, 4}, new long[] {3, 4}));
            out.add(new Case("bce " + r, in -> Losses.binaryCrossEntropy(in[0].sigmoid(), in[1].sigmoid(), r), 6, both,
                    new long[] {3, 4}, new long[] {3, 4}));
            out.add(new Case("bce_with_logits " + r, in -> Losses.binaryCrossEntropyWithLogits(in[0], in[1].sigmoid(), null, r), 7, both,
                    new long[] {3, 4}, new long[] {3, 4}));
            out.add(new Case("bce_with_logits pos_weight " + r,
                    in -> Losses.binaryCrossEntropyWithLogits(in[0], in[1].sigmoid(), Tensor.of(0.5, 2.0, 3.0, 1.0), r), 8, both,
                    new long[] {3, 4}, new long[] {3, 4}));
            out.add(new Case("kl_div " + r, in -> Losses.klDiv(in[0], in[1].softmax(1), false, r), 9, both,
                    new long[] {3, 4}, new long[] {3, 4}));
            out.add(new Case("kl_div log target " + r, in -> Losses.klDiv(in[0], in[1], true, r), 10, both,
                    new long[] {3, 4}, new long[] {3, 4}));
            out.add(new Case("cross_entropy " + r, in -> Losses.crossEntropy(in[0], Tensor.of(2L, 0L, 4L, 1L), r), 11, first,
                    new long[] {4, 5}));
            out.add(new Case("cross_entropy weight smoothing ignore " + r,
                    in -> Losses.crossEntropy(in[0], Tensor.of(2L, -100L, 4L, 1L), Tensor.of(0.5, 2, 1, 3, 0.25), 0.2, -100, r), 12,
                    first, new long[] {4, 5}));
            out.add(new Case("cross_entropy [N, C, d] " + r,
                    in -> Losses.crossEntropy(in[0], Tensor.of(0L, 3L, 1L, 2L, 2L, 0L).reshape(2, 3), null, 0.1, -100, r), 13, first,
                    new long[] {2, 4, 3}));
            out.add(new Case("nll weight ignore " + r,
                    in -> Losses.nllLoss(in[0], Tensor.of(2L, -100L, 4L, 1L), Tensor.of(0.5, 2, 1, 3, 0.25), -100, r), 14, first,
                    new long[] {4, 5}));
        }
        out.add(new Case("kl_div batchmean", in -> Losses.klDiv(in[0], in[1].softmax(1), false, Reduction.BATCHMEAN), 15, both,
                new long[] {3, 4}, new long[] {3, 4}));
        out.add(new Case("mse f32 input, f64 target", in -> Losses.mseLoss(in[0].to(DType.F32), in[1], Reduction.MEAN), 16, both,
                new long[] {3, 4}, new long[] {3, 4}));
        out.add(new Case("cross_entropy transposed logits", in -> Losses.crossEntropy(in[0].t(), Tensor.of(2L, 0L, 4L, 1L)), 17, first,
                new long[] {5, 4}));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> fusedAndCompositeBackwardAgree() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            long live = MemoryStats.cpu().liveBytes();
            try (Scope s = Scope.open()) {
                Tensor[] in = new Tensor[c.shapes().length];
                for (int i = 0; i < in.length; i++) in[i] = randn(c.seed() * 10 + i, c.shapes()[i]).requiresGrad(c.wantGrad()[i]);
                // Plain backward: the fused kernels.
                Tensor loss = c.loss().apply(in);
                Tensor g = Tensor.onesLike(loss).mul(1.5);
                loss.backward(g);
                // createGraph: the differentiable composition (its result is itself differentiable).
                Tensor again = c.loss().apply(in);
                Tensor[] composite = Autograd.grad(again, g, true, in);
                for (int i = 0; i < in.length; i++) {
                    assertFalse(in[i].grad() == null, c.name() + ": input " + i + " got no gradient");
                    assertEquals(in[i].dtype(), composite[i].dtype(), c.name() + ": dtype of gradient " + i);
                    assertClose(in[i].grad().toDoubleArray(), composite[i].toDoubleArray(), 1e-12, c.name() + ": gradient of input " + i);
                }
                assertTrue(composite[0].requiresGrad() || c.name().startsWith("l1") || c.name().startsWith("smooth_l1 0 ")
                        || c.name().startsWith("nll"), c.name() + ": the composite gradient should be differentiable");
            }
            assertEquals(live, MemoryStats.cpu().liveBytes(), c.name() + ": live bytes after the scope");
        }));
    }

    @Test
    void aTrainingStepInAScopeLeavesNothingBehind() {
        Tensor w = Tensor.zeros(DType.F32, 4, 3).requiresGrad(true);
        Tensor x = randn(99, 8, 4).to(DType.F32);
        Tensor y = Tensor.of(0L, 1L, 2L, 0L, 1L, 2L, 0L, 1L);
        MemoryStats stats = MemoryStats.cpu();
        long live = -1;
        double first = 0, last = 0;
        for (int step = 0; step < 20; step++) {
            try (Scope s = Scope.open()) {
                Tensor loss = Losses.crossEntropy(x.matmul(w), y, null, 0.1, -100, Reduction.MEAN);
                loss.backward();
                try (var off = dev.tessera.autograd.GradMode.noGrad()) {
                    w.subInPlace(w.grad().mul(0.5));
                }
                w.zeroGrad();
                if (step == 0) first = loss.item();
                last = loss.item();
            }
            if (step == 1) live = stats.liveBytes();
            if (step > 1) assertEquals(live, stats.liveBytes(), "live bytes grew at step " + step);
        }
        assertTrue(last < first, "the loss went down: " + first + " -> " + last);
    }
}
