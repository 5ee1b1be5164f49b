// The callbacks fit calls: EarlyStopping stops a run whose validation loss stalls and restores the
// best epoch's weights; ModelCheckpoint writes only on improvement and its file loads back;
// CSVLogger's rows read back exactly; TerminateOnNaN stops a diverging run; the scheduler forms set
// the rates they should; the progress bar is one line per epoch off a terminal and redraws on one.
package dev.tessera.train;

import dev.tessera.io.SafeTensors;
import dev.tessera.memory.Scope;
import dev.tessera.nn.Linear;
import dev.tessera.optim.Adam;
import dev.tessera.optim.SGD;
import dev.tessera.optim.schedule.ReduceLROnPlateau;
import dev.tessera.optim.schedule.StepLR;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallbacksTest {
    private static final FitOptions QUIET = new FitOptions().verbose(0);
    /** SGD at 0.1 for two epochs, then a rate of 0: from epoch 2 on nothing changes, so val_loss stalls exactly. */
    private static final LearningRateScheduler STALL_AFTER_TWO = LearningRateScheduler.schedule((epoch, lr) -> epoch < 2 ? 0.1 : 0.0);

    private Scope scope;
    private TrainData.Blobs train;
    private TrainData.Blobs val;

    @BeforeEach
    void open() {
        scope = Scope.open();
        train = TrainData.blobs(200, 21);
        val = TrainData.blobs(100, 22);
    }

    @AfterEach
    void close() { scope.close(); }

    private static Model sgdModel(long seed) {
        Model model = Model.of(TrainData.classifier(seed));
        return model.compile(new SGD(model.parameters(), 0.1), "sparse_categorical_crossentropy", "accuracy");
    }

    /** Records every parameter after each epoch. */
    private static final class WeightSnapshots implements Callback {
        final List<float[][]> epochs = new ArrayList<>();
        private Model model;

        @Override public void onTrainBegin(TrainingInfo info) { model = info.model(); }
        @Override public void onEpochEnd(int epoch, Map<String, Double> logs) { epochs.add(TrainData.weights(model)); }
    }

    @Test
    void earlyStoppingStopsWhenValidationLossStalls() {
        EarlyStopping stop = new EarlyStopping("val_loss").patience(2);
        History h = sgdModel(1).fit(train.x(), train.y(), QUIET.epochs(20).validationData(val.x(), val.y())
                .callbacks(STALL_AFTER_TWO, stop));
        assertEquals(4, h.epochs(), "epochs 2 and 3 don't improve on epoch 1: " + h.get("val_loss"));
        assertEquals(1, stop.bestEpoch());
        assertEquals(3, stop.stoppedEpoch());
        assertEquals(h.get("val_loss").get(1), stop.best());
        assertEquals(h.get("val_loss").get(1), h.get("val_loss").get(3), "a rate of 0 changes nothing");
    }

    @Test
    void earlyStoppingRestoresTheBestEpochsWeights() {
        // validation labels are the training labels flipped: the better the fit, the worse val_loss,
        // so the best epoch is an early one and the weights after it differ from the last epoch's
        Tensor flipped = Tensor.of(1).sub(val.y());
        EarlyStopping stop = new EarlyStopping().patience(2).restoreBestWeights(true);
        WeightSnapshots snapshots = new WeightSnapshots();
        Model model = Model.of(TrainData.classifier(2));
        model.compile(new Adam(model.parameters(), 0.01), "sparse_categorical_crossentropy");
        History h = model.fit(train.x(), train.y(), QUIET.epochs(30).validationData(val.x(), flipped).callbacks(snapshots, stop));
        assertTrue(stop.stoppedEpoch() >= 0 && h.epochs() < 30, "stopped early: " + h.get("val_loss"));
        int best = stop.bestEpoch();
        assertEquals(h.get("val_loss").stream().mapToDouble(Double::doubleValue).min().orElseThrow(), h.get("val_loss").get(best));
        assertEquals(h.epochs() - 1 - 2, best, "the last two epochs were the patience");
        float[][] restored = TrainData.weights(model);
        for (int i = 0; i < restored.length; i++) {
            assertArrayEquals(snapshots.epochs.get(best)[i], restored[i], "parameter " + i + " is the best epoch's");
        }
        assertFalse(Arrays.equals(snapshots.epochs.get(h.epochs() - 1)[0], restored[0]), "the last epoch's weights were replaced");
    }

    @Test
    void earlyStoppingNamesTheLogsWhenItsMonitorIsMissing() {
        String e = assertThrows(IllegalStateException.class,
                () -> sgdModel(3).fit(train.x(), train.y(), QUIET.callbacks(new EarlyStopping("val_loss")))).getMessage();
        assertTrue(e.contains("val_loss") && e.contains("[loss, accuracy]") && e.contains("validation"), e);
    }

    @Test
    void modelCheckpointWritesOnlyOnImprovement(@TempDir Path dir) {
        Path file = dir.resolve("best.safetensors");
        ModelCheckpoint checkpoint = new ModelCheckpoint(file).saveBestOnly(true);
        List<Boolean> written = new ArrayList<>();
        // after the checkpoint has run for an epoch: was the file written this epoch? (then remove it)
        Callback spy = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                written.add(Files.exists(file));
                file.toFile().delete();
            }
        };
        History h = sgdModel(4).fit(train.x(), train.y(), QUIET.epochs(5).validationData(val.x(), val.y())
                .callbacks(STALL_AFTER_TWO, checkpoint, spy));
        List<Boolean> improved = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (double v : h.get("val_loss")) {
            improved.add(v < best);
            best = Math.min(best, v);
        }
        assertEquals(improved, written, "val_loss " + h.get("val_loss"));
        assertEquals(List.of(false, false), written.subList(3, 5), "nothing improves once the rate is 0");
        assertEquals(improved.lastIndexOf(true), checkpoint.lastSavedEpoch());
    }

    @Test
    void checkpointFilesLoadBack(@TempDir Path dir) {
        Path weights = dir.resolve("sub/weights.safetensors");
        Path full = dir.resolve("full.safetensors");
        Model model = sgdModel(5);
        model.fit(train.x(), train.y(), QUIET.epochs(3).callbacks(new ModelCheckpoint(weights), new ModelCheckpoint(full).includeOptimizer(true)));

        Model loaded = sgdModel(6);
        loaded.loadWeights(weights);
        assertArrayEquals(model.predict(val.x()).toFloatArray(), loaded.predict(val.x()).toFloatArray());

        Model resumed = Model.of(TrainData.classifier(7));
        SGD optimizer = new SGD(resumed.parameters(), 0.5);
        SafeTensors.loadCheckpoint(full, resumed.module(), optimizer);
        assertEquals(0.1, optimizer.lr(), "the optimizer's state came back too");
        assertArrayEquals(model.predict(val.x()).toFloatArray(), resumed.predict(val.x()).toFloatArray());
    }

    @Test
    void csvLoggerWritesARowPerEpochThatReadsBackExactly(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("log.csv");
        Model model = sgdModel(8);
        History h = model.fit(train.x(), train.y(), QUIET.epochs(3).validationData(val.x(), val.y()).callbacks(new CSVLogger(csv)));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy", lines.get(0));
        assertEquals(4, lines.size());
        for (int e = 0; e < 3; e++) {
            String[] cells = lines.get(e + 1).split(",");
            assertEquals(String.valueOf(e), cells[0]);
            for (int c = 0; c < h.names().size(); c++) {
                assertEquals(h.get(h.names().get(c)).get(e), Double.parseDouble(cells[c + 1]), h.names().get(c));
            }
        }
        model.fit(train.x(), train.y(), QUIET.epochs(2).validationData(val.x(), val.y()).callbacks(new CSVLogger(csv, true)));
        List<String> appended = Files.readAllLines(csv);
        assertEquals(6, appended.size(), "one header, 3 + 2 rows");
        assertEquals(1, appended.stream().filter(l -> l.startsWith("epoch")).count());
        model.fit(train.x(), train.y(), QUIET.epochs(1).callbacks(new CSVLogger(csv)));
        assertEquals("epoch,loss,accuracy", Files.readAllLines(csv).get(0), "without append the file starts afresh");
    }

    @Test
    void terminateOnNaNStopsADivergingRun() {
        Generator g = new Generator(9);
        Tensor x = Tensor.randn(g, 64, 4);
        Tensor y = Tensor.randn(g, 64, 1);
        Model model = Model.sequential(new Linear(4, 1, true, DType.F32, g));
        model.compile(new SGD(model.parameters(), 1e6), "mse");
        TerminateOnNaN terminate = new TerminateOnNaN();
        History h = model.fit(x, y, QUIET.epochs(50).batchSize(8).callbacks(terminate));
        assertTrue(terminate.terminated());
        assertTrue(model.stopRequested());
        assertTrue(h.epochs() < 50, "stopped after " + h.epochs() + " epochs");
        assertFalse(Double.isFinite(h.last("loss")), "the last epoch's loss shows the divergence: " + h.get("loss"));
    }

    /** Records the optimizer's rate at the start of each epoch (after the schedulers listed before it). */
    private static final class RateRecorder implements Callback {
        final List<Double> rates = new ArrayList<>();
        private Model model;

        @Override public void onTrainBegin(TrainingInfo info) { model = info.model(); }
        @Override public void onEpochBegin(int epoch) { rates.add(model.optimizer().lr()); }
    }

    @Test
    void learningRateSchedulersSetTheRateOfEachEpoch() {
        RateRecorder steps = new RateRecorder();
        sgdModel(10).fit(train.x(), train.y(), QUIET.epochs(4).callbacks(LearningRateScheduler.of(opt -> new StepLR(opt, 2, 0.5)), steps));
        assertEquals(List.of(0.1, 0.1, 0.05, 0.05), steps.rates);

        RateRecorder keras = new RateRecorder();
        sgdModel(11).fit(train.x(), train.y(), QUIET.epochs(3).callbacks(LearningRateScheduler.schedule((epoch, lr) -> 0.3 / (epoch + 1)), keras));
        assertEquals(List.of(0.3, 0.3 / 2, 0.3 / 3), keras.rates);

        // in MAX mode a falling val_loss is no improvement: with patience 0 the rate halves after it
        RateRecorder plateau = new RateRecorder();
        History h = sgdModel(12).fit(train.x(), train.y(), QUIET.epochs(3).validationData(val.x(), val.y()).callbacks(
                LearningRateScheduler.onPlateau("val_loss", opt -> ReduceLROnPlateau.builder(opt).mode(ReduceLROnPlateau.Mode.MAX)
                        .patience(0).factor(0.5).build()), plateau));
        assertEquals(List.of(0.1, 0.1), plateau.rates.subList(0, 2), "epoch 0 improves on nothing seen");
        assertEquals(h.get("val_loss").get(1) < h.get("val_loss").get(0) ? 0.05 : 0.1, plateau.rates.get(2));
        String e = assertThrows(IllegalStateException.class, () -> sgdModel(13).fit(train.x(), train.y(),
                QUIET.callbacks(LearningRateScheduler.onPlateau("val_loss", ReduceLROnPlateau::new)))).getMessage();
        assertTrue(e.contains("val_loss"), e);
    }

    private static String capture(FitOptions options, Model model, TrainData.Blobs train, TrainData.Blobs val) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.fit(train.x(), train.y(), options.validationData(val.x(), val.y()).out(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void progressIsOneLinePerEpochOffATerminal() {
        String text = capture(new FitOptions().epochs(3), sgdModel(14), train, val);
        List<String> lines = text.lines().toList();
        assertEquals(3, lines.size(), text);
        for (int e = 0; e < 3; e++) {
            String line = lines.get(e);
            assertTrue(line.startsWith("Epoch " + (e + 1) + "/3  7/7 [==============================] "), line);
            assertTrue(line.contains(" - loss: ") && line.contains(" - accuracy: ") && line.contains(" - val_loss: ")
                    && line.contains(" - val_accuracy: "), line);
        }
        assertFalse(text.contains("\r"));
        assertEquals("", capture(new FitOptions().epochs(2).verbose(0), sgdModel(15), train, val));
        assertEquals(2, capture(new FitOptions().epochs(2).verbose(2), sgdModel(15), train, val).lines().count());
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        sgdModel(16).fit(train.x(), train.y(), QUIET.epochs(2).callbacks(bar));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, text.chars().filter(c -> c == '\n').count(), "a newline ends each epoch only: " + text);
        assertTrue(text.contains("\rEpoch 1/2  "), text);
        assertTrue(text.contains("ETA "), "the last batch of each epoch is always drawn: " + text);
        assertTrue(text.contains("Epoch 2/2  7/7 [==============================] "), text);
        assertFalse(ProgressBar.isTerminal(new PrintStream(bytes)), "only System.out can be a terminal");
        assertEquals("nan", ProgressBar.number(Double.NaN));
        assertEquals("1.2346e+07", ProgressBar.number(12345678.9));
        assertEquals("0.5000", ProgressBar.number(0.5));
        assertEquals("1:05", ProgressBar.duration(65));
    }
}
