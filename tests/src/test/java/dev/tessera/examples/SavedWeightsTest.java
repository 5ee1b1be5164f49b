// Saved weights reproduce the trained network exactly: each example hands its trained network to
// run()'s whenTrained hook, the weights go to a safetensors file, and a fresh network(settings) with
// those weights loaded gives bit-identical outputs on the example's test data and the metric run()
// reported (eval and predict rely on this). Every run records a per-epoch history for --plot.
package dev.tessera.examples;

import dev.tessera.autograd.GradMode;
import dev.tessera.data.Dataset;
import dev.tessera.data.Datasets;
import dev.tessera.io.SafeTensors;
import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.Scope;
import dev.tessera.nn.Module;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SavedWeightsTest {
    @TempDir
    Path dir;

    private static float[] outputs(Module network, Tensor x) {
        network.eval();
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            return network.forward(x).toFloatArray();
        }
    }

    private void assertReloadsExactly(Example ex, Settings s) {
        long live = MemoryStats.cpu().liveBytes();
        Path file = dir.resolve(ex.name() + ".safetensors");
        float[][] trainedOutputs = new float[1][];
        Result r;
        try (Dataset.Sample test = ex.testData(s)) {
            r = ex.run(s, new PrintStream(OutputStream.nullOutputStream()), trained -> {
                SafeTensors.save(file, trained);
                trainedOutputs[0] = outputs(trained, test.x());
            });
            try (Module reloaded = ex.network(s)) {
                SafeTensors.load(file, reloaded);
                assertArrayEquals(trainedOutputs[0], outputs(reloaded, test.x()), ex.name() + ": identical outputs");
                Object metric = ex.evaluate(reloaded, s).get("test_accuracy");
                if (metric != null) assertEquals(r.metrics().get("test_accuracy"), metric, ex.name() + ": the same test accuracy");
            }
        }
        assertFalse(r.history().isEmpty(), ex.name() + " records a history");
        for (var series : r.history().entrySet()) {
            assertEquals(r.metric("epochs"), series.getValue().size(), ex.name() + " " + series.getKey() + ": one value per epoch");
        }
        assertEquals(live, MemoryStats.cpu().liveBytes(), ex.name() + " left live memory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"linreg", "logreg", "xor", "sine"})
    void syntheticExamples(String name) {
        Example ex = Examples.byName(name);
        assertReloadsExactly(ex, ex.defaults());
    }

    @Test
    void mlpAfterOneEpoch() {
        assumeTrue(Datasets.findFashionMnist() != null, "Fashion-MNIST not installed (./tessera data)");
        Example ex = Examples.byName("mlp");
        assertReloadsExactly(ex, ex.defaults().withEpochs(1));
    }

    @Test
    void digitsAfterOneEpoch() {
        assumeTrue(Datasets.findMnistDigits() != null, "MNIST digits not installed (./tessera data)");
        Example ex = Examples.byName("digits");
        assertReloadsExactly(ex, ex.defaults().withEpochs(1));
    }
}
