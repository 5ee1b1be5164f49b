// NpzTest: .npz archives written by numpy (savez and savez_compressed, test resources made with
// np.savez[_compressed](path, weights=np.arange(6, dtype=np.float32).reshape(2, 3),
// labels=np.array([3, 1, 2]))) load by name; our archives round trip in order; malformed archives
// (not a zip, truncated, a non-.npy entry, a corrupt entry, a bad .npy inside) and thousands of
// mutated ones are refused with a TensorFileException, never another exception.
package dev.tessera.io;

import dev.tessera.memory.Scope;
import dev.tessera.ops.Creation;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.tessera.io.IoTestFiles.assertSameTensor;
import static dev.tessera.io.IoTestFiles.resource;
import static org.junit.jupiter.api.Assertions.*;

class NpzTest {
    @TempDir
    Path dir;
    private Scope scope;

    @BeforeEach void open() { scope = Scope.open(); }

    @AfterEach void close() { scope.close(); }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return p;
    }

    @Test
    void loadsWhatNumpyWrites() throws IOException {
        Tensor weights = Creation.fromFlat(new float[] {0, 1, 2, 3, 4, 5}, DType.F32, new long[] {2, 3});
        Tensor labels = Creation.fromFlat(new long[] {3, 1, 2}, DType.I64, new long[] {3});
        for (String name : new String[] {"numpy_savez.npz", "numpy_savez_compressed.npz"}) {
            Map<String, Tensor> arrays = Npz.load(write(name, resource(name)));
            assertEquals(List.of("weights", "labels"), List.copyOf(arrays.keySet()), name);
            assertSameTensor(weights, arrays.get("weights"));
            assertSameTensor(labels, arrays.get("labels"));
        }
    }

    @Test
    void roundTripsInOrder() {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("z_last_name_first", Tensor.of(1.5, -2.0));
        arrays.put("layer/0.weight", Tensor.arange(12).reshape(3, 4).to(DType.F32));
        arrays.put("scalar", Tensor.scalar(DType.I32, 7));
        arrays.put("empty", Tensor.zeros(DType.U8, 0, 2));
        Path p = dir.resolve("mine.npz");
        Npz.save(p, arrays);
        Map<String, Tensor> back = Npz.load(p);
        assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
        for (String k : arrays.keySet()) assertSameTensor(arrays.get(k), back.get(k));
        assertThrows(IllegalArgumentException.class, () -> Npz.save(dir.resolve("bad.npz"), Map.of("", Tensor.of(1f))));
    }

    @Test
    void malformedArchivesAreRefusedWithTheFileAndEntry() throws IOException {
        Path notZip = write("text.npz", "just text, not a zip".getBytes(StandardCharsets.UTF_8));
        assertTrue(assertThrows(TensorFileException.class, () -> Npz.load(notZip)).getMessage().contains("not a valid .npz"));

        Map<String, Tensor> one = Map.of("a", Tensor.of(1f, 2f, 3f));
        Path good = dir.resolve("good.npz");
        Npz.save(good, one);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = write("truncated.npz", java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(TensorFileException.class, () -> Npz.load(truncated));

        byte[] corrupt = bytes.clone();
        int magic = new String(corrupt, StandardCharsets.ISO_8859_1).indexOf("NUMPY");
        corrupt[magic] ^= 0x20;
        TensorFileException crc = assertThrows(TensorFileException.class, () -> Npz.load(write("corrupt.npz", corrupt)));
        assertTrue(crc.getMessage().contains("entry 'a.npy' is corrupt"), crc.getMessage());

        Path text = zip("text-entry.npz", Map.of("readme.txt", new byte[] {1, 2}));
        assertTrue(assertThrows(TensorFileException.class, () -> Npz.load(text)).getMessage().contains("'readme.txt' is not a .npy array"));

        Path badNpy = zip("bad-npy.npz", Map.of("x.npy", "not an npy".getBytes(StandardCharsets.UTF_8)));
        TensorFileException inner = assertThrows(TensorFileException.class, () -> Npz.load(badNpy));
        assertTrue(inner.getMessage().contains("bad-npy.npz:x.npy"), inner.getMessage());
    }

    @Test
    void mutatedArchivesNeverEscapeAsAnotherException() throws IOException {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("w", Tensor.arange(20).reshape(4, 5).to(DType.F32));
        arrays.put("b", Tensor.of(1L, 2L));
        Path good = dir.resolve("fuzz.npz");
        Npz.save(good, arrays);
        byte[] bytes = Files.readAllBytes(good);
        byte[] compressed = resource("numpy_savez_compressed.npz");
        Random random = new Random(11);
        Path mutant = dir.resolve("mutant.npz");
        int refused = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] m = (i % 2 == 0 ? bytes : compressed).clone();
            for (int k = 1 + random.nextInt(4); k > 0; k--) m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            Files.write(mutant, m);
            try (Scope s = Scope.open()) {
                Npz.load(mutant);
            } catch (TensorFileException e) {
                refused++;
            }
        }
        assertTrue(refused > 100, "most mutations are caught: " + refused);
    }
}
