// categorical_crossentropy (one-hot or probability targets) equals sparse cross entropy on the
// same labels, in value and gradient; soft targets weigh the classes; bad shapes name both.
package dev.tessera.nn.loss;

import dev.tessera.data.Transforms;
import dev.tessera.memory.Scope;
import dev.tessera.ops.Losses;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CategoricalCrossEntropyLossTest {
    @Test
    void oneHotTargetsMatchSparseLabels() {
        try (Scope s = Scope.open()) {
            Generator g = new Generator(1);
            Tensor labels = Tensor.randint(g, 0, 5, 8);
            Tensor a = Tensor.randn(g, 8, 5).requiresGrad(true);
            Tensor b = a.detach().copy().requiresGrad(true);
            Tensor categorical = Loss.byName("categorical_crossentropy").apply(a, Transforms.oneHot(labels, 5));
            Tensor sparse = Losses.crossEntropy(b, labels);
            assertEquals(sparse.item(), categorical.item(), 1e-6);
            categorical.backward();
            sparse.backward();
            float[] ga = a.grad().toFloatArray();
            float[] gb = b.grad().toFloatArray();
            for (int i = 0; i < ga.length; i++) assertEquals(gb[i], ga[i], 1e-6, "gradient " + i);
            assertInstanceOf(CategoricalCrossEntropyLoss.class, Loss.byName("categorical_crossentropy"));
        }
    }

    @Test
    void softTargetsAndReductions() {
        try (Scope s = Scope.open()) {
            Tensor logits = Tensor.fromArray(new float[][] {{0, 0}, {1, 0}});
            Tensor targets = Tensor.fromArray(new float[][] {{0.5f, 0.5f}, {1, 0}});
            double ln2 = Math.log(2);
            double second = Math.log(1 + Math.exp(-1));
            float[] perSample = new CategoricalCrossEntropyLoss(Reduction.NONE).apply(logits, targets).toFloatArray();
            assertArrayEquals(new float[] {(float) ln2, (float) second}, perSample, 1e-6f);
            assertEquals(ln2 + second, new CategoricalCrossEntropyLoss(Reduction.SUM).apply(logits, targets).item(), 1e-6);
            String e = assertThrows(IllegalArgumentException.class,
                    () -> new CategoricalCrossEntropyLoss().apply(logits, Tensor.of(0L, 1L))).getMessage();
            assertTrue(e.contains("[2, 2]") && e.contains("[2]") && e.contains("sparse_categorical_crossentropy"), e);
        }
    }
}
