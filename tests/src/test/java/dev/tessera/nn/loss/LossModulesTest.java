// LossModulesTest: the nn.loss classes are the ops of ops.Losses with their options bound, and
// Loss.byName maps the Keras and PyTorch names to them (an unknown name lists the known ones).
package dev.tessera.nn.loss;

import dev.tessera.memory.Scope;
import dev.tessera.ops.Losses;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossModulesTest {
    private Scope scope;

    @BeforeEach
    void open() { scope = Scope.open(); }

    @AfterEach
    void close() { scope.close(); }

    private static Tensor randn(long seed, long... shape) {
        return Tensor.of(new Generator(seed).normals((int) (shape[0] * shape[1]))).reshape(shape).copy();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "mse, MSELoss", "mean_squared_error, MSELoss", "MSE, MSELoss",
        "mae, L1Loss", "mean_absolute_error, L1Loss", "l1, L1Loss",
        "huber, HuberLoss", "smooth_l1, SmoothL1Loss",
        "bce, BCELoss", "binary_crossentropy, BCELoss", "binary-cross-entropy, BCELoss",
        "bce_with_logits, BCEWithLogitsLoss", "binary_cross_entropy_with_logits, BCEWithLogitsLoss",
        "sparse_categorical_crossentropy, CrossEntropyLoss", "cross_entropy, CrossEntropyLoss",
        "nll, NLLLoss", "nll_loss, NLLLoss",
        "kl_div, KLDivLoss", "kld, KLDivLoss", "kullback_leibler_divergence, KLDivLoss",
    })
    void byNameGivesTheLoss(String name, String type) {
        Loss loss = Loss.byName(name);
        assertEquals(type, loss.getClass().getSimpleName());
        assertEquals(loss.name(), Loss.byName(loss.name()).name(), "name() is accepted by byName");
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Loss.byName("categorical_hinge"));
        assertTrue(e.getMessage().contains("categorical_hinge"), e.getMessage());
        assertTrue(e.getMessage().contains("sparse_categorical_crossentropy") && e.getMessage().contains("mse"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Loss.byName(null));
    }

    @Test
    void modulesAreTheOpsWithTheirOptions() {
        Tensor x = randn(1, 4, 3), y = randn(2, 4, 3);
        Tensor labels = Tensor.of(0L, 2L, -100L, 1L);
        Tensor w = Tensor.of(1.0, 2.0, 0.5);
        Tensor p = x.sigmoid(), q = y.sigmoid();
        assertEquals(Losses.mseLoss(x, y).item(), new MSELoss().apply(x, y).item());
        assertEquals(Losses.l1Loss(x, y, Reduction.SUM).item(), new L1Loss(Reduction.SUM).apply(x, y).item());
        assertEquals(Losses.huberLoss(x, y, 0.5, Reduction.MEAN).item(), new HuberLoss(0.5).apply(x, y).item());
        assertEquals(Losses.smoothL1Loss(x, y, 0.3, Reduction.MEAN).item(), new SmoothL1Loss(0.3, Reduction.MEAN).apply(x, y).item());
        assertEquals(Losses.binaryCrossEntropy(p, q).item(), new BCELoss().apply(p, q).item());
        assertEquals(Losses.binaryCrossEntropyWithLogits(x, q, w, Reduction.MEAN).item(),
                new BCEWithLogitsLoss(w, Reduction.MEAN).apply(x, q).item());
        assertEquals(Losses.crossEntropy(x, labels, w, 0.1, -100, Reduction.MEAN).item(),
                new CrossEntropyLoss(0.1, w, Reduction.MEAN).apply(x, labels).item());
        Tensor noDefaultIgnore = Tensor.of(0L, 2L, 1L, 1L);
        assertEquals(Losses.crossEntropy(x, noDefaultIgnore, null, 0, 2, Reduction.SUM).item(),
                new CrossEntropyLoss(0, null, Reduction.SUM, 2).apply(x, noDefaultIgnore).item(), "ignore_index 2");
        Tensor logp = x.logSoftmax(1);
        assertEquals(Losses.nllLoss(logp, labels, w, -100, Reduction.MEAN).item(), new NLLLoss(w, Reduction.MEAN).apply(logp, labels).item());
        Tensor t = y.softmax(1);
        assertEquals(Losses.klDiv(logp, t, false, Reduction.BATCHMEAN).item(), new KLDivLoss().apply(logp, t).item(),
                "KLDivLoss defaults to batchmean");
        assertArrayEquals(new long[] {4}, new CrossEntropyLoss(0, null, Reduction.NONE).apply(x, labels).shape());
    }

    @Test
    void badOptionsFailWhenTheLossIsMade() {
        assertThrows(IllegalArgumentException.class, () -> new MSELoss(Reduction.BATCHMEAN));
        assertThrows(NullPointerException.class, () -> new L1Loss(null));
        assertThrows(IllegalArgumentException.class, () -> new HuberLoss(0));
        assertThrows(IllegalArgumentException.class, () -> new SmoothL1Loss(-1, Reduction.MEAN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss(1.5));
        assertTrue(e.getMessage().startsWith("cross_entropy: label smoothing"), e.getMessage());
        assertInstanceOf(KLDivLoss.class, new KLDivLoss(Reduction.SUM, true));
    }

    @Test
    void aModuleTrainsALogisticRegression() {
        // Two separable blobs, BCE with logits through the module, plain gradient descent.
        Tensor x = Tensor.of(new double[] {-2, -1, -1.5, -2, 2, 1, 1.5, 2.5}).reshape(8, 1);
        Tensor y = Tensor.of(new double[] {0, 0, 0, 0, 1, 1, 1, 1}).reshape(8, 1);
        Tensor w = Tensor.zeros(dev.tessera.tensor.DType.F64, 1, 1).requiresGrad(true);
        Loss loss = Loss.byName("bce_with_logits");
        double first = Double.NaN, last = Double.NaN;
        for (int step = 0; step < 50; step++) {
            try (Scope s = Scope.open()) {
                Tensor l = loss.apply(x.matmul(w), y);
                l.backward();
                try (var off = dev.tessera.autograd.GradMode.noGrad()) {
                    w.subInPlace(w.grad().mul(1.0));
                }
                w.zeroGrad();
                if (step == 0) first = l.item();
                last = l.item();
            }
        }
        assertEquals(Math.log(2), first, 1e-12, "w = 0: every probability is 0.5");
        assertTrue(last < 0.1, "loss after 50 steps: " + last);
    }
}
