// summary(): the Keras-style table names every layer with its type, shows parameter shapes and
// counts (the Fashion-MNIST MLP has 101,770), output shapes when given an input shape, and
// total / trainable / non-trainable counts; tracing restores train mode and draws no random numbers.
package dev.tessera.nn;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SummaryTest {
    private static Sequential fashionMlp() {
        return new Sequential(new Flatten(), new Linear(784, 128), new ReLU(), new Linear(128, 10));
    }

    @Test
    void mlpHas101770Parameters() {
        try (Scope s = Scope.open()) {
            Sequential model = fashionMlp();
            assertEquals(101_770, model.parameterCount());
            String table = model.summary();
            System.out.println(table);
            assertTrue(table.contains("0 (Flatten)"), table);
            assertTrue(table.contains("1 (Linear)"), table);
            assertTrue(table.contains("2 (ReLU)"), table);
            assertTrue(table.contains("3 (Linear)"), table);
            assertTrue(table.contains("weight [128, 784], bias [128]"), table);
            assertTrue(table.contains("100,480"), table);
            assertTrue(table.contains("1,290"), table);
            assertTrue(table.contains("Total params: 101,770"), table);
            assertTrue(table.contains("Trainable params: 101,770"), table);
            assertTrue(table.contains("Non-trainable params: 0"), table);
            assertFalse(table.contains("Output shape"), "no output shapes without an input shape");
        }
    }

    @Test
    void outputShapesWithAnInputShape() {
        try (Scope s = Scope.open()) {
            Generator dropoutGen = new Generator(1);
            Sequential model = new Sequential(new Flatten(), new Linear(784, 128), new ReLU(), new Dropout(0.2, dropoutGen),
                    new Sequential(new Linear(128, 10), new Softmax()));
            int live = s.size();
            String table = model.summary(32, 28, 28);
            System.out.println(table);
            assertEquals(live, s.size(), "tracing leaves no tensors behind");
            assertTrue(table.contains("input shape [32, 28, 28]"), table);
            assertTrue(table.contains("[32, 784]"), table);
            assertTrue(table.contains("[32, 128]"), table);
            assertTrue(table.contains("4.0 (Linear)"), table);
            assertTrue(table.contains("4.1 (Softmax)"), table);
            assertTrue(table.contains("[32, 10]"), table);
            for (Module m : model.modules()) assertTrue(m.isTraining(), "train mode restored");
            assertEquals(0, dropoutGen.offset(), "Dropout drew no random numbers while tracing");
        }
    }

    @Test
    void frozenParametersCountAsNonTrainableAndSingleLayersGetARow() {
        try (Scope s = Scope.open()) {
            Sequential model = fashionMlp();
            model.get(1).requiresGrad(false);
            String table = model.summary();
            assertTrue(table.contains("Trainable params: 1,290"), table);
            assertTrue(table.contains("Non-trainable params: 100,480"), table);
            String single = new Linear(3, 2).summary(5, 3);
            assertTrue(single.contains("<root> (Linear)") && single.contains("[5, 2]") && single.contains("Total params: 8"), single);
        }
    }

    @Test
    void aWrongInputShapeIsExplained() {
        try (Scope s = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fashionMlp().summary(1, 10));
            assertTrue(e.getMessage().startsWith("summary: running Sequential on an input of shape [1, 10] failed: matmul"), e.getMessage());
        }
    }
}
