// Each optimizer, through the whole path (loss ops -> backward -> step -> zeroGrad, a scope per
// step), against a plain-Java float64 transcription of torch.optim's update for five steps, with
// the learning rate changed half-way. Two parameters of different shapes; F64 parameters must match
// to rounding, F32 ones to float precision.
package dev.tessera.optim;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OptimizerReferenceTest {
    static final int STEPS = 5;
    // loss = sum_i 0.5 sum(c_i w_i^2) + sum(d_i w_i), so grad_i = c_i w_i + d_i.
    static final double[][] INIT = {{0.5, -1.2, 2.0, 0.3, -0.7, 1.1}, {-0.4, 0.9, 1.5, -2.2}};
    static final long[][] SHAPES = {{2, 3}, {4}};
    static final double[][] C = {{1.0, 2.0, 0.5, 3.0, 1.5, 0.8}, {2.5, 0.3, 1.2, 0.9}};
    static final double[][] D = {{0.1, -0.3, 0.2, 0.0, 0.5, -0.6}, {-0.2, 0.4, 0.0, 0.7}};

    /** Learning rate at step t (1-based): halved from step 3 on, through setLr. */
    static double lrAt(double lr, int t) { return t >= 3 ? lr / 2 : lr; }

    /** A float64 transcription of one optimizer's update: param index, values, grad, step t (1-based), lr. */
    interface Reference {
        void step(int index, double[] p, double[] g, int t, double lr);
    }

    record Case(String name, double lr, Function<List<Tensor>, Optimizer> make, Function<Integer, Reference> reference) {
        @Override public String toString() { return name; }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // SGD: lr, momentum, dampening, nesterov, weight decay
        double[][] sgd = {{0.1, 0, 0, 0, 0}, {0.1, 0.9, 0, 0, 0}, {0.1, 0.9, 0.1, 0, 0.01}, {0.05, 0.8, 0, 1, 0.001}, {0.1, 0, 0, 0, 0.05}};
        for (double[] c : sgd) {
            double lr = c[0], mom = c[1], damp = c[2], wd = c[4];
            boolean nesterov = c[3] != 0;
            cases.add(new Case(String.format("sgd momentum=%s dampening=%s nesterov=%s wd=%s", mom, damp, nesterov, wd), lr,
                    ps -> SGD.builder(ps).lr(lr).momentum(mom).dampening(damp).nesterov(nesterov).weightDecay(wd).build(),
                    n -> sgdReference(n, mom, damp, nesterov, wd)));
        }
        cases.add(new Case("sgd one-liner momentum 0.9", 0.05, ps -> new SGD(ps, 0.05, 0.9), n -> sgdReference(n, 0.9, 0, false, 0)));
        // Adam / AdamW: weight decay, amsgrad, decoupled
        Object[][] adam = {{0.0, false, false}, {0.05, false, false}, {0.0, true, false}, {0.05, true, false},
                           {0.01, false, true}, {0.1, true, true}};
        for (Object[] c : adam) {
            double wd = (Double) c[0];
            boolean amsgrad = (Boolean) c[1], decoupled = (Boolean) c[2];
            double lr = 0.05;
            cases.add(new Case(String.format("%s wd=%s amsgrad=%s", decoupled ? "adamw" : "adam", wd, amsgrad), lr,
                    ps -> decoupled ? AdamW.builder(ps).lr(lr).weightDecay(wd).amsgrad(amsgrad).build()
                                    : Adam.builder(ps).lr(lr).betas(0.8, 0.95).weightDecay(wd).amsgrad(amsgrad).eps(1e-6).build(),
                    n -> adamReference(n, decoupled ? 0.9 : 0.8, decoupled ? 0.999 : 0.95, decoupled ? 1e-8 : 1e-6, wd, amsgrad,
                            decoupled)));
        }
        cases.add(new Case("adam defaults", 1e-3, ps -> new Adam(ps), n -> adamReference(n, 0.9, 0.999, 1e-8, 0, false, false)));
        cases.add(new Case("adamw defaults", 1e-3, ps -> new AdamW(ps), n -> adamReference(n, 0.9, 0.999, 1e-8, 1e-2, false, true)));
        // RMSprop: alpha, weight decay, momentum, centered
        double[][] rms = {{0.99, 0, 0, 0}, {0.9, 0.01, 0, 0}, {0.9, 0, 0.5, 0}, {0.95, 0, 0, 1}, {0.9, 0.02, 0.7, 1}};
        for (double[] c : rms) {
            double alpha = c[0], wd = c[1], mom = c[2];
            boolean centered = c[3] != 0;
            double lr = 0.01;
            cases.add(new Case(String.format("rmsprop alpha=%s wd=%s momentum=%s centered=%s", alpha, wd, mom, centered), lr,
                    ps -> RMSprop.builder(ps).lr(lr).alpha(alpha).weightDecay(wd).momentum(mom).centered(centered).build(),
                    n -> rmspropReference(n, alpha, 1e-8, wd, mom, centered)));
        }
        cases.add(new Case("rmsprop defaults", 1e-2, ps -> new RMSprop(ps), n -> rmspropReference(n, 0.99, 1e-8, 0, 0, false)));
        // Adagrad: lr decay, weight decay, initial accumulator, eps
        double[][] ada = {{0, 0, 0, 1e-10}, {0.1, 0, 0, 1e-10}, {0, 0.05, 0.1, 1e-10}, {0.05, 0.01, 0.5, 1e-6}};
        for (double[] c : ada) {
            double lrDecay = c[0], wd = c[1], init = c[2], eps = c[3];
            double lr = 0.1;
            cases.add(new Case(String.format("adagrad lr_decay=%s wd=%s init=%s eps=%s", lrDecay, wd, init, eps), lr,
                    ps -> Adagrad.builder(ps).lr(lr).lrDecay(lrDecay).weightDecay(wd).initialAccumulatorValue(init).eps(eps).build(),
                    n -> adagradReference(n, lrDecay, wd, init, eps)));
        }
        for (String name : Optimizer.NAMES) {
            double lr = 0.02;
            cases.add(new Case("byName " + name, lr, ps -> Optimizer.byName(name.toUpperCase(), ps, lr), n -> switch (name) {
                case "sgd" -> sgdReference(n, 0, 0, false, 0);
                case "adam" -> adamReference(n, 0.9, 0.999, 1e-8, 0, false, false);
                case "adamw" -> adamReference(n, 0.9, 0.999, 1e-8, 1e-2, false, true);
                case "rmsprop" -> rmspropReference(n, 0.99, 1e-8, 0, 0, false);
                default -> adagradReference(n, 0, 0, 0, 1e-10);
            }));
        }
        return cases;
    }

    // ------------------------------------------------------------------ float64 references (torch.optim, foreach=False)

    static Reference sgdReference(int params, double mom, double damp, boolean nesterov, double wd) {
        double[][] buf = new double[params][];
        return (i, p, g, t, lr) -> {
            if (buf[i] == null) buf[i] = new double[p.length];
            for (int k = 0; k < p.length; k++) {
                double gk = g[k] + wd * p[k];
                if (mom != 0) {
                    buf[i][k] = t == 1 ? gk : mom * buf[i][k] + (1 - damp) * gk;
                    gk = nesterov ? gk + mom * buf[i][k] : buf[i][k];
                }
                p[k] -= lr * gk;
            }
        };
    }

    static Reference adamReference(int params, double b1, double b2, double eps, double wd, boolean amsgrad, boolean decoupled) {
        double[][] m = new double[params][], v = new double[params][], vmax = new double[params][];
        return (i, p, g, t, lr) -> {
            if (m[i] == null) {
                m[i] = new double[p.length];
                v[i] = new double[p.length];
                vmax[i] = new double[p.length];
            }
            double bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(b2, t);
            for (int k = 0; k < p.length; k++) {
                double gk = g[k];
                if (decoupled) p[k] *= 1 - lr * wd;
                else gk += wd * p[k];
                m[i][k] += (1 - b1) * (gk - m[i][k]);
                v[i][k] = b2 * v[i][k] + (1 - b2) * gk * gk;
                double vk = v[i][k];
                if (amsgrad) vk = vmax[i][k] = Math.max(vmax[i][k], vk);
                double denom = Math.sqrt(vk) / Math.sqrt(bc2) + eps;
                p[k] -= lr / bc1 * m[i][k] / denom;
            }
        };
    }

    static Reference rmspropReference(int params, double alpha, double eps, double wd, double mom, boolean centered) {
        double[][] sq = new double[params][], ga = new double[params][], buf = new double[params][];
        return (i, p, g, t, lr) -> {
            if (sq[i] == null) {
                sq[i] = new double[p.length];
                ga[i] = new double[p.length];
                buf[i] = new double[p.length];
            }
            for (int k = 0; k < p.length; k++) {
                double gk = g[k] + wd * p[k];
                sq[i][k] = alpha * sq[i][k] + (1 - alpha) * gk * gk;
                double avg;
                if (centered) {
                    ga[i][k] += (1 - alpha) * (gk - ga[i][k]);
                    avg = Math.sqrt(sq[i][k] - ga[i][k] * ga[i][k]) + eps;
                } else {
                    avg = Math.sqrt(sq[i][k]) + eps;
                }
                if (mom > 0) {
                    buf[i][k] = mom * buf[i][k] + gk / avg;
                    p[k] -= lr * buf[i][k];
                } else {
                    p[k] -= lr * gk / avg;
                }
            }
        };
    }

    static Reference adagradReference(int params, double lrDecay, double wd, double init, double eps) {
        double[][] sum = new double[params][];
        return (i, p, g, t, lr) -> {
            if (sum[i] == null) {
                sum[i] = new double[p.length];
                java.util.Arrays.fill(sum[i], init);
            }
            double clr = lr / (1 + (t - 1) * lrDecay);
            for (int k = 0; k < p.length; k++) {
                double gk = g[k] + wd * p[k];
                sum[i][k] += gk * gk;
                p[k] -= clr * gk / (Math.sqrt(sum[i][k]) + eps);
            }
        };
    }

    // ------------------------------------------------------------------ the two runs

    static double[][] reference(Case c) {
        Reference ref = c.reference().apply(INIT.length);
        double[][] p = new double[INIT.length][];
        for (int i = 0; i < INIT.length; i++) p[i] = INIT[i].clone();
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < p.length; i++) {
                double[] g = new double[p[i].length];
                for (int k = 0; k < g.length; k++) g[k] = C[i][k] * p[i][k] + D[i][k];
                ref.step(i, p[i], g, t, lrAt(c.lr(), t));
            }
        }
        return p;
    }

    static Tensor tensor(DType dt, double[] values, long[] shape) {
        return Tensor.of(values).to(dt).reshape(shape).contiguous();
    }

    static double[][] tessera(Case c, DType dt) {
        try (Scope run = Scope.open()) {
            List<Tensor> params = new ArrayList<>();
            List<Tensor> cs = new ArrayList<>(), ds = new ArrayList<>();
            for (int i = 0; i < INIT.length; i++) {
                params.add(tensor(dt, INIT[i], SHAPES[i]).detach().requiresGrad(true));
                cs.add(tensor(dt, C[i], SHAPES[i]));
                ds.add(tensor(dt, D[i], SHAPES[i]));
            }
            try (Optimizer opt = c.make().apply(params)) {
                assertEquals(c.lr(), opt.lr(), 0, "initial lr");
                for (int t = 1; t <= STEPS; t++) {
                    if (t == 3) opt.setLr(c.lr() / 2);
                    try (Scope step = Scope.open()) {
                        Tensor loss = null;
                        for (int i = 0; i < params.size(); i++) {
                            Tensor w = params.get(i);
                            Tensor li = w.mul(w).mul(cs.get(i)).sum().mul(0.5).add(w.mul(ds.get(i)).sum());
                            loss = loss == null ? li : loss.add(li);
                        }
                        loss.backward();
                        opt.step();
                        opt.zeroGrad();
                    }
                }
                for (int i = 0; i < params.size(); i++) assertEquals(STEPS, opt.state(i).step(), "step count of param " + i);
            }
            double[][] out = new double[params.size()][];
            for (int i = 0; i < out.length; i++) out[i] = params.get(i).toDoubleArray();
            return out;
        }
    }

    @TestFactory
    Stream<DynamicTest> matchesFloat64Reference() {
        return cases().stream().flatMap(c -> Stream.of(DType.F64, DType.F32).map(dt -> DynamicTest.dynamicTest(c + " " + dt, () -> {
            double[][] want = reference(c);
            double[][] got = tessera(c, dt);
            double tol = dt == DType.F64 ? 1e-12 : 2e-5;
            for (int i = 0; i < want.length; i++) {
                for (int k = 0; k < want[i].length; k++) {
                    double scale = Math.max(1, Math.abs(want[i][k]));
                    assertEquals(want[i][k], got[i][k], tol * scale, c + " " + dt + ": param " + i + " element " + k);
                }
            }
            // The run moved the parameters: a test that compared the initial values would pass vacuously.
            assertEquals(false, java.util.Arrays.equals(want[0], INIT[0]), c + ": parameters did not move");
        })));
    }
}
