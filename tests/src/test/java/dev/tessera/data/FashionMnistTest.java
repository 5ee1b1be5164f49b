// The Fashion-MNIST loader on a tiny generated folder (the Debian package's four IDX files, gzip or
// plain): u8 pixels become f32 in [0, 1], labels i64; a missing file or mismatched counts fail clearly.
package dev.tessera.data;

import dev.tessera.memory.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class FashionMnistTest {
    @TempDir Path dir;
    private Scope scope;

    @BeforeEach void open() { scope = Scope.open(); }
    @AfterEach void close() { scope.close(); }

    private void write(String prefix, int n, int labelCount, boolean gz) throws IOException {
        byte[] px = new byte[n * 784];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i % 256);
        byte[] lab = new byte[labelCount];
        for (int i = 0; i < labelCount; i++) lab[i] = (byte) (i % 10);
        String ext = gz ? ".gz" : "";
        IdxFiles.write(dir.resolve(prefix + "-images-idx3-ubyte" + ext), Idx.Type.U8, new long[] {n, 28, 28}, px, gz);
        IdxFiles.write(dir.resolve(prefix + "-labels-idx1-ubyte" + ext), Idx.Type.U8, new long[] {labelCount}, lab, gz);
    }

    @Test
    void loadsBothSplits() throws IOException {
        write("train", 12, 12, true);
        write("t10k", 3, 3, false);
        LabeledImages train = Datasets.fashionMnist(dir, Datasets.Split.TRAIN);
        assertArrayEquals(new long[] {12, 28, 28}, train.images().shape());
        assertArrayEquals(new long[] {12}, train.labels().shape());
        float[] px = train.images().toFloatArray();
        for (int i = 0; i < px.length; i += 97) assertEquals((i % 256) / 255f, px[i], "pixel " + i);
        long[] l = train.labels().toLongArray();
        for (int i = 0; i < l.length; i++) assertEquals(i % 10, l[i]);
        assertEquals(3, Datasets.fashionMnist(dir, Datasets.Split.TEST).size());
    }

    @Test
    void missingFileAndMismatchedCounts() throws IOException {
        write("train", 4, 5, false);
        Datasets.NotFoundException nf = assertThrows(Datasets.NotFoundException.class,
                () -> Datasets.fashionMnist(dir, Datasets.Split.TEST));
        assertTrue(nf.getMessage().contains("t10k-images-idx3-ubyte") && nf.getMessage().contains("apt-get install dataset-fashion-mnist"),
                nf.getMessage());
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Datasets.fashionMnist(dir, Datasets.Split.TRAIN));
        assertTrue(e.getMessage().contains("expected 4 u8 labels"), e.getMessage());
        Files.delete(dir.resolve("train-labels-idx1-ubyte"));
        assertThrows(Datasets.NotFoundException.class, () -> Datasets.fashionMnist(dir, Datasets.Split.TRAIN));
    }
}
