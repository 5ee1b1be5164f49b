// Png: the one way dev.tessera.plot turns XChart charts into a PNG file. Rendering runs headless
// (java.awt.headless=true unless the program chose otherwise), so plots work on servers and in CI
// without a display; several charts of the same size are laid out row by row in a grid (a last row
// may be short: its empty cells are white); the file is written atomically (AtomicFiles), so a reader
// never sees a half-written image.
package dev.tessera.plot;

import dev.tessera.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

final class Png {
    private Png() {}

    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** Writes the charts (all of the same size) to png as a grid with the given number of columns. */
    static void write(List<? extends Chart<?, ?>> charts, int columns, Path png) {
        int rows = (charts.size() + columns - 1) / columns;
        int cellWidth = charts.get(0).getWidth();
        int cellHeight = charts.get(0).getHeight();
        BufferedImage grid = new BufferedImage(columns * cellWidth, rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            for (int i = 0; i < charts.size(); i++) {
                g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % columns) * cellWidth, (i / columns) * cellHeight, null);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(grid, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(png + ": encoding the PNG failed", e);
        }
        AtomicFiles.write(png, ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray());
            while (b.hasRemaining()) ch.write(b);
        });
    }
}
