// linreg: learn y = 2x + 1 from 200 noisy samples with one Linear(1, 1) and plain SGD on the mean
// squared error. Target: slope and intercept within 0.05 of 2 and 1.
package dev.tessera.examples;

import dev.tessera.autograd.GradMode;
import dev.tessera.data.Dataset;
import dev.tessera.memory.Scope;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.ops.Losses;
import dev.tessera.optim.Optimizer;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

public final class LinearRegression implements Example {
    @Override public String name() { return "linreg"; }
    @Override public String description() { return "linear regression: learn y = 2x + 1 from noisy samples with SGD"; }
    @Override public String target() { return "slope and intercept within 0.05 of 2 and 1"; }
    @Override public Settings defaults() { return new Settings(100, 32, 0.1, "sgd", 0); }

    /** The 200 noisy samples of y = 2x + 1 drawn from g: x [200, 1] in [-1, 1), y [200, 1]. */
    private static Tensor[] samples(Generator g) {
        Tensor x = Tensor.rand(g, 200, 1).mul(2.0).sub(1.0);
        Tensor y = x.mul(2.0).add(1.0).add(Tensor.randn(g, 200, 1).mul(0.1)); // noise sd 0.1
        return new Tensor[] {x, y};
    }

    @Override
    public Result run(Settings s, PrintStream log, Consumer<Module> whenTrained) {
        try (Scope run = Scope.open()) {
            Generator g = new Generator(s.seed());
            Tensor[] data = samples(g);
            Tensor x = data[0];
            Tensor y = data[1];
            Linear model = new Linear(1, 1, true, DType.F32, g);
            Optimizer opt = Optimizer.byName(s.optimizer(), model.parameters(), s.lr());
            long start = System.nanoTime();
            double loss = 0;
            List<Double> losses = new ArrayList<>();
            for (int epoch = 1; epoch <= s.epochs(); epoch++) {
                double sum = 0;
                int steps = 0;
                for (long from = 0; from < 200; from += s.batchSize()) {
                    try (Scope step = Scope.open()) {
                        long to = Math.min(200, from + s.batchSize());
                        Tensor l = Losses.mseLoss(model.forward(x.slice(0, from, to)), y.slice(0, from, to));
                        l.backward();
                        opt.step();
                        opt.zeroGrad();
                        sum += l.item();
                        steps++;
                    }
                }
                loss = sum / steps;
                losses.add(loss);
                if (epoch % Math.max(1, s.epochs() / 10) == 0 || epoch == s.epochs()) {
                    log.printf("epoch %d/%d: loss %.5f, slope %.4f, intercept %.4f%n", epoch, s.epochs(), loss,
                            model.weight().item(), model.bias().item());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            whenTrained.accept(model);
            double slope = model.weight().item();
            double intercept = model.bias().item();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("slope", Result.round(slope));
            m.put("intercept", Result.round(intercept));
            m.put("loss", Result.round(loss));
            boolean met = Math.abs(slope - 2) <= 0.05 && Math.abs(intercept - 1) <= 0.05;
            return Result.of(name(), m, s.epochs(), seconds, met, target()).withHistory(Map.of("loss", losses));
        }
    }

    /** A fresh Linear(1, 1); run() draws its weights after the data, from the same generator. */
    @Override
    public Linear network(Settings s) { return new Linear(1, 1, true, DType.F32, new Generator(s.seed())); }

    /** The training samples (linreg has no held-out set): x [200, 1] and y [200]. */
    @Override
    public Dataset.Sample testData(Settings s) {
        try (Scope draw = Scope.open()) {
            Tensor[] data = samples(new Generator(s.seed()));
            return new Dataset.Sample(data[0].keep(), data[1].reshape(-1).keep());
        }
    }

    @Override
    public Tensor predictions(Tensor outputs) { return outputs.reshape(-1); }

    /** Slope and intercept of the network, and its mean squared error on the samples. */
    @Override
    public Map<String, Object> evaluate(Module network, Settings s) {
        Linear model = (Linear) network;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("slope", Result.round(model.weight().item()));
        m.put("intercept", Result.round(model.bias().item()));
        try (Scope eval = Scope.open(); GradMode.Guard g = GradMode.noGrad(); Dataset.Sample data = testData(s)) {
            m.put("loss", Result.round(Losses.mseLoss(predictions(model.forward(data.x())), data.y()).item()));
        }
        return m;
    }
}
