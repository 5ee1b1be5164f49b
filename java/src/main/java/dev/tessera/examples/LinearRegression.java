// linreg: learn y = 2x + 1 from 200 noisy samples with one Linear(1, 1) and plain SGD on the mean
// squared error. Target: slope and intercept within 0.05 of 2 and 1.
package dev.tessera.examples;

import dev.tessera.memory.Scope;
import dev.tessera.nn.Linear;
import dev.tessera.ops.Losses;
import dev.tessera.optim.Optimizer;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

public final class LinearRegression implements Example {
    @Override public String name() { return "linreg"; }
    @Override public String description() { return "linear regression: learn y = 2x + 1 from noisy samples with SGD"; }
    @Override public String target() { return "slope and intercept within 0.05 of 2 and 1"; }
    @Override public Settings defaults() { return new Settings(100, 32, 0.1, "sgd", 0); }

    @Override
    public Result run(Settings s, PrintStream log) {
        try (Scope run = Scope.open()) {
            Generator g = new Generator(s.seed());
            Tensor x = Tensor.rand(g, 200, 1).mul(2.0).sub(1.0);                 // x in [-1, 1)
            Tensor y = x.mul(2.0).add(1.0).add(Tensor.randn(g, 200, 1).mul(0.1)); // noise sd 0.1
            Linear model = new Linear(1, 1, true, DType.F32, g);
            Optimizer opt = Optimizer.byName(s.optimizer(), model.parameters(), s.lr());
            long start = System.nanoTime();
            double loss = 0;
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
                if (epoch % Math.max(1, s.epochs() / 10) == 0 || epoch == s.epochs()) {
                    log.printf("epoch %d/%d: loss %.5f, slope %.4f, intercept %.4f%n", epoch, s.epochs(), loss,
                            model.weight().item(), model.bias().item());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double slope = model.weight().item();
            double intercept = model.bias().item();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("slope", Result.round(slope));
            m.put("intercept", Result.round(intercept));
            m.put("loss", Result.round(loss));
            boolean met = Math.abs(slope - 2) <= 0.05 && Math.abs(intercept - 1) <= 0.05;
            return Result.of(name(), m, s.epochs(), seconds, met, target());
        }
    }
}
