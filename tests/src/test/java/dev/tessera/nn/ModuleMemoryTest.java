// The lifetime rule for modules (DESIGN.md): parameters live in the scope current when the model
// was built (or none), per-step scopes free only the step's tensors, gradients are reused, so 50
// forward+backward steps don't grow live bytes; close() (or the owning scope) returns every byte.
package dev.tessera.nn;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.MemoryTesting;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ModuleMemoryTest {
    private static final int STEPS = 50;
    private final MemoryStats st = MemoryStats.cpu();
    private long baseline;
    private long leaksBefore;

    @BeforeEach
    void settle() {
        assertNull(Scope.current());
        MemoryTesting.settle(st);
        baseline = st.liveBytes();
        leaksBefore = st.leakedToGc();
    }

    private static Sequential model(Generator g) {
        return new Sequential(new Flatten(), new Linear(64, 32, true, DType.F32, g), new ReLU(), new Dropout(0.25, g),
                new Linear(32, 10, true, DType.F32, g), new LogSoftmax(1));
    }

    /** Runs the steps, each in its own scope; returns live bytes after step 2 and after the last. */
    private long[] train(Sequential model, Generator g) {
        long afterStep2 = -1;
        for (int step = 1; step <= STEPS; step++) {
            try (Scope s = Scope.open()) {
                Tensor x = Tensor.randn(g, 16, 8, 8);
                Tensor loss = model.forward(x).neg().mean();
                loss.backward();
            }
            model.zeroGrad();
            if (step == 2) afterStep2 = st.liveBytes();
        }
        return new long[] {afterStep2, st.liveBytes()};
    }

    @Test
    void unscopedModelStepsDontGrowAndCloseFreesEverything() {
        Generator g = new Generator(1);
        Sequential model = model(g);
        long[] live = train(model, g);
        assertEquals(live[0], live[1], "live bytes after step 2 vs step " + STEPS + ": " + st.snapshot());
        for (Tensor p : model.parameters()) {
            assertFalse(p.isClosed(), "step scopes must not free parameters");
            assertNotNull(p.grad());
            assertFalse(p.grad().isClosed(), "gradients live with their parameter");
        }
        model.close();
        for (Tensor p : model.parameters()) assertTrue(p.isClosed());
        assertEquals(baseline, st.liveBytes(), "after close(): " + st.snapshot());
        assertEquals(leaksBefore, st.leakedToGc(), "nothing was left to the Cleaner");
        model.close(); // twice is a no-op
    }

    @Test
    void scopedModelIsFreedWithItsScope() {
        Generator g = new Generator(2);
        Sequential model;
        try (Scope owner = Scope.open()) {
            model = model(g);
            int owned = owner.size();
            assertEquals(4, owned, "two weights and two biases, no init temporaries");
            long[] live = train(model, g);
            assertEquals(live[0], live[1], "live bytes after step 2 vs step " + STEPS + ": " + st.snapshot());
            assertEquals(owned + 4, owner.size(), "plus one gradient per parameter, adopted into the model's scope");
        }
        for (Tensor p : model.parameters()) assertTrue(p.isClosed());
        assertEquals(baseline, st.liveBytes(), "after the owner scope closed: " + st.snapshot());
        model.close(); // already freed by the scope: a no-op
        assertEquals(leaksBefore, st.leakedToGc());
    }

    @Test
    void evaluationInNoGradStepsDoesNotGrowEither() {
        Generator g = new Generator(3);
        try (Sequential model = model(g)) {
            model.eval();
            long afterFirst = -1;
            for (int step = 1; step <= STEPS; step++) {
                try (Scope s = Scope.open(); var off = dev.tessera.autograd.GradMode.noGrad()) {
                    model.forward(Tensor.randn(g, 16, 64)).argmax(1, false);
                }
                if (step == 1) afterFirst = st.liveBytes();
            }
            assertEquals(afterFirst, st.liveBytes());
        }
        assertEquals(baseline, st.liveBytes());
    }
}
