// State dicts: keys and order, values are detached aliases (shared memory, no graph), a round trip
// into a fresh model reproduces its outputs, and loadStateDict reports every problem at once
// (missing, unexpected, shape, dtype, closed) without loading anything; non-strict loading.
package dev.tessera.nn;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class StateDictTest {
    private static Sequential mlp(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Flatten(), new Linear(12, 8, true, DType.F32, g), new ReLU(), new Linear(8, 3, true, DType.F32, g));
    }

    @Test
    void valuesAreDetachedAliasesOfTheParameters() {
        try (Scope s = Scope.open()) {
            Sequential model = mlp(1);
            Map<String, Tensor> state = model.stateDict();
            assertEquals(List.of("1.weight", "1.bias", "3.weight", "3.bias"), List.copyOf(state.keySet()));
            Tensor w = state.get("1.weight");
            Tensor param = ((Linear) model.get(1)).weight();
            assertNotSame(param, w);
            assertFalse(w.requiresGrad(), "detached from the graph");
            assertSame(param.storage(), w.storage(), "an alias: no copy");
            Init.zeros(param);
            assertEquals(0.0, w.get(0, 0), "sees later updates of the parameter");
        }
    }

    @Test
    void roundTripReproducesTheModel() {
        try (Scope s = Scope.open()) {
            Sequential a = mlp(1);
            Sequential b = mlp(2);
            Tensor x = Tensor.randn(new Generator(3), 4, 3, 4);
            float[] ya = a.forward(x).toFloatArray();
            assertFalse(java.util.Arrays.equals(ya, b.forward(x).toFloatArray()));
            Tensor bWeight = ((Linear) b.get(1)).weight();
            Module.LoadResult r = b.loadStateDict(a.stateDict());
            assertEquals(List.of(), r.missingKeys());
            assertEquals(List.of(), r.unexpectedKeys());
            assertSame(bWeight, ((Linear) b.get(1)).weight(), "values are copied into the existing parameters");
            assertTrue(bWeight.requiresGrad());
            assertArrayEquals(ya, b.forward(x).toFloatArray());
            Init.zeros(((Linear) a.get(1)).weight());
            assertArrayEquals(ya, b.forward(x).toFloatArray(), "a copy, not shared memory");
        }
    }

    @Test
    void everyMismatchIsReportedInOneExceptionAndNothingIsLoaded() {
        try (Scope s = Scope.open()) {
            Sequential model = mlp(1);
            float[] before = ((Linear) model.get(3)).weight().toFloatArray();
            Map<String, Tensor> state = new LinkedHashMap<>(model.stateDict());
            state.remove("1.bias");                                   // missing
            state.put("1.weight", Tensor.zeros(8, 13));               // shape
            state.put("3.weight", Tensor.zeros(DType.F64, 3, 8));     // dtype
            Tensor closed = Tensor.zeros(3);
            closed.close();
            state.put("3.bias", closed);                              // closed
            state.put("4.weight", Tensor.zeros(2, 2));                // unexpected
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.loadStateDict(state, true));
            String m = e.getMessage();
            assertTrue(m.startsWith("loadStateDict: 5 problems"), m);
            assertTrue(m.contains("missing key '1.bias'"), m);
            assertTrue(m.contains("shape mismatch for '1.weight': state has [8, 13], model has [8, 12]"), m);
            assertTrue(m.contains("dtype mismatch for '3.weight': state has f64, model has f32"), m);
            assertTrue(m.contains("'3.bias' is closed"), m);
            assertTrue(m.contains("unexpected key '4.weight'"), m);
            assertArrayEquals(before, ((Linear) model.get(3)).weight().toFloatArray(), "nothing was loaded");
        }
    }

    @Test
    void nonStrictLoadsWhatMatchesAndReportsTheRest() {
        try (Scope s = Scope.open()) {
            Sequential a = mlp(1);
            Sequential b = mlp(2);
            Map<String, Tensor> state = new LinkedHashMap<>(a.stateDict());
            state.remove("3.bias");
            state.put("extra", Tensor.zeros(1));
            Module.LoadResult r = b.loadStateDict(state, false);
            assertEquals(List.of("3.bias"), r.missingKeys());
            assertEquals(List.of("extra"), r.unexpectedKeys());
            assertArrayEquals(((Linear) a.get(3)).weight().toFloatArray(), ((Linear) b.get(3)).weight().toFloatArray());
            assertFalse(java.util.Arrays.equals(((Linear) a.get(3)).bias().toFloatArray(), ((Linear) b.get(3)).bias().toFloatArray()));
            state.put("1.weight", Tensor.zeros(1));
            assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(state, false), "shapes are checked even when not strict");
        }
    }

    @Test
    void buffersAreSavedAndLoaded() {
        try (Scope s = Scope.open()) {
            ModuleTest.Mlp a = new ModuleTest.Mlp(new Generator(1));
            ModuleTest.Mlp b = new ModuleTest.Mlp(new Generator(2));
            a.buffer("steps").set(41, 0);
            b.loadStateDict(a.stateDict());
            assertEquals(41, b.buffer("steps").getLong(0));
        }
    }
}
