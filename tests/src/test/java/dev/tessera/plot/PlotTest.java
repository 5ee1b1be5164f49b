// Plots: HistoryPlot and BenchPlot write a PNG that decodes, has the size the layout promises
// (one chart per metric family, two per row), is not blank, and is written atomically (no temp file
// is left next to it); bad input is refused before anything is written.
package dev.tessera.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class PlotTest {
    @TempDir
    Path dir;

    private static BufferedImage decode(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), png + " exists");
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " decodes as an image");
        return img;
    }

    /** A chart has axes, lines and text: many colours, not one background. */
    private static void assertNotBlank(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) for (int x = 0; x < img.getWidth(); x += 3) colours.add(img.getRGB(x, y));
        assertTrue(colours.size() > 20, "the image has " + colours.size() + " colours");
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

    @Test
    void historyHasOneChartPerMetricFamily() throws IOException {
        Map<String, List<Double>> h = new LinkedHashMap<>();
        h.put("loss", List.of(0.9, 0.5, 0.3));
        h.put("accuracy", List.of(0.6, 0.8, 0.85));
        h.put("val_loss", List.of(1.0, 0.6, Double.NaN)); // a diverged epoch is a gap, not an error
        h.put("val_accuracy", List.of(0.55, 0.75, 0.8));
        assertEquals(2, HistoryPlot.chartCount(h));
        Path png = dir.resolve("history.png");
        HistoryPlot.save(h, png);
        BufferedImage img = decode(png);
        assertEquals(2 * HistoryPlot.CHART_WIDTH, img.getWidth());
        assertEquals(HistoryPlot.CHART_HEIGHT, img.getHeight());
        assertNotBlank(img);

        h.put("lr", List.of(1e-3, 1e-3, 5e-4)); // a third family starts a second row
        HistoryPlot.save(h, png);
        img = decode(png);
        assertEquals(2 * HistoryPlot.CHART_WIDTH, img.getWidth());
        assertEquals(2 * HistoryPlot.CHART_HEIGHT, img.getHeight());

        Path single = dir.resolve("loss.png");
        HistoryPlot.save(Map.of("loss", List.of(1.0, 0.5)), single);
        assertEquals(HistoryPlot.CHART_WIDTH, decode(single).getWidth());
        assertNoTempFiles();
    }

    @Test
    void benchTableAsGroupedBars() throws IOException {
        Map<String, List<Double>> gflops = new LinkedHashMap<>();
        gflops.put("v0 openblas", List.of(120.0, 180.0, 230.0));
        gflops.put("v1 blocked", List.of(200.0, 350.0, 400.0));
        Path png = dir.resolve("gemm.png");
        BenchPlot.save("FP32 GEMM", "GFLOP/s", List.of("256", "512", "1024"), gflops, png);
        BufferedImage img = decode(png);
        assertEquals(BenchPlot.WIDTH, img.getWidth());
        assertEquals(BenchPlot.HEIGHT, img.getHeight());
        assertNotBlank(img);
        assertNoTempFiles();
    }

    @Test
    void badInputWritesNothing() {
        Path png = dir.resolve("never.png");
        assertThrows(IllegalArgumentException.class, () -> HistoryPlot.save(Map.of(), png));
        assertThrows(IllegalArgumentException.class, () -> HistoryPlot.save(Map.of("loss", List.of()), png));
        assertThrows(IllegalArgumentException.class,
                () -> BenchPlot.save("t", "GFLOP/s", List.of("a", "b"), Map.of("v1", List.of(1.0)), png));
        assertFalse(Files.exists(png));
    }
}
