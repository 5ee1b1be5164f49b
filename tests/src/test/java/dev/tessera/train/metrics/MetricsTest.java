// The metrics against values worked out by hand (and by scikit-learn for the macro averages):
// accuracy in its three layouts, top-k with ties, binary and macro precision/recall/F1, the
// confusion matrix and its table, MAE and MSE; batches accumulate to exactly the one-batch result;
// names resolve as Keras' do; wrong layouts and labels fail with the shapes in the message.
package dev.tessera.train.metrics;

import dev.tessera.memory.Scope;
import dev.tessera.nn.loss.BCEWithLogitsLoss;
import dev.tessera.nn.loss.MSELoss;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {
    private Scope scope;

    @BeforeEach
    void open() { scope = Scope.open(); }

    @AfterEach
    void close() { scope.close(); }

    private static Tensor rows(float[][] values) { return Tensor.fromArray(values); }

    /** One-hot-like scores [n, classes] that pick {@code predicted}. */
    private static Tensor picking(int classes, long... predicted) {
        float[][] s = new float[predicted.length][classes];
        for (int i = 0; i < predicted.length; i++) s[i][(int) predicted[i]] = 1;
        return rows(s);
    }

    @Test
    void accuracyReadsSparseOneHotAndBinaryBatches() {
        Accuracy sparse = new Accuracy();
        sparse.update(rows(new float[][] {{0.1f, 0.9f}, {0.8f, 0.2f}, {0.3f, 0.7f}}), Tensor.of(1L, 1L, 1L));
        assertEquals(2.0 / 3, sparse.result());
        sparse.update(rows(new float[][] {{0.6f, 0.4f}}), Tensor.of(0L));
        assertEquals(3.0 / 4, sparse.result(), "accumulates over batches");
        sparse.reset();
        assertTrue(Double.isNaN(sparse.result()));

        Accuracy oneHot = new Accuracy();
        oneHot.update(rows(new float[][] {{0.1f, 0.7f, 0.2f}, {0.5f, 0.3f, 0.2f}}), rows(new float[][] {{0, 1, 0}, {0, 0, 1}}));
        assertEquals(0.5, oneHot.result());

        Accuracy binary = new Accuracy();
        binary.update(Tensor.of(0.2f, 0.6f, 0.9f, 0.4f), Tensor.of(0f, 1f, 0f, 0f)); // predicted 0 1 1 0
        assertEquals(0.75, binary.result());
        Accuracy logits = new Accuracy(0.0);
        logits.update(rows(new float[][] {{-1f}, {0.3f}}), rows(new float[][] {{0}, {1}}));
        assertEquals(1.0, logits.result());
    }

    @Test
    void topKCountsTiesForTheSample() {
        TopKAccuracy top2 = new TopKAccuracy(2);
        assertEquals("top_2_accuracy", top2.name());
        top2.update(rows(new float[][] {
            {0.5f, 0.3f, 0.1f, 0.1f},   // label 1: second best -> in
            {0.5f, 0.3f, 0.1f, 0.1f},   // label 2: third -> out
            {0.4f, 0.4f, 0.4f, 0.0f},   // label 2: tied with two others, none strictly higher -> in
            {0.1f, 0.2f, 0.3f, 0.4f},   // label 3: best -> in
        }), Tensor.of(1L, 2L, 2L, 3L));
        assertEquals(0.75, top2.result());
        TopKAccuracy top1 = new TopKAccuracy(1);
        top1.update(rows(new float[][] {{0.5f, 0.3f, 0.2f}}), rows(new float[][] {{0, 1, 0}}));
        assertEquals(0.0, top1.result(), "one-hot targets");
    }

    @Test
    void binaryPrecisionRecallAndF1() {
        // true 1 1 1 0 0 0 1, predicted 1 0 0 0 1 0 1: tp 2, fp 1, fn 2, tn 2
        Tensor scores = Tensor.of(0.9f, 0.1f, 0.4f, 0.2f, 0.8f, 0.3f, 0.7f);
        Tensor truth = Tensor.of(1L, 1L, 1L, 0L, 0L, 0L, 1L);
        Precision p = new Precision();
        Recall r = new Recall();
        F1Score f1 = new F1Score();
        for (Metric m : List.of(p, r, f1)) m.update(scores, truth);
        assertEquals(2.0 / 3, p.result(), 1e-15);
        assertEquals(0.5, r.result(), 1e-15);
        assertEquals(4.0 / 7, f1.result(), 1e-15);
        Precision macro = new Precision(Average.MACRO);
        macro.update(scores, truth);
        assertEquals((2.0 / 4 + 2.0 / 3) / 2, macro.result(), 1e-15, "class 0: 2 of the 4 predicted 0 are 0");
    }

    @Test
    void macroAveragesOverThreeClasses() {
        // sklearn: precision_score([0,1,2,0,1,2], [0,2,1,0,0,1], average='macro') = 0.2222..., recall 0.3333..., f1 0.2666...
        Tensor scores = picking(3, 0, 2, 1, 0, 0, 1);
        Tensor truth = Tensor.of(0L, 1L, 2L, 0L, 1L, 2L);
        Precision p = new Precision();
        Recall r = new Recall();
        F1Score f1 = new F1Score();
        for (Metric m : List.of(p, r, f1)) m.update(scores, truth);
        assertEquals(2.0 / 9, p.result(), 1e-15);
        assertEquals(1.0 / 3, r.result(), 1e-15);
        assertEquals(0.8 / 3, f1.result(), 1e-15);
        String e = assertThrows(IllegalStateException.class, () -> {
            Precision binary = new Precision(Average.BINARY);
            binary.update(scores, truth);
            binary.result();
        }).getMessage();
        assertTrue(e.contains("3"), e);
    }

    @Test
    void confusionMatrixCountsAndPrints() {
        ConfusionMatrix cm = new ConfusionMatrix();
        cm.update(picking(3, 0, 2, 1), Tensor.of(0L, 1L, 2L));
        cm.update(picking(3, 0, 0, 1), rows(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}})); // one-hot targets
        assertArrayEquals(new long[][] {{2, 0, 0}, {1, 0, 1}, {0, 2, 0}}, cm.counts());
        assertEquals(6, cm.total());
        assertEquals(2.0 / 6, cm.accuracy());
        assertEquals(2.0 / 3, cm.precision(0));
        assertEquals(1.0, cm.recall(0));
        assertEquals(0.8, cm.f1(0), 1e-15);
        assertEquals(String.join("\n",
                "ConfusionMatrix(3 classes, 6 samples; rows: true class, columns: predicted class)",
                "true\\pred  0  1  2",
                "        0  2  0  0",
                "        1  1  0  1",
                "        2  0  2  0"), cm.toString());
        IllegalArgumentException wider = assertThrows(IllegalArgumentException.class, () -> cm.update(picking(4, 3), Tensor.of(3L)));
        assertTrue(wider.getMessage().contains("4 classes"), wider.getMessage());
        cm.reset();
        assertEquals(0, cm.numClasses());
    }

    @Test
    void meanAbsoluteAndSquaredErrors() {
        MeanAbsoluteError mae = new MeanAbsoluteError();
        MeanSquaredError mse = new MeanSquaredError();
        for (Metric m : List.of(mae, mse)) {
            m.update(rows(new float[][] {{1}, {2}}), Tensor.of(1.5f, 2f)); // [N, 1] against [N]
            m.update(Tensor.of(3f), Tensor.of(5f));
        }
        assertEquals(2.5 / 3, mae.result(), 1e-15);
        assertEquals(4.25 / 3, mse.result(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> mae.update(Tensor.of(1f, 2f), Tensor.of(1f)));
    }

    @Test
    void batchesAccumulateToTheWholeExactly() {
        Generator g = new Generator(5);
        Tensor scores = Tensor.rand(g, 90, 4);
        Tensor labels = Tensor.randint(g, 0, 4, 90);
        List<java.util.function.Supplier<Metric>> kinds = List.of(Accuracy::new, () -> new TopKAccuracy(2), Precision::new, Recall::new,
                F1Score::new);
        for (java.util.function.Supplier<Metric> kind : kinds) {
            Metric whole = kind.get();
            whole.update(scores, labels);
            Metric batched = kind.get();
            for (int from = 0; from < 90; from += 32) {
                int to = Math.min(90, from + 32);
                batched.update(scores.slice(0, from, to), labels.slice(0, from, to));
            }
            assertEquals(whole.result(), batched.result(), whole.name());
        }
    }

    @Test
    void namesResolveAsKerasDoes() {
        assertInstanceOf(Accuracy.class, Metrics.byName("acc", null));
        assertInstanceOf(Accuracy.class, Metrics.byName("Sparse_Categorical_Accuracy", new MSELoss()));
        assertEquals("top_5_accuracy", Metrics.byName("sparse_top_k_categorical_accuracy", null).name());
        assertEquals(3, ((TopKAccuracy) Metrics.byName("top_3_accuracy", null)).k());
        assertInstanceOf(F1Score.class, Metrics.byName("f1-score", null));
        assertEquals("mae", Metrics.byName("mean_absolute_error", null).name());
        // after bce_with_logits the outputs are logits: class 1 starts at 0
        Metric onLogits = Metrics.byName("accuracy", new BCEWithLogitsLoss());
        onLogits.update(Tensor.of(-1f, 0.25f), Tensor.of(0f, 1f));
        assertEquals(1.0, onLogits.result());
        String e = assertThrows(IllegalArgumentException.class, () -> Metrics.byName("auc", null)).getMessage();
        assertTrue(e.contains("'auc'") && e.contains("accuracy, acc") && e.contains("top_K_accuracy"), e);
    }

    @Test
    void wrongLayoutsAndLabelsNameTheShapes() {
        Accuracy acc = new Accuracy();
        String layout = assertThrows(IllegalArgumentException.class, () -> acc.update(Tensor.zeros(3, 2), Tensor.zeros(4))).getMessage();
        assertTrue(layout.contains("[3, 2]") && layout.contains("[4]"), layout);
        String label = assertThrows(IllegalArgumentException.class, () -> acc.update(Tensor.zeros(2, 3), Tensor.of(0L, 3L))).getMessage();
        assertTrue(label.contains("target 1 is 3.0") && label.contains("0..2"), label);
        assertThrows(IllegalArgumentException.class, () -> new TopKAccuracy(0));
    }
}
