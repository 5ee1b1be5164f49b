// MalformedFilesTest: every rejection rule of the safetensors and .npy readers gives a
// TensorFileException naming the file and the problem; plus a seeded fuzz of 5,000 mutated files
// that must each either read or throw TensorFileException, quickly, never anything else.
package dev.tessera.io;

import dev.tessera.ops.Creation;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.tessera.io.IoTestFiles.safetensors;
import static org.junit.jupiter.api.Assertions.*;

class MalformedFilesTest {
    private static final String A = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    private static void rejects(byte[] file, String expect) {
        TensorFileException e = assertThrows(TensorFileException.class, () -> SafeTensors.read(file, "bad.safetensors"));
        assertTrue(e.getMessage().startsWith("bad.safetensors: "), e.getMessage());
        assertTrue(e.getMessage().contains(expect), "'" + e.getMessage() + "' should mention '" + expect + "'");
    }

    private static byte[] withLength(long n, int total) {
        return ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }

    @Test
    void safetensorsRejections() {
        rejects(new byte[5], "too short");
        rejects(withLength(100, 50), "past the end");
        rejects(withLength(1L << 40, 16), "limit");
        rejects(withLength(-1, 16), "limit");
        rejects(safetensors("{\"a\":", 0), "bad JSON");
        rejects(safetensors("[1,2]", 0), "does not start with '{'");
        rejects(safetensors("{\"a\":1}", 0), "is not an object");
        rejects(safetensors("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "unsupported dtype 'F16'");
        rejects(safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "needs 12 bytes");
        rejects(safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8), "negative");
        rejects(safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", 8), "not an integer");
        rejects(safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,99999999999999999999]}}", 8), "out of range");
        rejects(safetensors("{" + A + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "overlaps");
        rejects(safetensors("{" + A + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16), "hole");
        rejects(safetensors("{" + A + "}", 12), "no trailing bytes");
        rejects(safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8), "past the end of the 8-byte data buffer");
        rejects(safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8), "begin after end");
        rejects(safetensors("{" + A + "," + A + "}", 8), "duplicate key");
        rejects(safetensors("{\"a\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296,4],\"data_offsets\":[0,0]}}", 0), "too many elements");
        rejects(safetensors("{\"a\":{\"dtype\":\"U8\",\"shape\":[0,4294967296,4294967296],\"data_offsets\":[0,0]}}", 0), "too many elements");
        rejects(safetensors("{\"__metadata__\":{\"k\":1}}", 0), "not a string");
        rejects(safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", 8), "unknown field");
        rejects(safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8), "'data_offsets' is missing");
        rejects(safetensors("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", 0), "nested deeper");
        byte[] badUtf8 = safetensors("{\"\u00e9\":1}", 0);
        badUtf8[10] = (byte) 0xff;
        rejects(badUtf8, "UTF-8");
        assertEquals(0, SafeTensors.read(safetensors("{}", 0), "empty").tensors().size(), "an empty file is valid");
    }

    private static void npyRejects(byte[] file, String expect) {
        TensorFileException e = assertThrows(TensorFileException.class, () -> Npy.read(file, "bad.npy"));
        assertTrue(e.getMessage().startsWith("bad.npy: ") && e.getMessage().contains(expect), e.getMessage());
    }

    private static byte[] npy(String header, int dataLen) {
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + dataLen).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h);
        return b.array();
    }

    @Test
    void npyRejections() {
        npyRejects(new byte[4], "too short");
        npyRejects("not a npy file at all".getBytes(), "bad magic");
        byte[] v9 = npy("{}", 0);
        v9[6] = 9;
        npyRejects(v9, "version 9.0");
        byte[] past = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4);
        past[8] = (byte) 0xff;
        npyRejects(past, "past the end");
        npyRejects(npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", 8), "unsupported descr");
        npyRejects(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 8), "needs 12 data bytes");
        npyRejects(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-3,), }", 8), "non-negative");
        npyRejects(npy("{'descr': '<f4', 'fortran_order': False}", 8), "keys must be");
        npyRejects(npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8), "duplicate");
        npyRejects(npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", 8), "unsupported value");
        npyRejects(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4), }", 0), "too many elements");
        byte[] be = npy("{'descr': '>i4', 'fortran_order': False, 'shape': (1,), }", 4);
        for (int i = 0; i < 4; i++) be[be.length - 4 + i] = (byte) i;
        Tensor big = Npy.read(be, "be");
        assertEquals(0x00010203, big.toIntArray()[0], "big-endian data is read as such");
    }

    @Test
    void fuzzedFilesEitherReadOrThrowTheDocumentedException() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Creation.fromFlat(new float[] {1, 2, 3, 4, 5, 6}, DType.F32, new long[] {2, 3}));
        m.put("b", Creation.fromFlat(new long[] {7, 8}, DType.I64, new long[] {2}));
        m.put("s", Creation.fromFlat(new double[] {9}, DType.F64, new long[] {}));
        m.put("flags", Creation.fromFlat(new byte[] {1, 0}, DType.BOOL, new long[] {2}));
        List<byte[]> safeSeeds = List.of(SafeTensors.toBytes(m, Map.of("format", "pt"), false), SafeTensors.toBytes(m, Map.of(), true),
                IoTestFiles.resource("two.safetensors"));
        List<byte[]> npySeeds = List.of(Npy.toBytes(m.get("w")), Npy.toBytes(m.get("s")), IoTestFiles.resource("f32_fortran_2x3.npy"),
                IoTestFiles.resource("i32_v2.npy"));
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random r = new Random(20240611L);
            for (int iter = 0; iter < 5000; iter++) {
                boolean isNpy = iter % 4 == 3;
                List<byte[]> seeds = isNpy ? npySeeds : safeSeeds;
                byte[] f = mutate(seeds.get(r.nextInt(seeds.size())), r, isNpy);
                try {
                    if (isNpy) Npy.read(f, "fuzz").close();
                    else for (Tensor t : SafeTensors.read(f, "fuzz").tensors().values()) t.close();
                    outcomes[0]++;
                } catch (TensorFileException expected) {
                    outcomes[1]++;
                } catch (Throwable other) {
                    fail("iteration " + iter + ": " + other + " for bytes " + Arrays.toString(Arrays.copyOf(f, Math.min(f.length, 200))), other);
                }
            }
        });
        assertTrue(outcomes[0] > 50 && outcomes[1] > 1000, "both outcomes happen: read " + outcomes[0] + ", rejected " + outcomes[1]);
    }

    private static final String PUNCT = "{}[]\",:0123456789-.eE \\u'()TF";

    private static byte[] mutate(byte[] seed, Random r, boolean npy) {
        byte[] f = seed.clone();
        int rounds = 1 + r.nextInt(3);
        for (int k = 0; k < rounds; k++) {
            int headerEnd = Math.min(f.length, npy ? 128 : 8 + 160);
            switch (r.nextInt(7)) {
                case 0: if (f.length > 0) { int i = r.nextInt(f.length); f[i] ^= (byte) (1 << r.nextInt(8)); } break;
                case 1: if (headerEnd > 0) f[r.nextInt(headerEnd)] = (byte) PUNCT.charAt(r.nextInt(PUNCT.length())); break;
                case 2: f = Arrays.copyOf(f, r.nextInt(f.length + 1)); break;
                case 3: if (f.length >= 12) {
                    ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
                    long[] choices = {0, 1, 7, f.length, f.length - 8, 1L << 31, 1L << 62, -1, b.getLong(0) + r.nextInt(9) - 4};
                    if (npy) b.putShort(8, (short) choices[r.nextInt(choices.length)]);
                    else b.putLong(0, choices[r.nextInt(choices.length)]);
                } break;
                case 4: if (f.length > 0) {
                    int at = r.nextInt(f.length);
                    byte[] g = new byte[f.length + 1];
                    System.arraycopy(f, 0, g, 0, at);
                    g[at] = (byte) r.nextInt(256);
                    System.arraycopy(f, at, g, at + 1, f.length - at);
                    f = g;
                } break;
                case 5: if (f.length > 1) {
                    int at = r.nextInt(f.length);
                    byte[] g = new byte[f.length - 1];
                    System.arraycopy(f, 0, g, 0, at);
                    System.arraycopy(f, at + 1, g, at, f.length - at - 1);
                    f = g;
                } break;
                default: if (headerEnd > 0) f[r.nextInt(headerEnd)] = (byte) r.nextInt(256);
            }
        }
        return f;
    }
}
