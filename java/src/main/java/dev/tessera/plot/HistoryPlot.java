// HistoryPlot: a training history (one value per epoch for each series) as one PNG, with one chart per
// metric family: "loss" and "val_loss" share the loss chart, "accuracy" and "val_accuracy" the accuracy
// chart, and so on (the "val_" prefix is Keras' name for the validation series). Charts are laid out two
// per row in the order their families first appear, each CHART_WIDTH x CHART_HEIGHT pixels, x = epoch.
//
//   HistoryPlot.save(Map.of("loss", losses, "val_loss", valLosses), Path.of("history.png"));
package dev.tessera.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class HistoryPlot {
    private HistoryPlot() {}

    public static final int CHART_WIDTH = 640;
    public static final int CHART_HEIGHT = 420;
    /** Charts per row. */
    public static final int COLUMNS = 2;
    private static final String VALIDATION_PREFIX = "val_";
    /** Up to this many epochs each point gets a marker; longer runs (xor's 3000) are drawn as lines only. */
    private static final int MARKED_EPOCHS = 60;

    /** Writes the history to png (atomically); every series needs at least one value. */
    public static void save(Map<String, List<Double>> seriesByName, Path png) {
        Map<String, List<String>> families = families(seriesByName);
        List<XYChart> charts = new ArrayList<>();
        for (Map.Entry<String, List<String>> f : families.entrySet()) {
            XYChart chart = new XYChartBuilder().width(CHART_WIDTH).height(CHART_HEIGHT).title(f.getKey())
                    .xAxisTitle("epoch").yAxisTitle(f.getKey()).build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal).setMarkerSize(5);
            chart.getStyler().setDecimalPattern("#0.####");
            for (String name : f.getValue()) {
                double[] y = values(name, seriesByName.get(name));
                XYSeries s = chart.addSeries(name, epochs(y.length), y);
                s.setMarker(y.length <= MARKED_EPOCHS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            }
            charts.add(chart);
        }
        Png.write(charts, Math.min(COLUMNS, charts.size()), png);
    }

    /** Number of charts save() draws for these series (one per family). */
    public static int chartCount(Map<String, List<Double>> seriesByName) { return families(seriesByName).size(); }

    /** Family name -> its series names, training series before validation ones. */
    private static Map<String, List<String>> families(Map<String, List<Double>> seriesByName) {
        if (seriesByName.isEmpty()) throw new IllegalArgumentException("history plot: no series to plot");
        Map<String, List<String>> families = new LinkedHashMap<>();
        for (String name : seriesByName.keySet()) {
            String family = name.startsWith(VALIDATION_PREFIX) && name.length() > VALIDATION_PREFIX.length()
                    ? name.substring(VALIDATION_PREFIX.length()) : name;
            families.computeIfAbsent(family, k -> new ArrayList<>()).add(name);
        }
        for (List<String> names : families.values()) names.sort((a, b) -> Boolean.compare(a.startsWith(VALIDATION_PREFIX), b.startsWith(VALIDATION_PREFIX)));
        return families;
    }

    private static double[] epochs(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i + 1;
        return x;
    }

    /** The values, with NaN for a non-finite one (a diverged epoch shows as a gap, not as a broken axis). */
    private static double[] values(String name, List<Double> series) {
        if (series == null || series.isEmpty()) throw new IllegalArgumentException("history plot: series '" + name + "' has no values");
        double[] y = new double[series.size()];
        for (int i = 0; i < y.length; i++) {
            Double v = series.get(i);
            y[i] = v != null && Double.isFinite(v) ? v : Double.NaN;
        }
        return y;
    }
}
