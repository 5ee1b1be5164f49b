/**
 * Plots to PNG with XChart, rendered headless: {@link dev.tessera.plot.HistoryPlot} (a training
 * history, one chart per metric with its training and validation series) and
 * {@link dev.tessera.plot.BenchPlot} (a benchmark table as grouped bars). Files are written atomically.
 */
package dev.tessera.plot;
