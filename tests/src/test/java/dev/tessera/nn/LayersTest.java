// Layers against plain Java references: Linear (forward vs a hand-written matmul, shapes, default
// init bounds, seeding, 1-D and batched inputs), Flatten, the activation modules, Sequential
// chaining, and bad arguments.
package dev.tessera.nn;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LayersTest {
    @Test
    void linearMatchesAManualMatmul() {
        try (Scope s = Scope.open()) {
            Linear layer = new Linear(5, 3, true, DType.F64, new Generator(7));
            Tensor x = Tensor.randn(new Generator(8), 4, 5).to(DType.F64);
            double[] xs = x.toDoubleArray();
            double[] w = layer.weight().toDoubleArray();
            double[] b = layer.bias().toDoubleArray();
            Tensor y = layer.forward(x);
            assertArrayEquals(new long[] {4, 3}, y.shape());
            for (int i = 0; i < 4; i++) {
                for (int o = 0; o < 3; o++) {
                    double ref = b[o];
                    for (int k = 0; k < 5; k++) ref += xs[i * 5 + k] * w[o * 5 + k];
                    assertEquals(ref, y.get(i, o), 1e-12, "y[" + i + ", " + o + "]");
                }
            }
        }
    }

    @Test
    void linearShapesWithoutBiasAndWithBatchDims() {
        try (Scope s = Scope.open()) {
            Linear layer = new Linear(6, 2, false);
            assertNull(layer.bias());
            assertArrayEquals(new long[] {2, 6}, layer.weight().shape(), "weight is [out, in] like PyTorch");
            assertArrayEquals(new long[] {2}, layer.forward(Tensor.ones(6)).shape());
            assertArrayEquals(new long[] {3, 4, 2}, layer.forward(Tensor.ones(3, 4, 6)).shape());
            assertEquals(DType.F32, layer.weight().dtype());
            Linear dense = Linear.dense(784, 128);
            assertEquals(784 * 128 + 128, dense.parameterCount());
            assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.ones(3, 5)), "wrong input width");
            assertThrows(IllegalArgumentException.class, () -> new Linear(3, 2, true, DType.I32, null));
            assertThrows(IllegalArgumentException.class, () -> new Linear(-1, 2));
        }
    }

    @Test
    void linearDefaultInitIsBoundedBy1OverSqrtFanInAndSeeded() {
        try (Scope s = Scope.open()) {
            Linear a = new Linear(100, 50, true, DType.F32, new Generator(42));
            Linear b = new Linear(100, 50, true, DType.F32, new Generator(42));
            double bound = 1 / Math.sqrt(100);
            for (Tensor p : a.parameters()) {
                for (double v : p.toDoubleArray()) assertTrue(Math.abs(v) <= bound + 1e-7, "within 1/sqrt(fan_in): " + v);
            }
            // U(-bound, bound) has standard deviation bound / sqrt(3).
            assertEquals(bound / Math.sqrt(3), a.weight().std().item(), 0.05 * bound);
            assertArrayEquals(a.weight().toFloatArray(), b.weight().toFloatArray(), "same seed, same weights");
            assertArrayEquals(a.bias().toFloatArray(), b.bias().toFloatArray());
            Linear c = new Linear(100, 50, true, DType.F32, new Generator(43));
            assertFalse(java.util.Arrays.equals(a.weight().toFloatArray(), c.weight().toFloatArray()));
        }
    }

    @Test
    void flattenKeepsTheBatchDimByDefault() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.arange(2 * 3 * 4).reshape(2, 3, 4);
            assertArrayEquals(new long[] {2, 12}, new Flatten().forward(x).shape());
            assertArrayEquals(new long[] {24}, new Flatten(0, -1).forward(x).shape());
            assertArrayEquals(new long[] {6, 4}, new Flatten(0, 1).forward(x).shape());
            // A non-contiguous input is flattened in its logical (row-major) order.
            Tensor xt = x.transpose(1, 2);
            Tensor flat = new Flatten().forward(xt);
            assertArrayEquals(new long[] {2, 12}, flat.shape());
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 3; j++) assertEquals(xt.getLong(b, i, j), flat.getLong(b, i * 3 + j));
                }
            }
        }
    }

    @Test
    void activationModulesMatchTheirOps() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(-2.0, -0.5, 0.0, 0.5, 2.0).reshape(1, 5);
            double[] xs = x.toDoubleArray();
            double[] relu = new ReLU().forward(x).toDoubleArray();
            double[] leaky = new LeakyReLU(0.1).forward(x).toDoubleArray();
            double[] elu = new ELU(0.5).forward(x).toDoubleArray();
            double[] sig = new Sigmoid().forward(x).toDoubleArray();
            double[] tanh = new Tanh().forward(x).toDoubleArray();
            double[] gelu = new GELU().forward(x).toDoubleArray();
            for (int i = 0; i < xs.length; i++) {
                double v = xs[i];
                assertEquals(Math.max(v, 0), relu[i], 1e-12);
                assertEquals(v >= 0 ? v : 0.1 * v, leaky[i], 1e-12);
                assertEquals(v > 0 ? v : 0.5 * (Math.exp(v) - 1), elu[i], 1e-12);
                assertEquals(1 / (1 + Math.exp(-v)), sig[i], 1e-12);
                assertEquals(Math.tanh(v), tanh[i], 1e-12);
            }
            assertEquals(0.0, gelu[2], 1e-12);
            assertEquals(1.9544997361036416, gelu[4], 1e-9, "GELU(2) = 2 * Phi(2)");
            assertEquals(-0.04550026389635842, gelu[0], 1e-9, "GELU(-2)");
            assertEquals(-0.01, new LeakyReLU().forward(Tensor.of(-1.0)).item(), 1e-12, "default slope 0.01");
            assertSame(x, new Identity().forward(x));

            Tensor logits = Tensor.of(1.0, 2.0, 3.0, 1.0, 1.0, 1.0).reshape(2, 3);
            Tensor p = new Softmax().forward(logits);
            double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
            assertEquals(Math.exp(3) / z, p.get(0, 2), 1e-12);
            assertEquals(1.0 / 3, p.get(1, 0), 1e-12);
            Tensor lp = new LogSoftmax(1).forward(logits);
            assertEquals(3 - Math.log(z), lp.get(0, 2), 1e-12);
            Tensor p0 = new Softmax(0).forward(logits);
            assertEquals(1.0, p0.get(0, 0) + p0.get(1, 0), 1e-12, "softmax over dim 0 sums columns to 1");
        }
    }

    @Test
    void sequentialChainsAndIndexes() {
        try (Scope s = Scope.open()) {
            Linear l1 = new Linear(3, 4);
            ReLU act = new ReLU();
            Linear l2 = new Linear(4, 2);
            Sequential model = new Sequential(l1, act).add(l2);
            assertEquals(3, model.size());
            assertSame(l2, model.get(2));
            assertSame(l2, model.get(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> model.get(3));
            Tensor x = Tensor.randn(new Generator(1), 5, 3);
            double[] chained = model.forward(x).toDoubleArray();
            double[] manual = l2.forward(l1.forward(x).relu()).toDoubleArray();
            assertArrayEquals(manual, chained, 0.0);
            assertSame(x, new Sequential().forward(x), "an empty Sequential is the identity");
        }
    }
}
