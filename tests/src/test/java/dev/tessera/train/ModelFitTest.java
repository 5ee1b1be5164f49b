// Model end to end: fit reaches near-perfect accuracy on small problems (XOR, blobs) through each
// way of making a model (sequential, functional, by names), validation data and splits give val_
// metrics, a source of batches trains exactly as the same tensors do, History holds every epoch,
// evaluate and predict agree with the module's forward, and compile rejects bad names clearly.
package dev.tessera.train;

import dev.tessera.data.Batches;
import dev.tessera.data.DataLoader;
import dev.tessera.data.Dataset;
import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.Scope;
import dev.tessera.nn.Dropout;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.Sigmoid;
import dev.tessera.nn.Tanh;
import dev.tessera.ops.Losses;
import dev.tessera.optim.Adam;
import dev.tessera.optim.SGD;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFitTest {
    private static final FitOptions QUIET = new FitOptions().verbose(0);
    private Scope scope;

    @BeforeEach
    void open() { scope = Scope.open(); }

    @AfterEach
    void close() { scope.close(); }

    @Test
    void xorIsLearnedCompletely() {
        Tensor x = Tensor.fromArray(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.fromArray(new float[][] {{0}, {1}, {1}, {0}});
        Generator g = new Generator(3);
        Model model = Model.sequential(new Linear(2, 8, true, DType.F32, g), new Tanh(), new Linear(8, 1, true, DType.F32, g), new Sigmoid());
        model.compile(new Adam(model.parameters(), 0.05), "binary_crossentropy", "accuracy");
        History h = model.fit(x, y, QUIET.epochs(300).batchSize(4));
        assertEquals(1.0, model.evaluate(x, y).get("accuracy"));
        assertTrue(h.last("loss") < 0.05, "final loss " + h.last("loss"));
    }

    @Test
    void blobsWithAValidationSplitRecordEveryEpoch() {
        TrainData.Blobs data = TrainData.blobs(400, 1);
        Model model = Model.of(TrainData.classifier(1));
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        History h = model.fit(data.x(), data.y(), QUIET.epochs(6).batchSize(16).validationSplit(0.25));
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), h.names());
        assertEquals(6, h.epochs());
        for (String name : h.names()) assertEquals(6, h.get(name).size(), name);
        assertEquals(6, h.epochSeconds().size());
        assertTrue(h.epochSeconds().stream().allMatch(s -> s > 0));
        assertTrue(h.get("loss").get(5) < h.get("loss").get(0), "loss falls: " + h.get("loss"));
        assertTrue(h.last("val_accuracy") >= 0.97, "val accuracy " + h.last("val_accuracy"));
        // the split holds out the last quarter: evaluating it by hand gives the last val_ values
        Map<String, Double> held = model.evaluate(data.x().slice(0, 300, 400), data.y().slice(0, 300, 400), 16);
        assertEquals(h.last("val_loss"), held.get("loss"), 1e-12);
        assertEquals(h.last("val_accuracy"), held.get("accuracy"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.get("val_auc"));
        assertTrue(e.getMessage().contains("val_accuracy"), e.getMessage());
    }

    @Test
    void validationDataGivesValMetrics() {
        TrainData.Blobs train = TrainData.blobs(200, 2);
        TrainData.Blobs val = TrainData.blobs(100, 3);
        Model model = Model.of(TrainData.classifier(2)).compile("adam", "sparse_categorical_crossentropy", "accuracy", "f1");
        History h = model.fit(train.x(), train.y(), QUIET.epochs(3).validationData(val.x(), val.y()));
        assertEquals(List.of("loss", "accuracy", "f1", "val_loss", "val_accuracy", "val_f1"), h.names());
        Map<String, Double> direct = model.evaluate(val.x(), val.y());
        assertEquals(h.last("val_accuracy"), direct.get("accuracy"));
        assertEquals(h.last("val_f1"), direct.get("f1"));
        assertThrows(IllegalArgumentException.class,
                () -> model.fit(train.x(), train.y(), QUIET.validationSplit(0.2).validationData(val.x(), val.y())));
    }

    @Test
    void aSourceOfBatchesTrainsExactlyAsTheTensorsDo() {
        TrainData.Blobs data = TrainData.blobs(120, 4);
        Model fromTensors = Model.of(TrainData.classifier(5)).compile("sgd", "sparse_categorical_crossentropy", "accuracy");
        Model fromBatches = Model.of(TrainData.classifier(5)).compile("sgd", "sparse_categorical_crossentropy", "accuracy");
        History a = fromTensors.fit(data.x(), data.y(), QUIET.epochs(3).batchSize(10).seed(9));
        Iterable<Batches.Batch> loader = Batches.of(data.x(), data.y(), 10).shuffle(new Generator(9));
        History b = fromBatches.fit(loader, QUIET.epochs(3).validationData(data.x(), data.y()));
        assertEquals(a.get("loss"), b.get("loss"));
        assertEquals(a.get("accuracy"), b.get("accuracy"));
        assertArrayEquals(TrainData.weights(fromTensors), TrainData.weights(fromBatches));
        assertTrue(b.names().contains("val_loss"));
        assertThrows(IllegalArgumentException.class, () -> fromBatches.fit(loader, QUIET.validationSplit(0.1)));
    }

    @Test
    void aPrefetchingDataLoaderTrainsAsTheTensorsDoAndStopsWithTheRun() throws InterruptedException {
        TrainData.Blobs data = TrainData.blobs(120, 16);
        Model fromTensors = Model.of(TrainData.classifier(17)).compile("sgd", "sparse_categorical_crossentropy");
        Model fromLoader = Model.of(TrainData.classifier(17)).compile("sgd", "sparse_categorical_crossentropy");
        History a = fromTensors.fit(data.x(), data.y(), QUIET.epochs(2).batchSize(10).seed(3));
        DataLoader loader = DataLoader.of(Dataset.of(data.x(), data.y()), 10).shuffle(new Generator(3)).prefetch(2);
        assertEquals(a.get("loss"), fromLoader.fit(loader, QUIET.epochs(2)).get("loss"));

        // stopped after its second batch, the epoch is closed: its prefetch thread frees what it built ahead
        Callback stopAtBatch2 = new Callback() {
            private Model model;
            @Override public void onTrainBegin(TrainingInfo info) { model = info.model(); }
            @Override public void onBatchEnd(int batch, Map<String, Double> logs) { if (batch == 1) model.stopTraining(); }
        };
        long live = MemoryStats.cpu().liveBytes();
        History stopped = fromLoader.fit(DataLoader.of(Dataset.of(data.x(), data.y()), 10).prefetch(4), QUIET.epochs(3).callbacks(stopAtBatch2));
        assertEquals(1, stopped.epochs());
        for (int wait = 0; wait < 200 && MemoryStats.cpu().liveBytes() != live; wait++) Thread.sleep(10);
        assertEquals(live, MemoryStats.cpu().liveBytes(), "the batches built ahead were freed");
    }

    @Test
    void functionalModelTrainsEveryLayerItIsGiven() {
        Generator g = new Generator(6);
        Linear hidden = new Linear(2, 8, true, DType.F32, g);
        Linear head = new Linear(8, 2, true, DType.F32, g);
        Linear skip = new Linear(2, 2, false, DType.F32, g);
        Model model = Model.functional(x -> head.forward(hidden.forward(x).tanh()).add(skip.forward(x)), hidden, head, skip);
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "2.weight"), List.copyOf(model.module().namedParameters().keySet()));
        float[][] before = TrainData.weights(model);
        TrainData.Blobs data = TrainData.blobs(200, 7);
        model.compile(new Adam(model.parameters(), 0.01), "sparse_categorical_crossentropy", "accuracy");
        model.fit(data.x(), data.y(), QUIET.epochs(5));
        float[][] after = TrainData.weights(model);
        for (int i = 0; i < before.length; i++) assertFalse(java.util.Arrays.equals(before[i], after[i]), "parameter " + i + " trained");
        assertTrue(model.evaluate(data.x(), data.y()).get("accuracy") >= 0.97);
        assertTrue(model.summary().contains("Functional"), model.summary());
    }

    @Test
    void oneHotTargetsTrainWithCategoricalCrossentropy() {
        TrainData.Blobs data = TrainData.blobs(200, 8);
        Tensor oneHot = dev.tessera.data.Transforms.oneHot(data.y(), 2);
        Model model = Model.of(TrainData.classifier(8)).compile("adam", "categorical_crossentropy", "accuracy");
        model.fit(data.x(), oneHot, QUIET.epochs(5));
        assertTrue(model.evaluate(data.x(), oneHot).get("accuracy") >= 0.97);
    }

    @Test
    void evaluateAveragesOverSamplesNotBatches() {
        TrainData.Blobs data = TrainData.blobs(50, 10);
        Model model = Model.of(TrainData.classifier(10)).compile("adam", "sparse_categorical_crossentropy", "accuracy");
        Map<String, Double> inSevens = model.evaluate(data.x(), data.y(), 7); // the last batch holds 1 sample
        double whole = Losses.crossEntropy(model.forward(data.x()), data.y()).item();
        assertEquals(whole, inSevens.get("loss"), 1e-6);
        long correct = 0;
        long[] predicted = model.predict(data.x()).argmax(1, false).toLongArray();
        long[] labels = data.y().toLongArray();
        for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) correct++;
        assertEquals(correct / 50.0, inSevens.get("accuracy"));
    }

    @Test
    void predictIsForwardInEvalModeWithoutAGraph() {
        Generator g = new Generator(11);
        Sequential net = new Sequential(new Linear(2, 16, true, DType.F32, g), new Tanh(), new Dropout(0.5, g), new Linear(16, 3, true, DType.F32, g));
        Model model = Model.of(net);
        Tensor x = TrainData.blobs(23, 12).x();
        Tensor predicted = model.predict(x, 5);
        assertTrue(net.isTraining(), "predict restores the training mode");
        assertFalse(predicted.requiresGrad());
        assertArrayEquals(new long[] {23, 3}, predicted.shape());
        net.eval();
        assertArrayEquals(net.forward(x).toFloatArray(), predicted.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> model.predict(x.slice(0, 0, 0)));
    }

    @Test
    void compileByNameUsesKerasDefaultsAndUnknownNamesListTheKnownOnes() {
        Model model = Model.of(TrainData.classifier(13));
        model.compile("adam", "mse", "mae");
        assertInstanceOf(Adam.class, model.optimizer());
        assertEquals(1e-3, model.optimizer().lr());
        assertEquals("mse", model.loss().name());
        assertEquals("mae", model.metrics().get(0).name());
        model.compile("SGD", "sparse_categorical_crossentropy", "acc", "top_2_accuracy");
        assertInstanceOf(SGD.class, model.optimizer());
        assertEquals(0.01, model.optimizer().lr());
        assertEquals(List.of("accuracy", "top_2_accuracy"), model.metrics().stream().map(m -> m.name()).toList());

        String optimizerError = assertThrows(IllegalArgumentException.class, () -> model.compile("adamax", "mse")).getMessage();
        assertTrue(optimizerError.contains("adamax") && optimizerError.contains("sgd, adam, adamw, rmsprop, adagrad"), optimizerError);
        String lossError = assertThrows(IllegalArgumentException.class, () -> model.compile("adam", "hinge")).getMessage();
        assertTrue(lossError.contains("hinge") && lossError.contains("sparse_categorical_crossentropy")
                && lossError.contains("categorical_crossentropy"), lossError);
        String metricError = assertThrows(IllegalArgumentException.class, () -> model.compile("adam", "mse", "auc")).getMessage();
        assertTrue(metricError.contains("auc") && metricError.contains("accuracy") && metricError.contains("precision"), metricError);
        assertThrows(IllegalArgumentException.class, () -> model.compile("adam", "mse", "mae", "mean_absolute_error"));
        Model other = Model.of(TrainData.classifier(14));
        assertThrows(IllegalArgumentException.class, () -> model.compile(new SGD(other.parameters(), 0.1), "mse"));
    }

    @Test
    void fitAndEvaluateNeedCompile() {
        Model model = Model.of(TrainData.classifier(15));
        TrainData.Blobs data = TrainData.blobs(10, 15);
        String e = assertThrows(IllegalStateException.class, () -> model.fit(data.x(), data.y(), QUIET)).getMessage();
        assertTrue(e.contains("compile"), e);
        assertThrows(IllegalStateException.class, () -> model.evaluate(data.x(), data.y()));
        assertEquals(model.module().summary(), model.summary());
        assertEquals(model.module().summary(4, 2), model.summary(4, 2));
    }
}
