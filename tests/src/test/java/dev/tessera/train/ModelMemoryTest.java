// Model.fit keeps DESIGN.md's memory rule: a second fit allocates nothing the first didn't (the
// optimizer state made in the first is reused), validation, callbacks that copy weights or write
// files, evaluate and predict free what they make, and closing the model (or its scope) returns
// live bytes to where they were before it, with nothing left to the Cleaner.
package dev.tessera.train;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.MemoryTesting;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ModelMemoryTest {
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

    private static FitOptions options(Path dir) {
        return new FitOptions().verbose(0).epochs(3).batchSize(16).validationSplit(0.2).callbacks(
                new EarlyStopping().patience(5).restoreBestWeights(true),
                new ModelCheckpoint(dir.resolve("m.safetensors")).saveBestOnly(true),
                new CSVLogger(dir.resolve("log.csv")));
    }

    @Test
    void fittingTwiceInAScopeReturnsToTheBaseline(@TempDir Path dir) {
        try (Scope s = Scope.open()) {
            TrainData.Blobs data = TrainData.blobs(200, 31);
            Model model = Model.of(TrainData.classifier(31)).compile("adam", "sparse_categorical_crossentropy", "accuracy", "precision");
            model.fit(data.x(), data.y(), options(dir));
            long afterFirst = st.liveBytes();
            model.fit(data.x(), data.y(), options(dir));
            assertEquals(afterFirst, st.liveBytes(), "the second fit kept nothing: " + st.snapshot());
            model.evaluate(data.x(), data.y());
            model.predict(data.x()).close();
            assertEquals(afterFirst, st.liveBytes(), "evaluate and predict kept nothing: " + st.snapshot());
        }
        assertEquals(baseline, st.liveBytes(), "after the scope: " + st.snapshot());
        assertEquals(leaksBefore, st.leakedToGc(), "nothing was left to the Cleaner");
    }

    @Test
    void closingAnUnscopedModelFreesItsParametersAndOptimizerState(@TempDir Path dir) {
        TrainData.Blobs data = TrainData.blobs(100, 32);
        Model model = Model.of(TrainData.classifier(32)).compile("adam", "sparse_categorical_crossentropy", "accuracy");
        model.fit(data.x(), data.y(), options(dir));
        model.fit(data.x(), data.y(), options(dir));
        model.close();
        data.x().close();
        data.y().close();
        for (Tensor p : model.parameters()) assertEquals(true, p.isClosed());
        assertEquals(baseline, st.liveBytes(), "after close(): " + st.snapshot());
        assertEquals(leaksBefore, st.leakedToGc(), "nothing was left to the Cleaner");
    }
}
