// The IDX reader: every IDX element type, plain and gzip, gives the right shape, dtype and values;
// broken files (truncated, padded, bad magic, unknown type, absurd dimensions) fail fast with a
// message naming the file and the sizes involved, without allocating what the header claims.
package dev.tessera.data;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class IdxTest {
    @TempDir Path dir;
    private Scope scope;

    @BeforeEach void open() { scope = Scope.open(); }
    @AfterEach void close() { scope.close(); }

    private Path file(String name, Idx.Type type, long[] shape, Object data, boolean gz) throws IOException {
        return IdxFiles.write(dir.resolve(name + (gz ? ".gz" : "")), type, shape, data, gz);
    }

    private static IOException fails(Path f, String... fragments) {
        IOException e = assertThrows(IOException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains(f.toString()), "message names the file: " + e.getMessage());
        for (String s : fragments) assertTrue(e.getMessage().contains(s), "message should contain '" + s + "': " + e.getMessage());
        return e;
    }

    @Test
    void u8ImagesPlainAndGzip() throws IOException {
        byte[] px = new byte[2 * 3 * 4];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 11); // up to 253: exercises unsigned values
        for (boolean gz : new boolean[] {false, true}) {
            Tensor t = Idx.readTensor(file("img", Idx.Type.U8, new long[] {2, 3, 4}, px, gz));
            assertEquals(DType.U8, t.dtype());
            assertArrayEquals(new long[] {2, 3, 4}, t.shape());
            int[] v = t.toIntArray();
            for (int i = 0; i < px.length; i++) assertEquals(px[i] & 0xFF, v[i], "pixel " + i + (gz ? " (gz)" : ""));
        }
    }

    @Test
    void everyTypeRoundTrips() throws IOException {
        long[] shape = {2, 3};
        Object[][] cases = {
            {Idx.Type.I8, new byte[] {-128, -1, 0, 1, 7, 127}, new double[] {-128, -1, 0, 1, 7, 127}, DType.I32},
            {Idx.Type.I16, new short[] {-32768, -2, 0, 3, 300, 32767}, new double[] {-32768, -2, 0, 3, 300, 32767}, DType.I32},
            {Idx.Type.I32, new int[] {Integer.MIN_VALUE, -5, 0, 6, 70000, Integer.MAX_VALUE},
                new double[] {Integer.MIN_VALUE, -5, 0, 6, 70000, Integer.MAX_VALUE}, DType.I32},
            {Idx.Type.F32, new float[] {-1.5f, 0, 0.25f, 3e10f, 1e-7f, 2}, new double[] {-1.5, 0, 0.25, 3e10f, 1e-7f, 2}, DType.F32},
            {Idx.Type.F64, new double[] {-1.5, 0, Math.PI, 1e300, -1e-300, 2}, new double[] {-1.5, 0, Math.PI, 1e300, -1e-300, 2}, DType.F64},
        };
        for (Object[] c : cases) {
            Idx.Type type = (Idx.Type) c[0];
            for (boolean gz : new boolean[] {false, true}) {
                Path f = file(type.name(), type, shape, c[1], gz);
                Idx.Contents raw = Idx.read(f);
                assertEquals(type, raw.type());
                assertArrayEquals(shape, raw.shape());
                Tensor t = raw.toTensor();
                assertEquals(c[3], t.dtype(), type + " maps to " + c[3]);
                assertArrayEquals(shape, t.shape());
                assertArrayEquals((double[]) c[2], t.toDoubleArray(), 0, type + (gz ? " gz" : " plain"));
            }
        }
    }

    @Test
    void labelsAndEmptyAndScalar() throws IOException {
        Tensor labels = Idx.readTensor(file("lab", Idx.Type.U8, new long[] {5}, new byte[] {9, 0, 3, 3, 1}, false));
        assertArrayEquals(new long[] {9, 0, 3, 3, 1}, labels.toLongArray());
        Tensor empty = Idx.readTensor(file("empty", Idx.Type.F32, new long[] {0, 28, 28}, new float[0], true));
        assertArrayEquals(new long[] {0, 28, 28}, empty.shape());
        Tensor scalar = Idx.readTensor(file("scalar", Idx.Type.I32, new long[0], new int[] {42}, false));
        assertEquals(0, scalar.dim());
        assertEquals(42, scalar.item());
    }

    @Test
    void truncatedFiles() throws IOException {
        byte[] full = IdxFiles.concat(IdxFiles.header(0x08, 10, 28, 28), new byte[10 * 784]);
        byte[] cut = Arrays.copyOf(full, full.length - 100);
        fails(IdxFiles.write(dir.resolve("cut"), cut, false), "7840", "7740", "truncated");
        fails(IdxFiles.write(dir.resolve("cut.gz"), cut, true), "7840", "7740", "truncated");
        // a gzip stream cut in the middle of its compressed data
        byte[] gz = Files.readAllBytes(IdxFiles.write(dir.resolve("whole.gz"), full, true));
        fails(IdxFiles.write(dir.resolve("cutstream.gz"), Arrays.copyOf(gz, gz.length / 2), false), "truncated");
        // header cut inside the dimensions, and a file shorter than the magic
        fails(IdxFiles.write(dir.resolve("head"), Arrays.copyOf(full, 9), false), "header", "16");
        fails(IdxFiles.write(dir.resolve("tiny"), new byte[] {0, 0}, false), "not an IDX file");
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        byte[] padded = IdxFiles.concat(IdxFiles.header(0x08, 4), new byte[] {1, 2, 3, 4, 5});
        fails(IdxFiles.write(dir.resolve("pad"), padded, false), "declares 4", "has 5", "trailing");
        fails(IdxFiles.write(dir.resolve("pad.gz"), padded, true), "data after the 4 bytes");
    }

    @Test
    void badMagicAndUnknownType() throws IOException {
        fails(IdxFiles.write(dir.resolve("text"), "hello, world".getBytes(), false), "bad magic", "68 65 6c 6c");
        fails(IdxFiles.write(dir.resolve("text.gz"), "hello, world".getBytes(), true), "bad magic");
        fails(IdxFiles.write(dir.resolve("type"), IdxFiles.concat(IdxFiles.header(0x07, 1), new byte[] {1}), false), "type byte 0x07");
    }

    @Test
    void absurdDimensionsFailWithoutAllocating() throws IOException {
        long huge = 0xFFFFFFFFL;
        Path[] files = {
            IdxFiles.write(dir.resolve("huge"), IdxFiles.concat(IdxFiles.header(0x0E, huge, huge, huge), new byte[64]), false),
            IdxFiles.write(dir.resolve("huge.gz"), IdxFiles.concat(IdxFiles.header(0x0E, huge, huge, huge), new byte[64]), true),
            IdxFiles.write(dir.resolve("big"), IdxFiles.concat(IdxFiles.header(0x08, 60000, 28, 28), new byte[64]), false),
            IdxFiles.write(dir.resolve("big.gz"), IdxFiles.concat(IdxFiles.header(0x0D, 1 << 20, 1 << 10), new byte[64]), true),
        };
        for (Path f : files) {
            long before = usedHeap();
            IOException e = fails(f, "declares");
            assertTrue(usedHeap() - before < (256L << 20), "no large allocation for " + f + ": " + e.getMessage());
        }
        fails(files[0], "more than 2^63");
        fails(files[2], "47040000", "truncated");
        fails(files[3], "gzip file can hold");
    }

    /** A gzip file whose header is believable for its size but whose data stops early: the buffer grows only with real data. */
    @Test
    void lyingGzipHeaderReadsOnlyWhatArrives() throws IOException {
        byte[] noise = new byte[5000]; // incompressible, so the gzip file is large enough to pass the ratio check
        new java.util.Random(1).nextBytes(noise);
        Path f = IdxFiles.write(dir.resolve("lie.gz"), IdxFiles.concat(IdxFiles.header(0x08, 1000, 1000), noise), true);
        fails(f, "declares 1000000", "has 5000");
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
