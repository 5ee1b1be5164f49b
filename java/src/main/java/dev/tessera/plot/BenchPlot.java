// BenchPlot: a benchmark table as a grouped bar chart in a PNG: one group of bars per category (a
// problem size or shape), one bar colour per series (a kernel version), the value on the y axis
// (GFLOP/s, GB/s...). `./tessera bench gemm --plot gemm.png` draws its ladder this way.
//
//   BenchPlot.save("GEMM, 2 threads", "GFLOP/s", List.of("256", "512"),
//           Map.of("v0 openblas", List.of(180.0, 230.0), "v1 blocked", List.of(350.0, 400.0)), Path.of("gemm.png"));
package dev.tessera.plot;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

public final class BenchPlot {
    private BenchPlot() {}

    public static final int WIDTH = 1000;
    public static final int HEIGHT = 560;

    /** Writes the chart to png (atomically); each series has one value per category, in the categories' order. */
    public static void save(String title, String valueLabel, List<String> categories, Map<String, List<Double>> seriesByName, Path png) {
        if (categories.isEmpty() || seriesByName.isEmpty()) throw new IllegalArgumentException("bench plot: nothing to plot");
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(valueLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setDecimalPattern("#0.#");
        chart.getStyler().setXAxisLabelRotation(categories.size() > 6 ? 30 : 0);
        for (Map.Entry<String, List<Double>> s : seriesByName.entrySet()) {
            if (s.getValue().size() != categories.size()) {
                throw new IllegalArgumentException("bench plot: series '" + s.getKey() + "' has " + s.getValue().size() + " values for "
                        + categories.size() + " categories");
            }
            chart.addSeries(s.getKey(), categories, s.getValue());
        }
        Png.write(List.of(chart), 1, png);
    }
}
