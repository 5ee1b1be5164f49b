// sine: next-value forecasting with an LSTM. Each sequence is a sine wave with its own frequency
// (0.1 to 0.4 radians per step) and phase plus Gaussian noise (sd 0.05); the network reads 40 steps
// and predicts the 41st: LSTM(1 -> 32) -> last step -> Dense 1, Adam, MSE, batch 64. The noise sets
// the floor (MSE 0.0025); repeating the last value scores about 0.04. Target: test MSE <= 0.01.
// `lstm` runs this task before its classification task.
package dev.tessera.examples;

import dev.tessera.autograd.GradMode;
import dev.tessera.data.Batches;
import dev.tessera.data.Dataset;
import dev.tessera.memory.Scope;
import dev.tessera.nn.LSTM;
import dev.tessera.nn.LastTimeStep;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.nn.RecurrentLayer;
import dev.tessera.nn.Sequential;
import dev.tessera.ops.Losses;
import dev.tessera.optim.Optimizer;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

public final class SineForecast implements Example {
    static final int STEPS = 40;
    static final double NOISE_SD = 0.05;
    static final double TARGET_MSE = 0.01;
    private static final int TRAIN_SEQUENCES = 8000;
    private static final int TEST_SEQUENCES = 1000;
    private static final int HIDDEN = 32;

    @Override public String name() { return "sine"; }
    @Override public String description() { return "LSTM forecasting: the next value of noisy sine waves from 40 steps"; }
    @Override public String target() { return "test MSE <= " + TARGET_MSE; }
    @Override public Settings defaults() { return new Settings(5, 64, 2e-3, "adam", 0); }

    @Override
    public Module network(Settings s) {
        Generator g = new Generator(s.seed());
        return new Sequential(
                new LSTM(1, HIDDEN, RecurrentLayer.Options.defaults().withBatchFirst(true).withDtype(DType.F32).withGenerator(g)),
                new LastTimeStep(1), new Linear(HIDDEN, 1, true, DType.F32, g));
    }

    /**
     * n noisy sine sequences [n, STEPS, 1] and their next values [n, 1]. Training and test sets come
     * from different seeds derived from the settings' one.
     */
    static Dataset.Sample waves(Generator g, int n) {
        double[] u = g.uniformDoubles(2 * n);
        double[] noise = g.normals(n * (STEPS + 1));
        float[] x = new float[n * STEPS];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double step = 0.1 + 0.3 * u[2 * i];
            double phase = 2 * Math.PI * u[2 * i + 1];
            for (int t = 0; t <= STEPS; t++) {
                float v = (float) (Math.sin(phase + step * t) + NOISE_SD * noise[i * (STEPS + 1) + t]);
                if (t < STEPS) x[i * STEPS + t] = v;
                else y[i] = v;
            }
        }
        return new Dataset.Sample(Tensor.fromArray(x).reshape(n, STEPS, 1), Tensor.fromArray(y).reshape(n, 1));
    }

    @Override
    public Result run(Settings s, PrintStream log, Consumer<Module> whenTrained) {
        try (Scope run = Scope.open()) {
            Dataset.Sample train = waves(new Generator(s.seed() + 1), TRAIN_SEQUENCES);
            Dataset.Sample test = waves(new Generator(s.seed() + 2), TEST_SEQUENCES);
            log.printf("sine waves: %d training and %d test sequences of %d steps%n", TRAIN_SEQUENCES, TEST_SEQUENCES, STEPS);
            Module model = network(s);
            Optimizer opt = Optimizer.byName(s.optimizer(), model.parameters(), s.lr());
            Batches batches = Batches.of(train.x(), train.y(), s.batchSize()).shuffle(new Generator(s.seed()));
            Map<String, List<Double>> history = new LinkedHashMap<>();
            double seconds = 0;
            double testMse = Double.NaN;
            for (int epoch = 1; epoch <= s.epochs(); epoch++) {
                long start = System.nanoTime();
                double sum = 0;
                int steps = 0;
                for (Batches.Batch b : batches) {
                    try (b; Scope step = Scope.open()) {
                        Tensor loss = Losses.mseLoss(model.forward(b.x()), b.y());
                        loss.backward();
                        opt.step();
                        opt.zeroGrad();
                        sum += loss.item();
                        steps++;
                    }
                }
                double epochSeconds = (System.nanoTime() - start) / 1e9;
                seconds += epochSeconds;
                testMse = mse(model, test);
                Training.record(history, "loss", sum / steps);
                Training.record(history, "val_loss", testMse);
                log.printf("epoch %d/%d: train MSE %.5f, test MSE %.5f (%.2f s)%n", epoch, s.epochs(), sum / steps, testMse, epochSeconds);
            }
            whenTrained.accept(model);
            double lastValue = lastValueMse(test);
            log.printf("test MSE %.5f (noise floor %.4f, repeating the last value %.4f)%n", testMse, NOISE_SD * NOISE_SD, lastValue);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test_mse", Result.round(testMse));
            m.put("last_value_mse", Result.round(lastValue));
            return Result.of(name(), m, s.epochs(), seconds, testMse <= TARGET_MSE, target()).withHistory(history);
        }
    }

    /** The network's mean squared error on a set, in eval mode without a graph. */
    static double mse(Module model, Dataset.Sample data) {
        boolean training = model.isTraining();
        model.eval();
        try (Scope s = Scope.open(); GradMode.Guard off = GradMode.noGrad()) {
            return Losses.mseLoss(model.forward(data.x()), data.y()).item();
        } finally {
            model.train(training);
        }
    }

    /** The baseline a forecaster must beat: tomorrow = today. */
    private static double lastValueMse(Dataset.Sample data) {
        try (Scope s = Scope.open()) {
            return Losses.mseLoss(data.x().select(1, STEPS - 1), data.y()).item();
        }
    }

    @Override
    public Dataset.Sample testData(Settings s) {
        try (Scope draw = Scope.open()) {
            Dataset.Sample test = waves(new Generator(s.seed() + 2), TEST_SEQUENCES);
            return new Dataset.Sample(test.x().keep(), test.y().reshape(-1).keep());
        }
    }

    @Override
    public Tensor predictions(Tensor outputs) { return outputs.reshape(-1); }

    /** Mean squared error on the test sequences, and the last-value baseline's. */
    @Override
    public Map<String, Object> evaluate(Module network, Settings s) {
        try (Scope eval = Scope.open()) {
            Dataset.Sample test = waves(new Generator(s.seed() + 2), TEST_SEQUENCES);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test_mse", Result.round(mse(network, test)));
            m.put("last_value_mse", Result.round(lastValueMse(test)));
            return m;
        }
    }
}
