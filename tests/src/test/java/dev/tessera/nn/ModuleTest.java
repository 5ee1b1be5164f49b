// Module bookkeeping: parameter/buffer/child registration, dotted names in PyTorch's order
// (nested Sequential and custom modules), train/eval propagation, freezing, zeroGrad, to(dtype),
// toString, and the lifetime rule (initialisation leaves only the parameters in the caller's scope).
package dev.tessera.nn;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ModuleTest {
    /** A custom module with named children and a buffer, like a user's torch.nn.Module subclass. */
    static final class Mlp extends Module {
        final Linear fc1;
        final Linear fc2;

        Mlp(Generator g) {
            fc1 = registerModule("fc1", new Linear(4, 8, true, DType.F32, g));
            registerModule("act", new ReLU());
            fc2 = registerModule("fc2", new Linear(8, 2, true, DType.F32, g));
            registerBuffer("steps", Tensor.zeros(DType.I64, 1));
        }

        @Override
        public Tensor forward(Tensor x) { return fc2.forward(fc1.forward(x).relu()); }
    }

    @Test
    void nestedSequentialNamesFollowPyTorch() {
        try (Scope s = Scope.open()) {
            Sequential model = new Sequential(
                    new Flatten(),
                    new Linear(6, 5),
                    new Sequential(new Linear(5, 4), new ReLU(), new Linear(4, 3, false)),
                    new Mlp(new Generator(1)).train());
            assertEquals(List.of("1.weight", "1.bias", "2.0.weight", "2.0.bias", "2.2.weight", "3.fc1.weight", "3.fc1.bias",
                    "3.fc2.weight", "3.fc2.bias"), List.copyOf(model.namedParameters().keySet()));
            assertEquals(List.of("3.steps"), List.copyOf(model.namedBuffers().keySet()));
            // As torch's state_dict: each module's own parameters and buffers, then its children's.
            assertEquals(List.of("1.weight", "1.bias", "2.0.weight", "2.0.bias", "2.2.weight", "3.steps", "3.fc1.weight", "3.fc1.bias",
                    "3.fc2.weight", "3.fc2.bias"), List.copyOf(model.stateDict().keySet()));
            assertEquals(List.of("", "0", "1", "2", "2.0", "2.1", "2.2", "3", "3.fc1", "3.act", "3.fc2"),
                    List.copyOf(model.namedModules().keySet()));
            List<Tensor> params = model.parameters();
            assertEquals(9, params.size());
            assertSame(((Linear) model.get(1)).weight(), params.get(0));
            assertSame(((Linear) ((Sequential) model.get(2)).get(-1)).weight(), params.get(4));
            for (Tensor p : params) assertTrue(p.requiresGrad() && p.isLeaf());
            assertEquals(6 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 4 * 8 + 8 + 8 * 2 + 2, model.parameterCount());
        }
    }

    @Test
    void registrationRejectsBadNamesAndTensors() {
        try (Scope s = Scope.open()) {
            Module m = new Module() {
                {
                    registerParameter("w", Tensor.ones(2));
                    assertThrows(IllegalArgumentException.class, () -> registerParameter("w", Tensor.ones(2)), "duplicate");
                    assertThrows(IllegalArgumentException.class, () -> registerBuffer("w", Tensor.ones(2)), "duplicate across kinds");
                    assertThrows(IllegalArgumentException.class, () -> registerParameter("a.b", Tensor.ones(2)), "dot in name");
                    assertThrows(IllegalArgumentException.class, () -> registerParameter("", Tensor.ones(2)), "empty name");
                    assertThrows(IllegalArgumentException.class, () -> registerParameter("i", Tensor.zeros(DType.I64, 2)), "int param");
                    Tensor leaf = Tensor.ones(2).requiresGrad(true);
                    assertThrows(IllegalArgumentException.class, () -> registerParameter("r", leaf.mul(2.0)), "non-leaf");
                    assertThrows(NullPointerException.class, () -> registerModule("c", null));
                }

                @Override
                public Tensor forward(Tensor x) { return x; }
            };
            assertEquals("Module", m.typeName());
            assertEquals(List.of("w"), List.copyOf(m.namedParameters().keySet()));
            assertThrows(IllegalArgumentException.class, () -> m.parameter("nope"));
        }
    }

    @Test
    void tiedParametersAreListedOnce() {
        try (Scope s = Scope.open()) {
            Linear shared = new Linear(3, 3);
            Sequential model = new Sequential(shared, new ReLU(), shared);
            assertEquals(List.of("0.weight", "0.bias"), List.copyOf(model.namedParameters().keySet()));
            assertEquals(12, model.parameterCount());
        }
    }

    @Test
    void trainAndEvalPropagateToEveryDescendant() {
        try (Scope s = Scope.open()) {
            Sequential model = new Sequential(new Linear(2, 2), new Sequential(new Dropout(0.5), new Mlp(new Generator(0))));
            for (Module m : model.modules()) assertTrue(m.isTraining(), "modules start in training mode");
            assertSame(model, model.eval());
            for (Module m : model.modules()) assertFalse(m.isTraining(), m.typeName() + " after eval()");
            model.train();
            for (Module m : model.modules()) assertTrue(m.isTraining(), m.typeName() + " after train()");
            ((Sequential) model.get(1)).eval();
            assertTrue(model.isTraining());
            assertFalse(((Sequential) model.get(1)).get(1).isTraining(), "eval() on a subtree reaches its children");
        }
    }

    @Test
    void freezingMakesParametersNonTrainable() {
        try (Scope s = Scope.open()) {
            Sequential model = new Sequential(new Linear(3, 4), new Linear(4, 2));
            model.get(0).requiresGrad(false);
            assertEquals(3 * 4 + 4 + 4 * 2 + 2, model.parameterCount());
            assertEquals(4 * 2 + 2, model.trainableParameterCount());
            Tensor loss = model.forward(Tensor.ones(5, 3)).sum();
            loss.backward();
            assertNull(((Linear) model.get(0)).weight().grad());
            assertNotNull(((Linear) model.get(1)).weight().grad());
        }
    }

    @Test
    void zeroGradZeroesInPlaceAndKeepsTheTensor() {
        try (Scope s = Scope.open()) {
            Linear layer = new Linear(3, 2);
            layer.forward(Tensor.ones(4, 3)).sum().backward();
            Tensor g = layer.weight().grad();
            assertNotNull(g);
            assertEquals(4.0, g.get(0, 0), 1e-6, "d sum(x W^T) / dW = column sums of x");
            layer.zeroGrad();
            assertSame(g, layer.weight().grad());
            for (double v : g.toDoubleArray()) assertEquals(0.0, v);
            layer.forward(Tensor.ones(4, 3)).sum().backward();
            assertSame(g, layer.weight().grad(), "the next backward reuses the same gradient tensor");
            assertEquals(4.0, g.get(1, 2), 1e-6);
        }
    }

    @Test
    void toConvertsFloatingParametersAndKeepsTheirScope() {
        try (Scope outer = Scope.open()) {
            Mlp model = new Mlp(new Generator(3));
            float[] before = model.fc1.weight().toFloatArray();
            int owned = outer.size();
            model.to(DType.F64);
            assertEquals(owned, outer.size(), "converted tensors replace the old ones in the same scope");
            for (Tensor p : model.parameters()) {
                assertEquals(DType.F64, p.dtype());
                assertTrue(p.requiresGrad());
            }
            assertEquals(DType.I64, model.buffer("steps").dtype(), "integer buffers are left alone");
            double[] after = model.fc1.weight().toDoubleArray();
            for (int i = 0; i < before.length; i++) assertEquals(before[i], after[i], 0.0);
            Tensor y = model.forward(Tensor.ones(DType.F64, 2, 4));
            assertEquals(DType.F64, y.dtype());
        }
    }

    @Test
    void initialisationLeavesOnlyTheParametersInTheCallersScope() {
        try (Scope s = Scope.open()) {
            new Linear(30, 20);
            assertEquals(2, s.size(), "weight and bias only; Init's temporaries were freed");
            new Linear(30, 20, false);
            assertEquals(3, s.size());
        }
    }

    @Test
    void toStringLooksLikePyTorch() {
        try (Scope s = Scope.open()) {
            Sequential model = new Sequential(new Flatten(), new Linear(4, 3), new Dropout(0.25), new Softmax(1));
            assertEquals("Sequential(\n"
                    + "  (0): Flatten(startDim=1, endDim=-1)\n"
                    + "  (1): Linear(inFeatures=4, outFeatures=3, bias=true)\n"
                    + "  (2): Dropout(p=0.25)\n"
                    + "  (3): Softmax(dim=1)\n"
                    + ")", model.toString());
        }
    }
}
