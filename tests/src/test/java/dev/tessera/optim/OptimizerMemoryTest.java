// Optimizer state lives in the optimizer's own scope: steps run inside per-step scopes neither free
// it nor leak it, a training loop's live bytes stay flat from step 2 to step 20, and close() (or the
// optimizer's scope closing) returns every byte; made outside any scope, close() frees the state
// without the Cleaner ever counting a leak.
package dev.tessera.optim;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.MemoryTesting;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class OptimizerMemoryTest {
    private final MemoryStats st = MemoryStats.cpu();
    private long liveBefore;
    private long leaksBefore;

    @BeforeEach
    void baseline() {
        assertNull(Scope.current());
        MemoryTesting.settle(st);
        liveBefore = st.liveBytes();
        leaksBefore = st.leakedToGc();
    }

    /** One step of a tiny regression: x [8, 4] -> x w + b, mse against y, in its own scope. */
    private static double trainStep(Optimizer opt, Tensor x, Tensor y, Tensor w, Tensor b) {
        try (Scope step = Scope.open()) {
            Tensor loss = x.matmul(w).add(b).sub(y).pow(2.0).mean();
            loss.backward();
            opt.step();
            opt.zeroGrad();
            return loss.item();
        }
    }

    @Test
    void stateLivesInTheOptimizersScopeAndStepsDoNotGrow() {
        for (String name : Optimizer.NAMES) {
            try (Scope model = Scope.open()) {
                Generator gen = new Generator(7);
                Tensor x = Tensor.randn(gen, 8, 4), y = Tensor.randn(gen, 8, 1);
                Tensor w = Tensor.randn(gen, 4, 1).requiresGrad(true), b = Tensor.zeros(1).requiresGrad(true);
                Optimizer opt = name.equals("sgd") ? new SGD(List.of(w, b), 0.01, 0.9)
                        : name.equals("rmsprop") ? RMSprop.builder(List.of(w, b)).momentum(0.5).centered(true).build()
                        : name.equals("adam") ? Adam.builder(List.of(w, b)).amsgrad(true).build()
                        : Optimizer.byName(name, List.of(w, b), 0.01);
                // One backward first, so the parameters' gradients exist before the optimizer's state does.
                try (Scope warm = Scope.open()) {
                    x.matmul(w).add(b).sub(y).pow(2.0).mean().backward();
                }
                opt.zeroGrad();
                long withGrads = st.liveBytes();
                int ownedWithGrads = model.size();

                List<Double> losses = new ArrayList<>();
                long liveAtStep2 = 0;
                for (int i = 1; i <= 20; i++) {
                    losses.add(trainStep(opt, x, y, w, b));
                    if (i == 1) {
                        for (Optimizer.ParamState ps : opt.state().values()) {
                            for (Tensor buf : ps.buffers().values()) assertFalse(buf.isClosed(), name + ": state freed by the step's scope");
                        }
                        assertEquals(ownedWithGrads + 2 * opt.bufferNames().size(), model.size(),
                                name + ": the state buffers belong to the optimizer's (here the model's) scope");
                        assertTrue(st.liveBytes() > withGrads, name + ": state allocated");
                    }
                    if (i == 2) liveAtStep2 = st.liveBytes();
                }
                assertEquals(liveAtStep2, st.liveBytes(), name + ": live bytes grew between step 2 and step 20: " + st.snapshot());
                assertTrue(losses.get(19) < losses.get(0), name + ": loss went down " + losses);
                opt.close();
                assertEquals(withGrads, st.liveBytes(), name + ": close() must free all the state: " + st.snapshot());
                assertEquals(ownedWithGrads, model.size());
            }
            assertEquals(liveBefore, st.liveBytes(), name + ": live bytes after the model's scope: " + st.snapshot());
        }
        assertEquals(leaksBefore, st.leakedToGc());
    }

    @Test
    void closingTheOptimizersScopeFreesItsState() {
        try (Scope model = Scope.open()) {
            Tensor w = Tensor.ones(16).requiresGrad(true);
            long live;
            try (Scope optScope = Scope.open()) {
                Adam opt = new Adam(List.of(w), 0.1);
                live = st.liveBytes();
                for (int i = 0; i < 3; i++) {
                    try (Scope step = Scope.open()) {
                        w.mul(w).sum().backward();
                        opt.step();
                        opt.zeroGrad();
                    }
                }
                assertEquals(2, optScope.size(), "exp_avg and exp_avg_sq live in the optimizer's scope");
                assertTrue(st.liveBytes() > live);
            }
            // w's gradient lives with w (the model's scope); only the optimizer's state went.
            assertNotNull(w.grad());
            assertFalse(w.grad().isClosed());
        }
        assertEquals(liveBefore, st.liveBytes());
        assertEquals(leaksBefore, st.leakedToGc());
    }

    @Test
    void unscopedOptimizerFreesItsStateOnCloseWithoutLeaks() {
        Tensor w = Tensor.ones(32).requiresGrad(true);
        Optimizer opt = new RMSprop(List.of(w), 0.01);
        for (int i = 0; i < 5; i++) {
            try (Scope step = Scope.open()) {
                w.mul(w).sum().backward();
                opt.step();
                opt.zeroGrad();
            }
        }
        Tensor sq = opt.state(w).buffer("square_avg");
        assertFalse(sq.isClosed(), "state made outside any scope survives the step scopes");
        opt.close();
        assertTrue(sq.isClosed());
        w.close();
        assertEquals(liveBefore, st.liveBytes(), st.snapshot().toString());
        MemoryTesting.settle(st);
        assertEquals(leaksBefore, st.leakedToGc(), "explicitly closed state is no leak");
    }
}
