// PoolNormLayersTest: the pooling, normalisation and embedding layers as a PyTorch user meets them:
// BatchNorm outputs and running statistics equal PyTorch 1.13's numbers (printed by torch on the
// same inputs, float64) in training and eval, state-dict names and shapes are PyTorch's, the
// Embedding padding row starts at zero and gets no gradient, and the pooling layers fit into
// Sequential, toString() and summary().
package dev.tessera.nn;

import dev.tessera.memory.Scope;
import dev.tessera.ops.Normalization;
import dev.tessera.ops.PoolWindow;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PoolNormLayersTest {
    private static final double TOL = 1e-9;

    /** x[i] = (0.37 i)^1.5 / 3 - 1, i = 0..23, as [2, 2, 2, 3]: the input the torch numbers below came from. */
    private static Tensor torchInput() {
        double[] v = new double[24];
        for (int i = 0; i < v.length; i++) v[i] = Math.pow(i * 0.37, 1.5) / 3 - 1;
        return Tensor.fromArray(v).reshape(2, 2, 2, 3);
    }

    private static BatchNorm2d batchNorm2dLikeTorch() {
        BatchNorm2d bn = new BatchNorm2d(2, 1e-5, 0.1, true, true, DType.F64);
        bn.weight().detach().copyFrom(Tensor.of(1.5, -0.5));
        bn.bias().detach().copyFrom(Tensor.of(0.25, 1.0));
        return bn;
    }

    private static void assertValues(double[] expected, Tensor actual, String what) {
        assertArrayEquals(expected, actual.toDoubleArray(), TOL, what);
    }

    @Test
    void batchNorm2dMatchesPyTorchInTrainingAndEval() {
        try (Scope s = Scope.open()) {
            BatchNorm2d bn = batchNorm2dLikeTorch();
            Tensor x = torchInput();
            assertValues(new double[] {-1.4560952105865201, -1.3994169827343468, -1.2957849735468883, -1.1615864996177314,
                -1.002669387769134, -0.8224133589781134, 1.628674376669856, 1.5745533025085314, 1.5164143679980353, 1.4545182033250317,
                1.3890804193764004, 1.3202832557979558, 0.8999744771637885, 1.2005361268182244, 1.5128919281862487, 1.836612277873726,
                2.1713113719525685, 2.5166402312381777, 0.7556953538697502, 0.6643703750346034, 0.5706093507661607, 0.4744740032468988,
                0.37602158719528733, 0.27530540421149047}, bn.forward(x), "training output");
            assertValues(new double[] {0.12582308309775625, 0.3434394272356611}, bn.runningMean(), "running_mean after one batch");
            assertValues(new double[] {1.3300313469842604, 1.6660185022499152}, bn.runningVar(), "running_var (unbiased) after one batch");
            bn.forward(x.mul(2.0).add(1.0));
            assertValues(new double[] {0.4648869409834931, 1.0959743389834173}, bn.runningMean(), "running_mean after two batches");
            assertValues(new double[] {2.9171536002228757, 4.563490661024585}, bn.runningVar(), "running_var after two batches");
            assertEquals(2, bn.numBatchesTracked());

            bn.eval();
            assertValues(new double[] {-1.0365153535239753, -0.9706294968022368, -0.8501620092350687, -0.6941623994972113,
                -0.5094284997500664, -0.29988908159588035, 1.2325116611314204, 1.1653775864518, 1.0932595874707223, 1.0164809609203098,
                0.9353091596847819, 0.8499702415462743, 1.7023082786901371, 2.0516974980713543, 2.4147968812915437, 2.7911070339845487,
                3.1801794766672957, 3.5816085369426984, 0.14963147409541608, 0.036348098917788715, -0.07995705028365695,
                -0.1992074106972623, -0.32133196114310675, -0.44626458405679587}, bn.forward(x), "eval output (running statistics)");
            assertValues(new double[] {0.4648869409834931, 1.0959743389834173}, bn.runningMean(), "eval leaves the statistics alone");
            assertEquals(2, bn.numBatchesTracked());
            bn.close();
        }
    }

    @Test
    void batchNorm1dMatchesPyTorch() {
        try (Scope s = Scope.open()) {
            BatchNorm1d bn = new BatchNorm1d(3, 1e-5, 0.1, true, true, DType.F64);
            Tensor x = Tensor.fromArray(new double[][] {{1, 2, -1}, {0.5, -2, 3}, {2, 0, 1}, {-1, 1, 0}});
            assertValues(new double[] {0.34640868350654563, 1.1832132521355805, -1.1832132521355805, -0.11546956116884849,
                -1.5212741813171748, 1.5212741813171748, 1.2701651728573338, -0.1690304645907972, 0.16903046459079718,
                -1.5011042951950309, 0.5070913937723917, -0.5070913937723917}, bn.forward(x), "output");
            assertValues(new double[] {0.0625, 0.025, 0.075}, bn.runningMean(), "running_mean");
            assertValues(new double[] {1.05625, 1.1916666666666667, 1.1916666666666667}, bn.runningVar(), "running_var");
            bn.close();
        }
    }

    @Test
    void layerNormMatchesPyTorch() {
        try (Scope s = Scope.open()) {
            LayerNorm ln = new LayerNorm(new long[] {3}, 1e-5, true, DType.F64);
            ln.weight().detach().copyFrom(Tensor.of(1.0, 2.0, 0.5));
            ln.bias().detach().copyFrom(Tensor.of(0.0, -1.0, 0.5));
            Tensor x = Tensor.fromArray(new double[][] {{1, 2, -1}, {0.5, -2, 3}, {2, 0, 1}, {-1, 1, 0}});
            assertValues(new double[] {0.2672603828625745, 1.1380830629005954, -0.1681509571564359, 0.0, -3.4494868034007773,
                1.1123717008501943, 1.2247356859083902, -3.4494713718167804, 0.5, -1.2247356859083902, 1.4494713718167804, 0.5},
                    ln.forward(x), "output");
            assertEquals("LayerNorm(normalizedShape=[3], eps=1.0E-5, elementwiseAffine=true)", ln.toString());
            ln.close();
        }
    }

    @Test
    void stateDictHasPyTorchsNamesAndLoadsBack() {
        try (Scope s = Scope.open()) {
            BatchNorm2d bn = new BatchNorm2d(4);
            Map<String, Tensor> state = bn.stateDict();
            assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"), List.copyOf(state.keySet()));
            assertArrayEquals(new long[] {4}, state.get("running_var").shape());
            assertArrayEquals(new long[0], state.get("num_batches_tracked").shape());
            assertEquals(DType.I64, state.get("num_batches_tracked").dtype());
            assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));

            BatchNorm2d other = new BatchNorm2d(4);
            other.forward(Tensor.randn(new Generator(3), 2, 4, 3, 3));
            bn.loadStateDict(other.stateDict());
            assertArrayEquals(other.runningMean().toFloatArray(), bn.runningMean().toFloatArray());
            assertEquals(1, bn.numBatchesTracked());

            BatchNorm1d untracked = new BatchNorm1d(3, 1e-5, 0.1, false, false, DType.F32);
            assertTrue(untracked.stateDict().isEmpty(), "no affine and no running statistics: nothing to save");
            bn.close();
            other.close();
        }
    }

    @Test
    void withoutRunningStatisticsEvalUsesTheBatch() {
        try (Scope s = Scope.open()) {
            BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.1, true, false, DType.F64);
            Tensor x = Tensor.fromArray(new double[][] {{1, 10}, {3, 30}});
            double[] train = bn.forward(x).toDoubleArray();
            bn.eval();
            assertArrayEquals(train, bn.forward(x).toDoubleArray(), TOL);
            assertEquals(0, bn.numBatchesTracked());
            assertNull(bn.runningMean());
            bn.close();
        }
    }

    @Test
    void channelCountAndRankAreChecked() {
        try (Scope s = Scope.open()) {
            BatchNorm2d bn = new BatchNorm2d(4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.ones(2, 3, 5, 5)));
            assertTrue(e.getMessage().contains("BatchNorm2d: input [2, 3, 5, 5] f32 has 3 channels (dim 1), expected numFeatures = 4"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.ones(2, 4)));
            assertTrue(e.getMessage().startsWith("BatchNorm2d: expected a 4-D input"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.ones(1, 3)));
            assertTrue(e.getMessage().contains("more than 1 value per channel"), e.getMessage());
            bn.close();
        }
    }

    @Test
    void stridedRunningStatisticsAreUpdatedInPlace() {
        try (Scope s = Scope.open()) {
            Tensor stats = Tensor.fromArray(new double[][] {{0, 1}, {0, 1}}); // columns: running mean, running var
            Tensor mean = stats.select(1, 0), var = stats.select(1, 1);
            Tensor x = Tensor.fromArray(new double[][] {{1, 10}, {3, 30}});
            Normalization.batchNorm(x, mean, var, null, null, true, 0.5, 1e-5);
            // batch means 2 and 20, unbiased variances 2 and 200
            assertArrayEquals(new double[] {1, 1.5, 10, 100.5}, stats.toDoubleArray(), TOL);
        }
    }

    @Test
    void embeddingStartsNormalWithAZeroPaddingRowThatGetsNoGradient() {
        try (Scope s = Scope.open()) {
            Embedding emb = new Embedding(1000, 64, 3L, DType.F32, new Generator(7));
            float[] w = emb.weight().toFloatArray();
            double sum = 0, sq = 0;
            for (float v : w) {
                sum += v;
                sq += v * v;
            }
            double mean = sum / w.length;
            assertEquals(0, mean, 0.02, "N(0, 1) mean");
            assertEquals(1, Math.sqrt(sq / w.length - mean * mean), 0.02, "N(0, 1) std");
            for (int j = 0; j < 64; j++) assertEquals(0f, w[3 * 64 + j], "padding row starts at zero");

            Tensor out = emb.forward(Tensor.of(3L, 5L, 3L, 5L, 0L).reshape(5, 1));
            assertArrayEquals(new long[] {5, 1, 64}, out.shape());
            out.sum().backward();
            float[] g = emb.weight().grad().toFloatArray();
            for (int j = 0; j < 64; j++) {
                assertEquals(0f, g[3 * 64 + j], "padding row: no gradient");
                assertEquals(2f, g[5 * 64 + j], "row 5 used twice");
                assertEquals(1f, g[j], "row 0 used once");
                assertEquals(0f, g[1 * 64 + j], "row 1 unused");
            }
            assertEquals("Embedding(numEmbeddings=1000, embeddingDim=64, paddingIdx=3)", emb.toString());
            assertEquals(999L, new Embedding(1000, 4, -1L, DType.F32, null).paddingIdx());
            emb.close();
        }
    }

    @Test
    void poolingLayersWorkInSequentialAndSummary() {
        try (Scope s = Scope.open()) {
            Sequential model = new Sequential(new MaxPool2d(2), new BatchNorm2d(3),
                    new AvgPool2d(PoolWindow.of(3).stride(1).padding(1), false), new AdaptiveAvgPool2d(2), new GlobalAvgPool2d(),
                    new Linear(3, 2));
            Tensor y = model.forward(Tensor.randn(new Generator(1), 4, 3, 9, 9));
            assertArrayEquals(new long[] {4, 2}, y.shape());
            String summary = model.summary(1, 3, 9, 9);
            assertTrue(summary.contains("MaxPool2d") && summary.contains("GlobalAvgPool2d") && summary.contains("[1, 3, 4, 4]")
                    && summary.contains("[1, 3, 2, 2]") && summary.contains("[1, 3]"), summary);
            assertTrue(summary.contains("weight [3], bias [3]"), summary);
            assertEquals("MaxPool2d(kernel 2x2, stride 2x2, padding 0x0)", new MaxPool2d(2).toString());
            assertEquals("AvgPool2d(kernel 3x3, stride 1x1, padding 1x1, ceil_mode, countIncludePad=false)",
                    new AvgPool2d(PoolWindow.of(3).stride(1).padding(1).ceilMode(true), false).toString());
            assertEquals("AdaptiveAvgPool2d(outputSize=7x5)", new AdaptiveAvgPool2d(7, 5).toString());
            assertEquals("BatchNorm2d(numFeatures=3, eps=1.0E-5, momentum=0.1, affine=true, trackRunningStats=true)",
                    new BatchNorm2d(3).toString());
            assertTrue(model.isTraining(), "summary restores the training mode");
            model.close();
        }
    }

    @Test
    void batchNormModuleConvertsToF64AndKeepsItsCounter() {
        try (Scope s = Scope.open()) {
            BatchNorm2d bn = new BatchNorm2d(2);
            bn.forward(Tensor.randn(new Generator(2), 3, 2, 4, 4));
            bn.to(DType.F64);
            assertEquals(DType.F64, bn.runningVar().dtype());
            assertEquals(DType.I64, bn.buffer("num_batches_tracked").dtype());
            assertArrayEquals(new long[] {3, 2, 4, 4}, bn.forward(Tensor.randn(new Generator(2), 3, 2, 4, 4).to(DType.F64)).shape());
            assertEquals(2, bn.numBatchesTracked());
            bn.close();
        }
    }
}
