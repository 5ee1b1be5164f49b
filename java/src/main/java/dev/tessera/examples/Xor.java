// xor: the 2-2-1 network with sigmoid units trained by plain gradient descent on the four XOR
// cases (mean squared error, full batch, seeded). Target: all four outputs on the right side of 0.5.
package dev.tessera.examples;

import dev.tessera.autograd.GradMode;
import dev.tessera.data.Dataset;
import dev.tessera.memory.Scope;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.Sigmoid;
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

public final class Xor implements Example {
    @Override public String name() { return "xor"; }
    @Override public String description() { return "XOR with a 2-2-1 sigmoid network and plain gradient descent"; }
    @Override public String target() { return "all four outputs on the right side of 0.5"; }
    @Override public Settings defaults() { return new Settings(3000, 4, 2.0, "sgd", 1); }

    /** The four cases, in the order 00, 01, 10, 11. */
    private static Tensor inputs() { return Tensor.fromArray(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}); }

    @Override
    public Result run(Settings s, PrintStream log, Consumer<Module> whenTrained) {
        try (Scope run = Scope.open()) {
            Tensor x = inputs();
            Tensor y = Tensor.fromArray(new float[][] {{0}, {1}, {1}, {0}});
            Sequential model = network(s);
            Optimizer opt = Optimizer.byName(s.optimizer(), model.parameters(), s.lr());
            long start = System.nanoTime();
            double loss = 0;
            List<Double> losses = new ArrayList<>();
            for (int epoch = 1; epoch <= s.epochs(); epoch++) {
                try (Scope step = Scope.open()) {
                    Tensor l = Losses.mseLoss(model.forward(x), y);
                    l.backward();
                    opt.step();
                    opt.zeroGrad();
                    loss = l.item();
                }
                losses.add(loss);
                if (epoch % Math.max(1, s.epochs() / 10) == 0 || epoch == s.epochs()) {
                    log.printf("epoch %d/%d: loss %.5f%n", epoch, s.epochs(), loss);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            whenTrained.accept(model);
            float[] out;
            try (Scope eval = Scope.open(); GradMode.Guard ng = GradMode.noGrad()) {
                out = model.forward(x).toFloatArray();
            }
            int right = 0;
            for (int i = 0; i < 4; i++) {
                boolean expected = i == 1 || i == 2;
                if ((out[i] > 0.5) == expected) right++;
                log.printf("  xor(%d, %d) = %.4f%n", i >> 1, i & 1, out[i]);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test_accuracy", right / 4.0);
            m.put("loss", Result.round(loss));
            return Result.of(name(), m, s.epochs(), seconds, right == 4, target()).withHistory(Map.of("loss", losses));
        }
    }

    @Override
    public Sequential network(Settings s) {
        Generator g = new Generator(s.seed());
        return new Sequential(new Linear(2, 2, true, DType.F32, g), new Sigmoid(), new Linear(2, 1, true, DType.F32, g), new Sigmoid());
    }

    @Override
    public Dataset.Sample testData(Settings s) { return new Dataset.Sample(inputs(), Tensor.of(0L, 1L, 1L, 0L)); }

    @Override
    public Tensor predictions(Tensor outputs) { return outputs.gt(0.5).to(DType.I64).reshape(-1); }
}
