// Metrics: the metric a Keras name stands for, as Model.compile(..., "accuracy", "mae") takes them.
// The loss decides what a binary score means: after bce_with_logits the model outputs logits, so
// class 1 starts at 0 instead of 0.5 (Keras would have you pass from_logits to each metric).
package dev.tessera.train.metrics;

import dev.tessera.nn.loss.BCEWithLogitsLoss;
import dev.tessera.nn.loss.Loss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class Metrics {
    private Metrics() {}

    private static final Pattern TOP_K = Pattern.compile("top_(\\d{1,6})_accuracy");

    /** Each name with the metric it makes from the binary threshold. */
    private static final Map<String, DoubleFunction<Metric>> BY_NAME = names();

    /** The names {@link #byName} accepts (and top_K_accuracy for any K). */
    public static final List<String> NAMES = List.copyOf(BY_NAME.keySet());

    private static Map<String, DoubleFunction<Metric>> names() {
        Map<String, DoubleFunction<Metric>> m = new LinkedHashMap<>();
        for (String name : List.of("accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy")) {
            m.put(name, Accuracy::new);
        }
        for (String name : List.of("top_k_accuracy", "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy")) {
            m.put(name, threshold -> new TopKAccuracy());
        }
        m.put("precision", threshold -> new Precision(null, threshold));
        m.put("recall", threshold -> new Recall(null, threshold));
        m.put("f1", threshold -> new F1Score(null, threshold));
        m.put("f1_score", threshold -> new F1Score(null, threshold));
        m.put("mae", threshold -> new MeanAbsoluteError());
        m.put("mean_absolute_error", threshold -> new MeanAbsoluteError());
        m.put("mse", threshold -> new MeanSquaredError());
        m.put("mean_squared_error", threshold -> new MeanSquaredError());
        return m;
    }

    /**
     * The metric called {@code name} (case and '-' vs '_' don't matter) for a model trained with
     * {@code loss} (null: probabilities). Every accuracy name gives {@link Accuracy}, whose batch
     * layout picks sparse, categorical or binary; the top-k names give k = 5, "top_3_accuracy" k = 3.
     * The metric's name() is the canonical one ("accuracy" for "acc").
     */
    public static Metric byName(String name, Loss loss) {
        if (name == null) throw new NullPointerException("metric name is null");
        String key = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        Matcher topK = TOP_K.matcher(key);
        if (topK.matches()) return new TopKAccuracy(Integer.parseInt(topK.group(1)));
        DoubleFunction<Metric> make = BY_NAME.get(key);
        if (make == null) {
            throw new IllegalArgumentException("unknown metric '" + name + "'; known: " + String.join(", ", NAMES) + ", top_K_accuracy");
        }
        return make.apply(loss instanceof BCEWithLogitsLoss ? 0.0 : 0.5);
    }
}
