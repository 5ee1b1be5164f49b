// Model: the Keras-style training API over a Module — compile(optimizer, loss, metrics), fit (on
// tensors or on any source of batches), evaluate, predict and summary:
//
//   Model model = Model.sequential(new Flatten(), new Linear(784, 128), new ReLU(), new Linear(128, 10));
//   model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
//   History h = model.fit(x, y, new FitOptions().epochs(5).validationSplit(0.1));
//   Map<String, Double> test = model.evaluate(testX, testY);      // {loss=..., accuracy=...}
//
// Three ways to make one, as in Keras: Model.sequential(layers...) (or Model.of(new Sequential(...))),
// Model.functional(x -> ..., layers...) for any wiring of layers (skips, shared layers), and
// Model.of(module) for a Module subclass (Keras' subclassing).
//
// Memory (DESIGN.md): every training step runs in its own Scope and closes its batch, so a step
// frees everything it made; fit opens one scope around the whole run for what else it and the
// callbacks create; evaluation and prediction run under noGrad in eval mode. Parameters stay in
// the scope the module was built in and optimizer state in the optimizer's, so fitting twice
// allocates nothing new. A Model owns its module and its optimizer: close() frees both.
package dev.tessera.train;

import dev.tessera.autograd.GradMode;
import dev.tessera.data.Batches;
import dev.tessera.data.DataLoader;
import dev.tessera.io.SafeTensors;
import dev.tessera.memory.Scope;
import dev.tessera.nn.Module;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.loss.Loss;
import dev.tessera.optim.Optimizer;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import dev.tessera.train.metrics.Metric;
import dev.tessera.train.metrics.Metrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

public final class Model implements AutoCloseable {
    /** Batch size of evaluate and predict when none is given (Keras' 32). */
    public static final int DEFAULT_BATCH_SIZE = 32;

    private final Module module;
    private Optimizer optimizer;
    private Loss loss;
    private List<Metric> metrics = List.of();
    private boolean stopRequested;

    private Model(Module module) { this.module = Objects.requireNonNull(module, "Model: module is null"); }

    // ------------------------------------------------------------------ construction

    /** A model training {@code module}: a Sequential, or a Module subclass with its own forward. */
    public static Model of(Module module) { return new Model(module); }

    /** {@code Model.of(new Sequential(layers))}: the layers applied one after the other. */
    public static Model sequential(Module... layers) { return new Model(new Sequential(layers)); }

    /**
     * Keras' functional Model: {@code forward} wires the given {@code layers} in any way (skips,
     * shared layers, several branches), and the layers' parameters are the model's, named "0.weight",
     * "1.bias"... by the layers' order here. Every layer the function uses must be given:
     * <pre>{@code
     * Linear hidden = new Linear(2, 16), head = new Linear(16, 1), skip = new Linear(2, 1);
     * Model model = Model.functional(x -> head.forward(hidden.forward(x).tanh()).add(skip.forward(x)),
     *         hidden, head, skip);
     * }</pre>
     */
    public static Model functional(UnaryOperator<Tensor> forward, Module... layers) { return new Model(new Functional(forward, layers)); }

    // ------------------------------------------------------------------ compile

