// FusedKernelsTest: the Backend's fused loss and optimizer-step entry points (native loss.h and
// optim.h through CpuBackend) against plain Java float64 references written from PyTorch's
// definitions: cross entropy with label smoothing, class weights and ignore_index, the stable
// BCE-with-logits at |x| = 100, the regression losses and kl_div, and three steps of every
// optimizer. Also the Java-side checks that keep the kernels inside their buffers.
package dev.tessera.backend;

import dev.tessera.backend.cpu.CpuBackend;
import dev.tessera.bridge.TesseraNative;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusedKernelsTest {
    private static final Backend BE = CpuBackend.INSTANCE;
    private static final long IGNORE = -100;

    private Scope scope;

    @BeforeEach
    void open() { scope = Scope.open(); }

    @AfterEach
    void close() { scope.close(); }

    // ------------------------------------------------------------------ helpers

    /** A contiguous tensor of dtype holding values (rounded to f32 for F32). */
    private static Tensor t(DType dt, double[] values, long... shape) {
        Tensor d = Tensor.of(values).reshape(shape);
        return dt == DType.F64 ? d : d.to(dt);
    }

    /** The values as stored: what the kernel actually sees. */
    private static double[] stored(DType dt, double[] v) {
        double[] r = v.clone();
        if (dt == DType.F32) for (int i = 0; i < r.length; i++) r[i] = (float) r[i];
        return r;
    }

    private static double[] normal(Random r, int n, double sd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = sd * r.nextGaussian();
        return v;
    }

    private static void assertClose(double[] want, double[] got, double rtol, double atol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs(got[i] - want[i]);
            assertTrue(err <= atol + rtol * Math.abs(want[i]) || (Double.isNaN(want[i]) && Double.isNaN(got[i])),
                    what + "[" + i + "]: got " + got[i] + ", want " + want[i]);
        }
    }

    private static double rtol(DType dt) { return dt == DType.F32 ? 2e-6 : 1e-13; }

    // ------------------------------------------------------------------ cross entropy and nll

    /** PyTorch: (1 - eps) w[y] (-log p_y) + eps / c sum_j w[j] (-log p_j) from a log-softmax in double. */
    private static double ceRef(double[] x, int row, int c, long y, double[] w, double eps) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) m = Math.max(m, x[row * c + j]);
        double s = 0;
        for (int j = 0; j < c; j++) s += Math.exp(x[row * c + j] - m);
        double lse = m + Math.log(s), smooth = 0;
        for (int j = 0; j < c; j++) smooth += (w == null ? 1 : w[j]) * (lse - x[row * c + j]);
        return (1 - eps) * (w == null ? 1 : w[(int) y]) * (lse - x[row * c + (int) y]) + eps / c * smooth;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void crossEntropyWithLabelSmoothingMatchesTheReference(DType dt) {
        int n = 6, c = 5;
        Random r = new Random(7);
        double[] x = stored(dt, normal(r, n * c, 3));
        x[7] = 80; // a large logit: stable
        long[] labels = {0, 4, IGNORE, 2, 2, 1};
        double[] w = stored(dt, new double[] {0.5, 1, 1.5, 2, 0.25});
        double[] g = stored(dt, new double[] {1, 0.5, 2, -1, 0.25, 3});
        for (double eps : new double[] {0, 0.1}) {
            for (double[] weights : new double[][] {null, w}) {
                String what = "eps " + eps + (weights == null ? "" : " weighted") + " " + dt;
                Tensor logits = t(dt, x, n, c), y = Tensor.of(labels), wt = weights == null ? null : t(dt, weights, c);
                Tensor loss = Tensor.empty(dt, n);
                double total = BE.crossEntropyForward(logits, y, wt, eps, IGNORE, loss);
                double[] want = new double[n];
                double wantTotal = 0;
                for (int i = 0; i < n; i++) {
                    if (labels[i] == IGNORE) continue;
                    want[i] = ceRef(x, i, c, labels[i], weights, eps);
                    wantTotal += weights == null ? 1 : weights[(int) labels[i]];
                }
                assertClose(want, loss.toDoubleArray(), rtol(dt) * 10, 1e-12, "loss " + what);
                assertEquals(wantTotal, total, 1e-12, "total weight " + what);

                // Gradient: per-sample upstream g, and a single upstream value (a 'mean' reduction).
                Tensor dx = Tensor.empty(dt, n, c);
                BE.crossEntropyBackward(logits, y, wt, eps, IGNORE, t(dt, g, n), dx);
                double[] wantDx = new double[n * c];
                double wsum = 0;
                for (int j = 0; j < c; j++) wsum += weights == null ? 1 : weights[j];
                for (int i = 0; i < n; i++) {
                    if (labels[i] == IGNORE) continue;
                    double m = Double.NEGATIVE_INFINITY, s = 0;
                    for (int j = 0; j < c; j++) m = Math.max(m, x[i * c + j]);
                    for (int j = 0; j < c; j++) s += Math.exp(x[i * c + j] - m);
                    double wy = weights == null ? 1 : weights[(int) labels[i]];
                    for (int j = 0; j < c; j++) {
                        double p = Math.exp(x[i * c + j] - m) / s, wj = weights == null ? 1 : weights[j];
                        double d = (1 - eps) * wy * (p - (j == labels[i] ? 1 : 0)) + eps / c * (wsum * p - wj);
                        wantDx[i * c + j] = g[i] * d;
                    }
                }
                assertClose(wantDx, dx.toDoubleArray(), dt == DType.F32 ? 1e-5 : 1e-12, dt == DType.F32 ? 1e-6 : 1e-14, "dlogits " + what);
                BE.crossEntropyBackward(logits, y, wt, eps, IGNORE, t(dt, new double[] {0.5}, 1), dx);
                double[] scalar = dx.toDoubleArray();
                for (int k = 0; k < n * c; k++) {
                    double want2 = labels[k / c] == IGNORE ? 0 : wantDx[k] / g[k / c] * 0.5;
                    assertEquals(want2, scalar[k], 1e-5 * (1 + Math.abs(want2)), "dlogits (scalar upstream) " + what + " at " + k);
                }
            }
        }
    }

    @Test
    void crossEntropyGradientMatchesFiniteDifferences() {
        int n = 3, c = 4;
        double[] x = normal(new Random(3), n * c, 2);
        long[] labels = {3, 0, 1};
        double eps = 0.2, h = 1e-6;
        Tensor dx = Tensor.empty(DType.F64, n, c);
        BE.crossEntropyBackward(t(DType.F64, x, n, c), Tensor.of(labels), null, eps, IGNORE, t(DType.F64, new double[] {1}, 1), dx);
        double[] got = dx.toDoubleArray();
        for (int k = 0; k < n * c; k++) {
            double[] xp = x.clone(), xm = x.clone();
            xp[k] += h;
            xm[k] -= h;
            int row = k / c;
            double num = (ceRef(xp, row, c, labels[row], null, eps) - ceRef(xm, row, c, labels[row], null, eps)) / (2 * h);
            assertEquals(num, got[k], 1e-8, "d loss / d x[" + k + "]");
        }
    }

    @Test
    void crossEntropyRejectsALabelOutOfRange() {
        Tensor logits = Tensor.zeros(3, 5), loss = Tensor.empty(DType.F32, 3);
        KernelException e = assertThrows(KernelException.class,
                () -> BE.crossEntropyForward(logits, Tensor.of(0L, 5L, 1L), null, 0, IGNORE, loss));
        assertTrue(e.getMessage().contains("label 5") && e.getMessage().contains("5 classes") && e.getMessage().startsWith("cross_entropy"),
                e.getMessage());
        assertThrows(KernelException.class, () -> BE.crossEntropyForward(logits, Tensor.of(0L, -1L, 1L), null, 0, IGNORE, loss));
        // A label equal to ignore_index is fine even out of range.
        assertEquals(2.0, BE.crossEntropyForward(logits, Tensor.of(0L, IGNORE, 1L), null, 0, IGNORE, loss));
    }

    @Test
    void nllPicksAndScattersTheLabelledLogProbability() {
        int n = 3, c = 4;
        double[] x = normal(new Random(5), n * c, 1);
        double[] w = {1, 2, 3, 4};
        long[] labels = {2, IGNORE, 0};
        Tensor loss = Tensor.empty(DType.F64, n), dx = Tensor.empty(DType.F64, n, c);
        double total = BE.nllForward(t(DType.F64, x, n, c), Tensor.of(labels), t(DType.F64, w, c), IGNORE, loss);
        assertClose(new double[] {-3 * x[2], 0, -1 * x[8]}, loss.toDoubleArray(), 0, 0, "nll");
        assertEquals(4.0, total);
        BE.nllBackward(Tensor.of(labels), t(DType.F64, w, c), IGNORE, t(DType.F64, new double[] {2, 5, 7}, n), dx);
        double[] want = new double[n * c];
        want[2] = -3 * 2;
        want[8] = -1 * 7;
        assertClose(want, dx.toDoubleArray(), 0, 0, "nll backward");
    }

    // ------------------------------------------------------------------ binary cross entropy

    private static double bceLogitsRef(double x, double y) {
        return Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void bceWithLogitsIsStableAtHundred(DType dt) {
        double[] x = {-100, 100, -100, 100, 0, 2.5, -30};
        double[] y = {0, 1, 1, 0, 0.5, 0.25, 1};
        int n = x.length;
        Tensor lx = t(dt, x, n), ty = t(dt, y, n), loss = Tensor.empty(dt, n);
        BE.bceWithLogitsForward(lx, ty, null, loss);
        double[] got = loss.toDoubleArray();
        for (int i = 0; i < n; i++) {
            assertTrue(Double.isFinite(got[i]), "loss at x = " + x[i] + " must be finite: " + got[i]);
            assertEquals(bceLogitsRef(x[i], y[i]), got[i], 1e-6 * (1 + Math.abs(got[i])), "loss at x = " + x[i] + ", y = " + y[i]);
        }
        assertEquals(100, got[2], 1e-5);
        assertEquals(100, got[3], 1e-5);
        Tensor dx = Tensor.empty(dt, n), dy = Tensor.empty(dt, n);
        BE.bceWithLogitsBackward(lx, ty, null, t(dt, new double[] {1}, 1), dx, dy);
        double[] gx = dx.toDoubleArray(), gy = dy.toDoubleArray();
        for (int i = 0; i < n; i++) {
            double sig = 1 / (1 + Math.exp(-x[i]));
            assertEquals(sig - y[i], gx[i], 1e-6, "dx at " + x[i]);
            assertEquals(-x[i], gy[i], 1e-6, "dy at " + x[i]);
        }
        assertEquals(0.0, gx[1] - 0.0, 1e-30); // sigmoid(100) - 1 rounds to 0, no NaN
    }

    @Test
    void bceWithLogitsPosWeight() {
        double[] x = {-1, 0.5, 3, -2}, y = {1, 0, 1, 0.5}, pw = {3, 0.5};
        Tensor loss = Tensor.empty(DType.F64, 2, 2);
        BE.bceWithLogitsForward(t(DType.F64, x, 2, 2), t(DType.F64, y, 2, 2), t(DType.F64, pw, 2), loss);
        double[] got = loss.toDoubleArray();
        for (int i = 0; i < 4; i++) {
            double p = pw[i % 2], lw = 1 + (p - 1) * y[i];
            double want = (1 - y[i]) * x[i] + lw * Math.log1p(Math.exp(-x[i]));
            assertEquals(want, got[i], 1e-14);
        }
        assertThrows(IllegalArgumentException.class,
                () -> BE.bceWithLogitsForward(t(DType.F64, x, 2, 2), t(DType.F64, y, 2, 2), t(DType.F64, new double[] {1, 2, 3}, 3), loss));
    }

    @Test
    void bceOnProbabilitiesClampsItsLogs() {
        double[] p = {0, 1, 0.25, 1}, y = {1, 0, 0.5, 1};
        Tensor loss = Tensor.empty(DType.F64, 4), dx = Tensor.empty(DType.F64, 4);
        BE.bceForward(t(DType.F64, p, 4), t(DType.F64, y, 4), loss);
        double mid = -(0.5 * Math.log(0.25) + 0.5 * Math.log(0.75));
        assertClose(new double[] {100, 100, mid, 0}, loss.toDoubleArray(), 1e-15, 0, "bce");
        BE.bceBackward(t(DType.F64, p, 4), t(DType.F64, y, 4), t(DType.F64, new double[] {1}, 1), dx, null);
        assertClose(new double[] {-1e12, 1e12, (0.25 - 0.5) / (0.75 * 0.25), 0}, dx.toDoubleArray(), 1e-15, 0, "bce backward");
        KernelException e = assertThrows(KernelException.class,
                () -> BE.bceForward(t(DType.F64, new double[] {0.5, -0.1}, 2), t(DType.F64, new double[] {0, 1}, 2), Tensor.empty(DType.F64, 2)));
        assertTrue(e.getMessage().contains("-0.1") && e.getMessage().contains("[0, 1]"), e.getMessage());
    }

    // ------------------------------------------------------------------ regression losses and kl_div

    @ParameterizedTest
    @EnumSource(PointwiseLoss.class)
    void pointwiseLossesMatchTheirDefinitions(PointwiseLoss kind) {
        double[] x = {-3, -0.4, 0, 0.2, 1.7, 5, 0.9}, y = {0, 0, 0, 0.5, -0.5, 1, 0.9};
        double param = 0.75;
        int n = x.length;
        Tensor loss = Tensor.empty(DType.F64, n), dx = Tensor.empty(DType.F64, n), dy = Tensor.empty(DType.F64, n);
        BE.pointwiseLossForward(kind, t(DType.F64, x, n), t(DType.F64, y, n), param, loss);
        BE.pointwiseLossBackward(kind, t(DType.F64, x, n), t(DType.F64, y, n), param, t(DType.F64, new double[] {2}, 1), dx, dy);
        double[] l = loss.toDoubleArray(), gx = dx.toDoubleArray(), gy = dy.toDoubleArray();
        for (int i = 0; i < n; i++) {
            double d = x[i] - y[i], z = Math.abs(d), wantL, wantG;
            switch (kind) {
                case MSE: wantL = d * d; wantG = 2 * d; break;
                case L1: wantL = z; wantG = Math.signum(d); break;
                case HUBER: wantL = z < param ? 0.5 * z * z : param * (z - 0.5 * param); wantG = Math.max(-param, Math.min(param, d)); break;
                default: wantL = z < param ? 0.5 * z * z / param : z - 0.5 * param; wantG = Math.max(-1, Math.min(1, d / param));
            }
            assertEquals(wantL, l[i], 1e-15, kind + " loss at d = " + d);
            assertEquals(2 * wantG, gx[i], 1e-15, kind + " dx at d = " + d);
            assertEquals(-gx[i], gy[i], 0, kind + " dy = -dx");
        }
        assertEquals(kind.nativeName(), TesseraNative.ts_pointwise_loss_name(kind.code()), "native code of " + kind);
    }

    @Test
    void pointwiseLossCodesAreComplete() {
        assertNull(TesseraNative.ts_pointwise_loss_name(PointwiseLoss.values().length), "a native loss the Java side doesn't know");
    }

    @Test
    void klDivFollowsPyTorch() {
        double[] x = {-1.2, -0.3, -4, -0.01}, p = {0.3, 0.7, 0, 1};
        Tensor loss = Tensor.empty(DType.F64, 4), dx = Tensor.empty(DType.F64, 4), dt = Tensor.empty(DType.F64, 4);
        BE.klDivForward(t(DType.F64, x, 4), t(DType.F64, p, 4), false, loss);
        double[] want = new double[4];
        for (int i = 0; i < 4; i++) want[i] = p[i] == 0 ? 0 : p[i] * (Math.log(p[i]) - x[i]);
        assertClose(want, loss.toDoubleArray(), 1e-14, 1e-16, "kl_div");
        BE.klDivBackward(t(DType.F64, x, 4), t(DType.F64, p, 4), false, t(DType.F64, new double[] {1, 2, 3, 4}, 4), dx, dt);
        assertClose(new double[] {-0.3, -1.4, 0, -4}, dx.toDoubleArray(), 1e-15, 0, "kl_div dx");
        double[] gt = dt.toDoubleArray();
        assertEquals(0.0, gt[2], 0, "d/dt is 0 where t is 0");
        assertEquals(2 * (Math.log(0.7) + 1 + 0.3), gt[1], 1e-14);
        // log_target: exp(t) (t - x)
        BE.klDivForward(t(DType.F64, x, 4), t(DType.F64, x, 4), true, loss);
        assertClose(new double[4], loss.toDoubleArray(), 0, 0, "kl_div of a distribution with itself");
    }

    // ------------------------------------------------------------------ optimizers

    private static final int N = 29;

    /** Three gradients for N parameters, some tiny so eps matters. */
    private static double[][] grads() {
        Random r = new Random(11);
        double[][] g = new double[3][];
        for (int s = 0; s < 3; s++) {
            g[s] = normal(r, N, 1);
            for (int i = 0; i < N; i += 7) g[s][i] *= 1e-4;
        }
        return g;
    }

    private static double[] start() { return normal(new Random(13), N, 1); }

    /** Runs 3 steps of the kernel on tensors of dt and of the reference on doubles, then compares. */
    private interface KernelStep { void run(Tensor param, Tensor grad, int step); }

    private interface RefStep { void run(double[] param, double[] grad, int step); }

    private static void threeSteps(DType dt, String what, KernelStep kernel, RefStep ref) {
        double[] p = stored(dt, start());
        Tensor param = t(dt, p, N);
        double[][] g = grads();
        for (int s = 0; s < 3; s++) {
            double[] gs = stored(dt, g[s]);
            Tensor grad = t(dt, gs, N);
            kernel.run(param, grad, s + 1);
            assertClose(gs, grad.toDoubleArray(), 0, 0, what + ": grad must not change");
            ref.run(p, gs, s + 1);
        }
        assertClose(p, param.toDoubleArray(), dt == DType.F32 ? 1e-5 : 1e-14, dt == DType.F32 ? 1e-6 : 1e-15, what + " " + dt + " after 3 steps");
    }

    private static Tensor zeros(DType dt) { return Tensor.zeros(dt, N); }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void sgdMatchesPyTorchForThreeSteps(DType dt) {
        double[][] configs = {{0.1, 0, 0, 0, 0}, {0.1, 0.9, 0.1, 0.01, 0}, {0.05, 0.8, 0, 0.001, 1}}; // lr, momentum, dampening, wd, nesterov
        for (double[] cfg : configs) {
            double lr = cfg[0], mom = cfg[1], damp = cfg[2], wd = cfg[3];
            boolean nesterov = cfg[4] != 0;
            Tensor buf = mom == 0 ? null : zeros(dt);
            double[] rbuf = new double[N];
            threeSteps(dt, "sgd " + java.util.Arrays.toString(cfg),
                    (p, g, step) -> BE.sgdStep(p, g, buf, lr, mom, damp, wd, nesterov, step == 1),
                    (p, g, step) -> {
                        for (int i = 0; i < N; i++) {
                            double gi = g[i] + wd * p[i];
                            if (mom != 0) {
                                rbuf[i] = step == 1 ? gi : mom * rbuf[i] + (1 - damp) * gi;
                                gi = nesterov ? gi + mom * rbuf[i] : rbuf[i];
                            }
                            p[i] -= lr * gi;
                        }
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void adamAndAdamWMatchPyTorchForThreeSteps(DType dt) {
        double lr = 1e-2, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        for (int variant = 0; variant < 4; variant++) { // adam, adam + L2, adamw, adam amsgrad
            double wd = variant == 1 || variant == 2 ? 0.05 : 0;
            boolean decoupled = variant == 2, amsgrad = variant == 3;
            Tensor m = zeros(dt), v = zeros(dt), vmax = amsgrad ? zeros(dt) : null;
            double[] rm = new double[N], rv = new double[N], rvmax = new double[N];
            threeSteps(dt, new String[] {"adam", "adam wd", "adamw", "adam amsgrad"}[variant],
                    (p, g, step) -> BE.adamStep(p, g, m, v, vmax, step, lr, b1, b2, eps, wd, decoupled),
                    (p, g, step) -> {
                        double bc1 = 1 - Math.pow(b1, step), bc2 = 1 - Math.pow(b2, step);
                        for (int i = 0; i < N; i++) {
                            double gi = g[i];
                            if (decoupled) p[i] *= 1 - lr * wd;
                            else gi += wd * p[i];
                            rm[i] = b1 * rm[i] + (1 - b1) * gi;
                            rv[i] = b2 * rv[i] + (1 - b2) * gi * gi;
                            double vv = rv[i];
                            if (amsgrad) vv = rvmax[i] = Math.max(rvmax[i], rv[i]);
                            p[i] -= lr / bc1 * rm[i] / (Math.sqrt(vv) / Math.sqrt(bc2) + eps);
                        }
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void rmspropMatchesPyTorchForThreeSteps(DType dt) {
        double lr = 1e-2, alpha = 0.99, eps = 1e-8;
        for (int variant = 0; variant < 3; variant++) { // plain, centered + momentum + wd, momentum
            boolean centered = variant == 1;
            double mom = variant == 0 ? 0 : 0.9, wd = variant == 1 ? 0.01 : 0;
            Tensor sq = zeros(dt), ga = centered ? zeros(dt) : null, buf = mom > 0 ? zeros(dt) : null;
            double[] rsq = new double[N], rga = new double[N], rbuf = new double[N];
            threeSteps(dt, "rmsprop " + variant,
                    (p, g, step) -> BE.rmspropStep(p, g, sq, ga, buf, lr, alpha, eps, wd, mom, centered),
                    (p, g, step) -> {
                        for (int i = 0; i < N; i++) {
                            double gi = g[i] + wd * p[i];
                            rsq[i] = alpha * rsq[i] + (1 - alpha) * gi * gi;
                            double avg;
                            if (centered) {
                                rga[i] = alpha * rga[i] + (1 - alpha) * gi;
                                avg = Math.sqrt(rsq[i] - rga[i] * rga[i]) + eps;
                            } else {
                                avg = Math.sqrt(rsq[i]) + eps;
                            }
                            if (mom > 0) {
                                rbuf[i] = mom * rbuf[i] + gi / avg;
                                p[i] -= lr * rbuf[i];
                            } else {
                                p[i] -= lr * gi / avg;
                            }
                        }
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void adagradMatchesPyTorchForThreeSteps(DType dt) {
        double lr = 0.1, lrDecay = 0.01, wd = 0.1, eps = 1e-10, init = 0.1;
        Tensor sum = Tensor.full(dt, init, N);
        double[] rsum = new double[N];
        java.util.Arrays.fill(rsum, dt == DType.F32 ? (float) init : init);
        threeSteps(dt, "adagrad",
                (p, g, step) -> BE.adagradStep(p, g, sum, step, lr, lrDecay, wd, eps),
                (p, g, step) -> {
                    double clr = lr / (1 + (step - 1) * lrDecay);
                    for (int i = 0; i < N; i++) {
                        double gi = g[i] + wd * p[i];
                        rsum[i] += gi * gi;
                        p[i] -= clr * gi / (Math.sqrt(rsum[i]) + eps);
                    }
                });
    }

    // ------------------------------------------------------------------ the Java-side checks

    @Test
    void misshapenOrStridedBuffersAreRefusedBeforeTheKernel() {
        Tensor p = Tensor.zeros(DType.F32, 4), g = Tensor.zeros(DType.F32, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BE.sgdStep(p, g, null, 0.1, 0, 0, 0, false, true));
        assertTrue(e.getMessage().startsWith("sgd: grad") && e.getMessage().contains("4 elements"), e.getMessage());
        Tensor strided = Tensor.zeros(DType.F32, 4, 2).transpose(0, 1);
        e = assertThrows(IllegalArgumentException.class, () -> BE.adamStep(strided, strided, strided, strided, null, 1, 0.1, 0.9, 0.999, 1e-8, 0, false));
        assertTrue(e.getMessage().contains("contiguous"), e.getMessage());
        Tensor p64 = Tensor.zeros(DType.F64, 4);
        e = assertThrows(IllegalArgumentException.class, () -> BE.sgdStep(p64, Tensor.zeros(DType.F32, 4), null, 0.1, 0, 0, 0, false, true));
        assertTrue(e.getMessage().contains("f64") || e.getMessage().contains("F64"), e.getMessage());
        Tensor logits = Tensor.zeros(3, 4);
        e = assertThrows(IllegalArgumentException.class,
                () -> BE.crossEntropyForward(logits, Tensor.of(0L, 1L), null, 0, IGNORE, Tensor.empty(DType.F32, 3)));
        assertTrue(e.getMessage().contains("labels") && e.getMessage().contains("3 elements"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BE.crossEntropyForward(logits, Tensor.zeros(DType.I32, 3), null, 0, IGNORE, Tensor.empty(DType.F32, 3)));
        assertTrue(e.getMessage().contains("I64") || e.getMessage().contains("i64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BE.crossEntropyBackward(logits, Tensor.of(0L, 1L, 2L), null, 0, IGNORE, Tensor.zeros(2), Tensor.empty(DType.F32, 3, 4)));
        assertTrue(e.getMessage().contains("gradLoss"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BE.adagradStep(Tensor.zeros(DType.I32, 2), Tensor.zeros(DType.I32, 2),
                Tensor.zeros(DType.I32, 2), 1, 0.1, 0, 0, 1e-10));
        assertTrue(e.getMessage().contains("f32 or f64"), e.getMessage());
        assertThrows(KernelException.class, () -> BE.adamStep(p, Tensor.zeros(DType.F32, 4), Tensor.zeros(DType.F32, 4),
                Tensor.zeros(DType.F32, 4), null, 0, 0.1, 0.9, 0.999, 1e-8, 0, false));
    }
}
