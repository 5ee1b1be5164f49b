// History: what Model.fit returns, as Keras' History.history — for each metric name (loss,
// accuracy, ..., val_loss, val_accuracy, ...) its value at the end of every epoch, in the order the
// names first appeared, plus each epoch's wall-clock seconds (training and validation).
package dev.tessera.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class History {
    private final LinkedHashMap<String, List<Double>> values = new LinkedHashMap<>();
    private final List<Double> epochSeconds = new ArrayList<>();

    /** Records one epoch's logs and duration. */
    void add(Map<String, Double> logs, double seconds) {
        int epoch = epochSeconds.size();
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            // a name that first appears in a later epoch gets NaN for the epochs before it
            List<Double> list = values.computeIfAbsent(e.getKey(), k -> new ArrayList<>(Collections.nCopies(epoch, Double.NaN)));
            list.add(e.getValue());
        }
        for (List<Double> list : values.values()) if (list.size() == epoch) list.add(Double.NaN);
        epochSeconds.add(seconds);
    }

    /** Number of epochs run (fewer than asked when a callback stopped training). */
    public int epochs() { return epochSeconds.size(); }

    /** Every metric's values per epoch, read-only, in the order of the logs. */
    public Map<String, List<Double>> asMap() {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : values.entrySet()) out.put(e.getKey(), Collections.unmodifiableList(e.getValue()));
        return Collections.unmodifiableMap(out);
    }

    /** The metric names recorded, in order ("loss", "accuracy", "val_loss", ...). */
    public List<String> names() { return List.copyOf(values.keySet()); }

    /** The values of {@code name}, one per epoch; an unknown name fails with the recorded ones. */
    public List<Double> get(String name) {
        List<Double> v = values.get(name);
        if (v == null) throw new IllegalArgumentException("History: no metric '" + name + "'; recorded: " + names());
        return Collections.unmodifiableList(v);
    }

    /** The value of {@code name} in the last epoch. */
    public double last(String name) {
        List<Double> v = get(name);
        if (v.isEmpty()) throw new IllegalStateException("History: no epoch was run");
        return v.get(v.size() - 1);
    }

    /** Each epoch's wall-clock seconds. */
    public List<Double> epochSeconds() { return Collections.unmodifiableList(epochSeconds); }

    /** The total of {@link #epochSeconds()}. */
    public double totalSeconds() {
        double s = 0;
        for (double v : epochSeconds) s += v;
        return s;
    }

    @Override
    public String toString() { return "History(" + epochs() + " epochs, " + values + ")"; }
}
