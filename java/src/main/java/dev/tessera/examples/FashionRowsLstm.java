// lstm: the two sequence tasks of the LSTM. First the `sine` example with its own defaults and this
// run's seed (forecast the next value of noisy sine waves; target test MSE <= 0.01), then
// classification: Fashion-MNIST images read row by row, 28 steps of 28 pixels, by LSTM(28 -> 128) ->
// last step -> Dense 10, Adam lr 2e-3, batch 64, cross entropy, trained as the other Fashion-MNIST
// examples (FashionClassifier). Target: both tasks' targets, the classification's being test
// accuracy >= 0.85 after 3 epochs. The network this example saves and evaluates is the classifier;
// train_seconds counts the classification's training.
package dev.tessera.examples;

import dev.tessera.data.Dataset;
import dev.tessera.nn.LSTM;
import dev.tessera.nn.LastTimeStep;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.nn.RecurrentLayer;
import dev.tessera.nn.Sequential;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

public final class FashionRowsLstm implements Example {
    static final double TARGET_ACCURACY = 0.85;
    private static final int HIDDEN = 128;
    private final SineForecast sine = new SineForecast();

    @Override public String name() { return "lstm"; }
    @Override public String description() { return "LSTM: sine-wave forecasting, then Fashion-MNIST read row by row"; }
    @Override public String target() { return "sine " + sine.target() + " and row-by-row test accuracy >= " + TARGET_ACCURACY; }
    @Override public Settings defaults() { return new Settings(3, 64, 2e-3, "adam", 0); }

    @Override
    public Sequential network(Settings s) {
        Generator g = new Generator(s.seed());
        return new Sequential(
                new LSTM(28, HIDDEN, RecurrentLayer.Options.defaults().withBatchFirst(true).withDtype(DType.F32).withGenerator(g)),
                new LastTimeStep(1), new Linear(HIDDEN, 10, true, DType.F32, g));
    }

    @Override
    public Result run(Settings s, PrintStream log, Consumer<Module> whenTrained) {
        log.println("task 1: sine-wave forecasting");
        Result forecast = sine.run(sine.defaults().override(null, null, null, null, s.seed()), log);
        log.println("task 2: Fashion-MNIST read row by row (28 steps of 28 pixels)");
        Map<String, Object> sineMetrics = new LinkedHashMap<>();
        sineMetrics.put("sine_test_mse", forecast.metrics().get("test_mse"));
        sineMetrics.put("sine_last_value_mse", forecast.metrics().get("last_value_mse"));
        return FashionClassifier.run(this, s, log, whenTrained, rows -> rows, TARGET_ACCURACY, sineMetrics, forecast.targetMet());
    }

    @Override
    public Dataset.Sample testData(Settings s) { return FashionClassifier.testData(rows -> rows); }

    @Override
    public Tensor predictions(Tensor logits) { return logits.argmax(1, false); }
}