    /**
     * Sets what fit trains with. The optimizer must update this model's parameters (e.g.
     * {@code new Adam(model.parameters(), 1e-3)}); the model owns it from now on and closes it when
     * it closes or is compiled again with another one.
     */
    public Model compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        Objects.requireNonNull(optimizer, "compile: optimizer is null");
        Objects.requireNonNull(loss, "compile: loss is null");
        checkOptimizerParameters(optimizer);
        Set<String> names = new HashSet<>();
        for (Metric m : metrics) {
            Objects.requireNonNull(m, "compile: a metric is null");
            if (m.name().equals("loss") || !names.add(m.name())) {
                throw new IllegalArgumentException("compile: metric name '" + m.name() + "' is used twice (\"loss\" is the loss's)");
            }
        }
        if (this.optimizer != null && this.optimizer != optimizer) this.optimizer.close();
        this.optimizer = optimizer;
        this.loss = loss;
        this.metrics = List.of(metrics);
        return this;
    }

    /** As {@link #compile(Optimizer, Loss, Metric...)} with the loss and metrics by Keras name (see Loss.byName, Metrics.byName). */
    public Model compile(Optimizer optimizer, String loss, String... metrics) {
        Loss lossFn = Loss.byName(loss);
        return compile(optimizer, lossFn, metricsByName(metrics, lossFn));
    }

    /**
     * Everything by name, as Keras' {@code compile("adam", "mse", ["mae"])}: the optimizer (sgd, adam,
     * adamw, rmsprop, adagrad) gets Keras' default learning rate, 0.01 for sgd and 0.001 for the others.
     * Its state lives in the scope current now.
     */
    public Model compile(String optimizer, String loss, String... metrics) {
        Objects.requireNonNull(optimizer, "compile: optimizer name is null");
        double lr = optimizer.trim().toLowerCase(Locale.ROOT).equals("sgd") ? 0.01 : 0.001;
        Loss lossFn = Loss.byName(loss); // names checked before the optimizer is made, so a bad one leaves nothing to free
        Metric[] ms = metricsByName(metrics, lossFn);
        return compile(Optimizer.byName(optimizer.trim(), module.parameters(), lr), lossFn, ms);
    }

    private static Metric[] metricsByName(String[] names, Loss loss) {
        Metric[] ms = new Metric[names.length];
        for (int i = 0; i < names.length; i++) ms[i] = Metrics.byName(names[i], loss);
        return ms;
    }

    private void checkOptimizerParameters(Optimizer optimizer) {
        Set<Tensor> own = Collections.newSetFromMap(new IdentityHashMap<>());
        own.addAll(module.parameters());
        for (Tensor p : optimizer.params()) {
            if (!own.contains(p)) {
                throw new IllegalArgumentException("compile: the optimizer updates a tensor " + p.describe()
                        + " that is not a parameter of this model; make it from model.parameters()");
            }
        }
    }

    private void requireCompiled(String op) {
        if (loss == null) {
            throw new IllegalStateException(op + ": the model is not compiled; call compile(optimizer, loss, metrics...) first");
        }
    }

    // ------------------------------------------------------------------ fit

    /**
     * Trains on x [N, ...] and y [N, ...] in batches of {@code options.batchSize()}, shuffled each
     * epoch (seeded), for {@code options.epochs()} epochs or until a callback stops it; validates
     * after each epoch on validationData or the held-out validationSplit.
     */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        requireCompiled("fit");
        Objects.requireNonNull(x, "fit: x is null");
        Objects.requireNonNull(y, "fit: y is null");
        Objects.requireNonNull(options, "fit: options are null");
        try (Scope run = Scope.open()) {
            Tensor trainX = x;
            Tensor trainY = y;
            Iterable<Batches.Batch> validation = validationOf(options);
            if (options.validationSplit() > 0) {
                if (options.hasValidationData()) throw new IllegalArgumentException("fit: give validationSplit or validationData, not both");
                long n = x.size(0);
                long split = (long) (n * (1 - options.validationSplit()));
                if (split < 1 || split >= n) {
                    throw new IllegalArgumentException("fit: validation split " + options.validationSplit() + " of " + n
                            + " samples leaves no training or no validation sample");
                }
                trainX = x.slice(0, 0, split);
                trainY = y.slice(0, 0, split);
                validation = new SliceBatches(x.slice(0, split, n), y.slice(0, split, n), options.batchSize());
            }
            Batches batches = Batches.of(trainX, trainY, options.batchSize())
                    .shuffle(options.shuffle() ? new Generator(options.seed()) : null);
            return train(batches, batches.numBatches(), validation, options);
        }
    }

    /**
     * Trains on a source of batches — a {@link DataLoader}, a {@link Batches}, any Iterable of
     * batches whose iterator yields one epoch. The source decides batch size and order (options'
     * batchSize, shuffle and seed apply to validation tensors only); each batch is closed after its
     * step. An iterator that is AutoCloseable (a DataLoader epoch with its prefetch thread) is closed
     * when its epoch ends, also when a callback stops training in the middle of one.
     */
    public History fit(Iterable<Batches.Batch> batches, FitOptions options) {
        requireCompiled("fit");
        Objects.requireNonNull(batches, "fit: batches are null");
        Objects.requireNonNull(options, "fit: options are null");
        if (options.validationSplit() > 0) {
            throw new IllegalArgumentException("fit: validationSplit needs tensors; with a source of batches give validationData");
        }
        int steps = batches instanceof DataLoader d ? d.numBatches()
                : batches instanceof Batches b ? b.numBatches()
                : batches instanceof Collection<?> c ? c.size() : -1;
        try (Scope run = Scope.open()) {
            return train(batches, steps, validationOf(options), options);
        }
    }

    private static Iterable<Batches.Batch> validationOf(FitOptions options) {
        if (options.validationBatches() != null) return options.validationBatches();
        if (options.validationX() != null) return new SliceBatches(options.validationX(), options.validationY(), options.batchSize());
        return null;
    }

    /** Asks fit to stop after the current batch (what EarlyStopping and TerminateOnNaN call); the epoch still ends normally. */
    public void stopTraining() { stopRequested = true; }

    /** Whether a stop was asked for in the current (or last) fit. */
    public boolean stopRequested() { return stopRequested; }

    private History train(Iterable<Batches.Batch> source, int steps, Iterable<Batches.Batch> validation, FitOptions options) {
        List<Callback> callbacks = new ArrayList<>(options.callbacks());
        if (options.verbose() > 0) {
            callbacks.add(new ProgressBar(options.out(), options.verbose() == 1 && ProgressBar.isTerminal(options.out())));
        }
        History history = new History();
        PassTotals totals = new PassTotals(metrics);
        stopRequested = false;
        TrainingInfo info = new TrainingInfo(this, options.epochs(), steps);
        for (Callback c : callbacks) c.onTrainBegin(info);
        for (int epoch = 0; epoch < options.epochs() && !stopRequested; epoch++) {
            for (Callback c : callbacks) c.onEpochBegin(epoch);
            long start = System.nanoTime();
            module.train();
            totals.reset();
            forEachBatch(source, "fit", batch -> {
                trainStep(batch, totals);
                if (!callbacks.isEmpty()) {
                    Map<String, Double> logs = Collections.unmodifiableMap(totals.logs(""));
                    for (Callback c : callbacks) c.onBatchEnd(batch.index(), logs);
                }
                return !stopRequested;
            });
            LinkedHashMap<String, Double> logs = totals.logs("");
            if (validation != null) logs.putAll(evaluatePass(validation, totals, "val_"));
            history.add(logs, (System.nanoTime() - start) / 1e9);
            Map<String, Double> epochLogs = Collections.unmodifiableMap(logs);
            for (Callback c : callbacks) c.onEpochEnd(epoch, epochLogs);
        }
        for (Callback c : callbacks) c.onTrainEnd(history);
        return history;
    }

    /** One optimizer step on a batch: forward, loss, backward, update, zeroGrad; then the totals. */
    private void trainStep(Batches.Batch batch, PassTotals totals) {
        Tensor out = module.forward(batch.x());
        Tensor lossValue = loss.apply(out, batch.y());
        lossValue.backward();
        optimizer.step();
        optimizer.zeroGrad();
        totals.add(lossValue.item(), out, batch.y());
    }

    /**
     * Runs {@code step} on every batch of one epoch, each in its own scope, closing the batch after
     * it (DESIGN.md: nothing a step makes outlives it); {@code step} returns false to stop early.
     */
    private static void forEachBatch(Iterable<Batches.Batch> source, String op, Predicate<Batches.Batch> step) {
        Iterator<Batches.Batch> it = source.iterator();
        try {
            while (it.hasNext()) {
                Batches.Batch batch = it.next();
                try (batch; Scope s = Scope.open()) {
                    if (batch.y() == null) throw new IllegalArgumentException(op + ": batch " + batch.index() + " has no targets (y is null)");
                    if (!step.test(batch)) return;
                }
            }
        } finally {
            if (it instanceof AutoCloseable closeable) closeIterator(closeable);
        }
    }

    private static void closeIterator(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing the batch iterator failed: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ evaluate and predict

    /** The loss and the compiled metrics on (x, y), in batches of 32, in eval mode without a graph. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) { return evaluate(x, y, DEFAULT_BATCH_SIZE); }

    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
        Objects.requireNonNull(x, "evaluate: x is null");
        Objects.requireNonNull(y, "evaluate: y is null");
        return evaluate(new SliceBatches(x, y, batchSize));
    }

    /** The loss and the compiled metrics over one pass of {@code batches} (each closed after use). */
    public Map<String, Double> evaluate(Iterable<Batches.Batch> batches) {
        requireCompiled("evaluate");
        Objects.requireNonNull(batches, "evaluate: batches are null");
        return Collections.unmodifiableMap(evaluatePass(batches, new PassTotals(metrics), ""));
    }

    private LinkedHashMap<String, Double> evaluatePass(Iterable<Batches.Batch> batches, PassTotals totals, String prefix) {
        boolean training = module.isTraining();
        module.eval();
        totals.reset();
        try (GradMode.Guard off = GradMode.noGrad()) {
            forEachBatch(batches, "evaluate", batch -> {
                Tensor out = module.forward(batch.x());
                totals.add(loss.apply(out, batch.y()).item(), out, batch.y());
                return true;
            });
        } finally {
            module.train(training);
        }
        return totals.logs(prefix);
    }

    /** The model's outputs for x [N, ...], in batches of 32 (see {@link #predict(Tensor, int)}). */
    public Tensor predict(Tensor x) { return predict(x, DEFAULT_BATCH_SIZE); }

    /**
     * The model's outputs for every sample of x, computed in batches in eval mode (Dropout off)
     * without recording a graph, concatenated along dim 0. The result belongs to the caller's scope.
     */
    public Tensor predict(Tensor x, int batchSize) {
        Objects.requireNonNull(x, "predict: x is null");
        x.checkOpen("predict");
        if (x.dim() < 1 || x.size(0) == 0) throw new IllegalArgumentException("predict: x must hold at least one sample, got " + x.describe());
        if (batchSize < 1) throw new IllegalArgumentException("predict: batch size must be at least 1, got " + batchSize);
        boolean training = module.isTraining();
        module.eval();
        long n = x.size(0);
        try (GradMode.Guard off = GradMode.noGrad(); Scope all = Scope.open()) {
            List<Tensor> parts = new ArrayList<>();
            for (long from = 0; from < n; from += batchSize) {
                try (Scope step = Scope.open()) {
                    parts.add(module.forward(x.slice(0, from, Math.min(n, from + batchSize))).keep());
                }
            }
            return (parts.size() == 1 ? parts.get(0) : Tensor.cat(0, parts)).keep();
        } finally {
            module.train(training);
        }
    }

    /** The module's forward as is (current mode, graph recorded when grad mode is on). */
    public Tensor forward(Tensor x) { return module.forward(x); }

    // ------------------------------------------------------------------ description and weights

    /** The layer table of Module.summary(). */
    public String summary() { return module.summary(); }

    /** The layer table with each layer's output shape for an input of this shape. */
    public String summary(long... inputShape) { return module.summary(inputShape); }

    public Module module() { return module; }

    public List<Tensor> parameters() { return module.parameters(); }

    /** The compiled optimizer (null before compile). */
    public Optimizer optimizer() { return optimizer; }

    /** The compiled loss (null before compile). */
    public Loss loss() { return loss; }

    /** The compiled metrics, in order. */
    public List<Metric> metrics() { return metrics; }

    /** Writes the weights as safetensors (state-dict names, readable by PyTorch), atomically. */
    public void saveWeights(Path path) { SafeTensors.save(path, module); }

    /** Loads weights written by saveWeights (or PyTorch), strictly: names, shapes and dtypes must match. */
    public void loadWeights(Path path) { SafeTensors.load(path, module); }

    /** Frees the module's parameters and the optimizer's state; closing twice is a no-op. */
    @Override
    public void close() {
        module.close();
        if (optimizer != null) optimizer.close();
    }

    @Override
    public String toString() {
        return "Model(" + module.typeName() + ", " + module.parameterCount() + " parameters"
                + (loss == null ? ", not compiled" : ", optimizer=" + optimizer + ", loss=" + loss.name() + ", metrics="
                + metrics.stream().map(Metric::name).toList()) + ")";
    }
}
