// RecurrentKernelsTest: the Backend's fused recurrent-cell kernels (native rnn.h through CpuBackend)
// called directly: one LSTM, GRU and Elman step forward against PyTorch's formulas in float64,
// their backwards against central differences of those forwards, the rows split over the pool
// (a batch large enough to fork), and the Java-side checks that keep the kernels in their buffers.
package dev.tessera.backend;

import dev.tessera.backend.cpu.CpuBackend;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecurrentKernelsTest {
    private static final Backend BE = CpuBackend.INSTANCE;
    /** Rows enough for the kernels to split them over two pool threads. */
    private static final int N = 40, H = 33;

    private Scope scope;

    @BeforeEach
    void open() { scope = Scope.open(); }

    @AfterEach
    void close() { scope.close(); }

    private static Tensor uniform(long seed, long... shape) {
        return Tensor.rand(new Generator(seed), shape).mul(4.0).sub(2.0).to(DType.F64);
    }

    private static Tensor empty(long... shape) { return Tensor.empty(DType.F64, shape); }

    private static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    /** An LSTM step in float64 from the gates, biases and c_prev: {h, c} per element. */
    private static double[][] lstmRef(double[] g, double[] bi, double[] bh, double[] cp) {
        double[] h = new double[N * H], c = new double[N * H];
        for (int r = 0; r < N; r++) {
            for (int j = 0; j < H; j++) {
                double[] pre = new double[4];
                for (int k = 0; k < 4; k++) pre[k] = g[r * 4 * H + k * H + j] + bi[k * H + j] + bh[k * H + j];
                double cn = sigmoid(pre[1]) * cp[r * H + j] + sigmoid(pre[0]) * Math.tanh(pre[2]);
                c[r * H + j] = cn;
                h[r * H + j] = sigmoid(pre[3]) * Math.tanh(cn);
            }
        }
        return new double[][] {h, c};
    }

    private static void close(double[] expected, double[] actual, double tol, String what) {
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
    }

    @Test
    void lstmForwardAndBackward() {
        Tensor gates = uniform(1, N, 4 * H), bi = uniform(2, 4 * H), bh = uniform(3, 4 * H), cp = uniform(4, N, H);
        Tensor h = empty(N, H), c = empty(N, H), saved = empty(N, 5 * H);
        BE.lstmCellForward(gates, bi, bh, cp, h, c, saved);
        double[][] ref = lstmRef(gates.toDoubleArray(), bi.toDoubleArray(), bh.toDoubleArray(), cp.toDoubleArray());
        close(ref[0], h.toDoubleArray(), 1e-14, "h");
        close(ref[1], c.toDoubleArray(), 1e-14, "c");
        // Backward of L = sum(dh * h + dc * c): compare with central differences on the gates and c_prev.
        Tensor dh = uniform(5, N, H), dc = uniform(6, N, H), dGates = empty(N, 4 * H), dcPrev = empty(N, H);
        BE.lstmCellBackward(dh, dc, cp, saved, dGates, dcPrev);
        double[] dhv = dh.toDoubleArray(), dcv = dc.toDoubleArray();
        Function<double[][], Double> loss = hc -> {
            double s = 0;
            for (int i = 0; i < hc[0].length; i++) s += dhv[i] * hc[0][i] + dcv[i] * hc[1][i];
            return s;
        };
        double[] g = gates.toDoubleArray(), cpv = cp.toDoubleArray(), biv = bi.toDoubleArray(), bhv = bh.toDoubleArray();
        double[] analytic = dGates.toDoubleArray();
        for (int i = 0; i < g.length; i += 37) {
            double keep = g[i];
            g[i] = keep + 1e-6;
            double up = loss.apply(lstmRef(g, biv, bhv, cpv));
            g[i] = keep - 1e-6;
            double down = loss.apply(lstmRef(g, biv, bhv, cpv));
            g[i] = keep;
            assertEquals((up - down) / 2e-6, analytic[i], 1e-6, "d gates[" + i + "]");
        }
        double[] analyticC = dcPrev.toDoubleArray();
        for (int i = 0; i < cpv.length; i += 13) {
            double keep = cpv[i];
            cpv[i] = keep + 1e-6;
            double up = loss.apply(lstmRef(g, biv, bhv, cpv));
            cpv[i] = keep - 1e-6;
            double down = loss.apply(lstmRef(g, biv, bhv, cpv));
            cpv[i] = keep;
            assertEquals((up - down) / 2e-6, analyticC[i], 1e-6, "d c_prev[" + i + "]");
        }
    }

    @Test
    void gruAndElmanStepsMatchTheirFormulas() {
        Tensor gx = uniform(7, N, 3 * H), gh = uniform(8, N, 3 * H), hp = uniform(9, N, H), h = empty(N, H), saved = empty(N, 4 * H);
        BE.gruCellForward(gx, gh, null, null, hp, h, saved);
        double[] x = gx.toDoubleArray(), y = gh.toDoubleArray(), p = hp.toDoubleArray(), out = h.toDoubleArray();
        for (int r = 0; r < N; r++) {
            for (int j = 0; j < H; j++) {
                int a = r * 3 * H + j;
                double rg = sigmoid(x[a] + y[a]), z = sigmoid(x[a + H] + y[a + H]), n = Math.tanh(x[a + 2 * H] + rg * y[a + 2 * H]);
                assertEquals((1 - z) * n + z * p[r * H + j], out[r * H + j], 1e-14, "gru h");
            }
        }
        Tensor pre = uniform(10, N, H), relu = empty(N, H), tanh = empty(N, H), dh = uniform(11, N, H), d = empty(N, H);
        BE.rnnCellForward(true, pre, null, null, relu);
        BE.rnnCellForward(false, pre, null, null, tanh);
        BE.rnnCellBackward(false, dh, tanh, d);
        double[] v = pre.toDoubleArray(), rv = relu.toDoubleArray(), tv = tanh.toDoubleArray();
        double[] dv = d.toDoubleArray(), g = dh.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            assertEquals(Math.max(v[i], 0), rv[i], 0, "relu");
            assertEquals(Math.tanh(v[i]), tv[i], 1e-15, "tanh");
            assertEquals(g[i] * (1 - tv[i] * tv[i]), dv[i], 1e-15, "tanh backward");
        }
    }

    @Test
    void buffersAreCheckedBeforeTheKernelRuns() {
        Tensor gates = uniform(1, 2, 12), c = uniform(2, 2, 3), h = empty(2, 3), cn = empty(2, 3);
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> BE.lstmCellForward(gates, null, null, c, h, cn, empty(2, 14)));
        assertTrue(small.getMessage().startsWith("lstm_cell: saved"), small.getMessage());
        IllegalArgumentException strided = assertThrows(IllegalArgumentException.class,
                () -> BE.lstmCellForward(uniform(3, 12, 2).t(), null, null, c, h, cn, null));
        assertTrue(strided.getMessage().contains("gates") && strided.getMessage().contains("contiguous"), strided.getMessage());
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
                () -> BE.gruCellForward(uniform(4, 2, 9).to(DType.F32), uniform(5, 2, 9), null, null, null, h, null));
        assertTrue(dtype.getMessage().startsWith("gru_cell: gatesX") && dtype.getMessage().contains("f64"), dtype.getMessage());
        assertThrows(NullPointerException.class, () -> BE.rnnCellBackward(false, null, h, empty(2, 3)));
    }
}
