// SafeTensorsTest: round trips for every dtype (0-d and empty shapes included), BF16 rounding, the
// exact bytes of a small file checked against a hand-written layout and a fixture built in Python
// with json + struct, file order on reading, and atomic replacement.
package dev.tessera.io;

import dev.tessera.ops.Creation;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.tessera.io.IoTestFiles.assertSameTensor;
import static org.junit.jupiter.api.Assertions.*;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static LinkedHashMap<String, Tensor> everyDtype() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("f32", Creation.fromFlat(new float[] {1.5f, -2f, Float.MAX_VALUE, Float.MIN_VALUE, 0f, -0f}, DType.F32, new long[] {2, 3}));
        m.put("f64.scalar", Creation.fromFlat(new double[] {Math.PI}, DType.F64, new long[] {}));
        m.put("i32.empty", Creation.fromFlat(new int[0], DType.I32, new long[] {0, 4}));
        m.put("i64", Creation.fromFlat(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE, 42}, DType.I64, new long[] {5}));
        m.put("u8", Creation.fromFlat(new byte[] {0, 1, (byte) 200, (byte) 255}, DType.U8, new long[] {2, 1, 2}));
        m.put("bool", Creation.fromFlat(new byte[] {1, 0, 0}, DType.BOOL, new long[] {3}));
        m.put("f32.empty", Creation.fromFlat(new float[0], DType.F32, new long[] {3, 0}));
        return m;
    }

    @Test
    void everyDtypeRoundTripsThroughAFile() {
        Map<String, Tensor> in = everyDtype();
        Path p = dir.resolve("all.safetensors");
        SafeTensors.write(p, in, Map.of("format", "pt", "note", "ünïcode \"quoted\"\n"));
        SafeTensors.Contents c = SafeTensors.read(p);
        assertEquals(List.copyOf(in.keySet()), List.copyOf(c.tensors().keySet()), "names, in file order");
        for (String k : in.keySet()) assertSameTensor(in.get(k), c.tensors().get(k));
        assertEquals("ünïcode \"quoted\"\n", c.metadata().get("note"));
        assertEquals("I64", c.fileDtypes().get("i64"));
        assertEquals(4 * 6 + 8 + 0 + 8 * 5 + 4 + 3, bufferLength(p), "data buffer holds exactly the tensors");
    }

    @Test
    void exactBytesOfASmallFileMatchTheHandWrittenLayout() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("a", Creation.fromFlat(new float[] {1, 2, 3, 4}, DType.F32, new long[] {2, 2}));
        m.put("b", Creation.fromFlat(new long[] {5, 6, 7}, DType.I64, new long[] {3}));
        byte[] bytes = SafeTensors.toBytes(m, Map.of("format", "pt"), false);

        String json = "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[16,40]}}";
        assertEquals(143, json.length());
        String padded = json + " "; // 143 -> 144, a multiple of 8
        ByteBuffer expected = ByteBuffer.allocate(8 + 144 + 40).order(ByteOrder.LITTLE_ENDIAN);
        expected.putLong(144).put(padded.getBytes(StandardCharsets.US_ASCII));
        for (float f : new float[] {1, 2, 3, 4}) expected.putFloat(f);
        for (long v : new long[] {5, 6, 7}) expected.putLong(v);
        assertArrayEquals(expected.array(), bytes);
        assertArrayEquals(IoTestFiles.resource("two.safetensors"), bytes, "same bytes as the Python-built fixture");
    }

    @Test
    void readsTheFixtureBuiltInPython() {
        SafeTensors.Contents c = SafeTensors.read(IoTestFiles.resource("two.safetensors"), "two.safetensors");
        assertArrayEquals(new float[] {1, 2, 3, 4}, c.tensors().get("a").toFloatArray());
        assertArrayEquals(new long[] {2, 2}, c.tensors().get("a").shape());
        assertArrayEquals(new long[] {5, 6, 7}, c.tensors().get("b").toLongArray());
        assertEquals(Map.of("format", "pt"), c.metadata());
    }

    @Test
    void tensorsComeBackInDataOrderWhateverTheHeaderOrder() {
        byte[] f = IoTestFiles.safetensors("{\"y\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[3,5]},"
                + "\"x\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[0,3]}}", 5);
        SafeTensors.Contents c = SafeTensors.read(f, "mem");
        assertEquals(List.of("x", "y"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new long[] {3, 4}, c.tensors().get("y").toLongArray());
    }

    @Test
    void bf16RoundsToNearestEvenAndReadsIntoF32() {
        float half = 1f + (float) Math.pow(2, -8);          // exactly between 1 and 1 + 2^-7: ties to even (1)
        float threeHalves = 1f + 3 * (float) Math.pow(2, -8); // between 1+2^-7 and 1+2^-6: ties to even (1+2^-6)
        float above = 1f + (float) Math.pow(2, -8) + (float) Math.pow(2, -20);
        float[] in = {1f, -2.5f, half, threeHalves, above, Float.POSITIVE_INFINITY, Float.NaN, 3.4e38f};
        float[] want = {1f, -2.5f, 1f, 1f + (float) Math.pow(2, -6), 1f + (float) Math.pow(2, -7), Float.POSITIVE_INFINITY, Float.NaN,
                Float.POSITIVE_INFINITY};
        Map<String, Tensor> m = Map.of("w", Creation.fromFlat(in, DType.F32, new long[] {8}),
                "d", Creation.fromFlat(new double[] {0.5}, DType.F64, new long[] {1}),
                "i", Creation.fromFlat(new long[] {3}, DType.I64, new long[] {1}));
        Path p = dir.resolve("bf16.safetensors");
        SafeTensors.write(p, m, Map.of(), true);
        SafeTensors.Contents c = SafeTensors.read(p);
        assertEquals("BF16", c.fileDtypes().get("w"));
        assertEquals("BF16", c.fileDtypes().get("d"));
        assertEquals("I64", c.fileDtypes().get("i"), "integers are never converted");
        assertEquals(DType.F32, c.tensors().get("d").dtype());
        assertArrayEquals(want, c.tensors().get("w").toFloatArray());
        assertEquals(8 * 2 + 2 + 8, Files.exists(p) ? bufferLength(p) : -1);
    }

    @Test
    void writesAreAtomicAndLeaveNoTempFiles() throws Exception {
        Path p = dir.resolve("m.safetensors");
        Files.writeString(p, "old content");
        SafeTensors.write(p, everyDtype(), Map.of());
        assertEquals(7, SafeTensors.read(p).tensors().size());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p.getFileName().toString()), files.map(f -> f.getFileName().toString()).toList());
        }
        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("__metadata__", Tensor.zeros(1));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(p, bad, Map.of()));
        assertEquals(7, SafeTensors.read(p).tensors().size(), "a failed write leaves the old file");
    }

    private static long bufferLength(Path p) {
        byte[] b = readBytes(p);
        return b.length - 8 - ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static byte[] readBytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
