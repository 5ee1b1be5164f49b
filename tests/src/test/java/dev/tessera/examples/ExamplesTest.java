// The classic examples are tests too: each runs end to end with its default settings (the same run
// as `./tessera train <name>`) and must reach its target; a run leaves no live tensor memory.
// mlp, digits, cnn and lstm need their data sets (.ci/run and `./tessera data` install them); without them the
// tests are skipped with the install hint.
package dev.tessera.examples;

import dev.tessera.data.Datasets;
import dev.tessera.memory.MemoryStats;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ExamplesTest {
    private static Result run(String name) {
        Example ex = Examples.byName(name);
        long live = MemoryStats.cpu().liveBytes();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Result r = ex.run(ex.defaults(), new PrintStream(log, true, StandardCharsets.UTF_8));
        System.out.println(name + ": " + r.metrics() + " (target: " + r.target() + ")");
        assertTrue(r.targetMet(), name + " missed its target " + r.target() + ": " + r.metrics() + "\n"
                + log.toString(StandardCharsets.UTF_8));
        assertEquals(live, MemoryStats.cpu().liveBytes(), name + " left live tensor memory");
        for (String key : new String[] {"epochs", "train_seconds", "seconds_per_epoch"}) {
            assertTrue(r.metrics().containsKey(key), name + " reports " + key);
        }
        return r;
    }

    @Test
    void linregFindsSlopeAndIntercept() {
        Result r = run("linreg");
        assertEquals(2.0, r.metric("slope"), 0.05);
        assertEquals(1.0, r.metric("intercept"), 0.05);
    }

    @Test
    void logregSeparatesTheBlobs() {
        assertTrue(run("logreg").metric("test_accuracy") >= 0.95);
    }

    @Test
    void xorGetsAllFourCases() {
        assertEquals(1.0, run("xor").metric("test_accuracy"));
    }

    @Test
    void mlpOnFashionMnist() {
        assumeData(Datasets.findFashionMnist() != null, "Fashion-MNIST");
        assertTrue(run("mlp").metric("test_accuracy") >= 0.86);
    }

    @Test
    void mlpOnMnistDigits() {
        assumeData(Datasets.findMnistDigits() != null, "MNIST digits");
        assertTrue(run("digits").metric("test_accuracy") >= 0.925);
    }

    @Test
    void cnnOnFashionMnist() {
        assumeData(Datasets.findFashionMnist() != null, "Fashion-MNIST");
        assertTrue(run("cnn").metric("test_accuracy") >= FashionCnn.TARGET_ACCURACY);
    }

    @Test
    void sineForecastBeatsTheLastValue() {
        Result r = run("sine");
        assertTrue(r.metric("test_mse") <= SineForecast.TARGET_MSE);
        assertTrue(r.metric("test_mse") < r.metric("last_value_mse") / 4, "the LSTM must beat tomorrow = today clearly");
    }

    @Test
    void lstmForecastsAndReadsFashionMnistRowByRow() {
        assumeData(Datasets.findFashionMnist() != null, "Fashion-MNIST");
        Result r = run("lstm");
        assertTrue(r.metric("test_accuracy") >= FashionRowsLstm.TARGET_ACCURACY);
        assertTrue(r.metric("sine_test_mse") <= SineForecast.TARGET_MSE);
    }

    private static void assumeData(boolean present, String what) {
        if (!present) System.out.println("SKIPPED (data set not installed): " + what + " — install with ./tessera data");
        assumeTrue(present, what + " not installed (./tessera data)");
    }
}
