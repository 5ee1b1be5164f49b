// Idx: reader for the IDX format of (Fashion-)MNIST. A file is: two zero bytes, a type byte, the
// number of dimensions, each dimension as a big-endian u32, then the values, big-endian, row-major.
// Plain and gzip files are both read (gzip is detected by its magic 1f 8b). The header is checked
// against the file before anything large is allocated, and a truncated or padded file is an error
// that names the file and the expected and actual sizes.
package dev.tessera.data;

import dev.tessera.ops.Creation;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

public final class Idx {
    private Idx() {}

    /** Largest gzip expansion (deflate's limit is about 1032:1), used to reject impossible headers early. */
    private static final long MAX_GZIP_RATIO = 1100;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** The IDX element types, with their type byte and size in bytes. */
    public enum Type {
        U8(0x08, 1), I8(0x09, 1), I16(0x0B, 2), I32(0x0C, 4), F32(0x0D, 4), F64(0x0E, 8);

        public final int code;
        public final int size;

        Type(int code, int size) {
            this.code = code;
            this.size = size;
        }

        public static Type fromCode(int code) {
            for (Type t : values()) if (t.code == code) return t;
            return null;
        }

        /** The tensor dtype that holds this type: u8, i32 (for i8, i16, i32), f32 or f64. */
        public DType dtype() {
            switch (this) {
                case U8: return DType.U8;
                case F32: return DType.F32;
                case F64: return DType.F64;
                default: return DType.I32;
            }
        }
    }

    /**
     * The decoded contents of an IDX file. data is byte[] for U8 (unsigned: mask with 0xFF) and I8
     * (signed), short[] for I16, int[] for I32, float[] for F32 and double[] for F64.
     */
    public record Contents(Type type, long[] shape, Object data) {
        public long numel() { return Shape.numel(shape); }

        /** A CPU tensor of {@link Type#dtype()} with the file's shape. */
        public Tensor toTensor() {
            Object flat = data;
            if (type == Type.I8) {
                byte[] b = (byte[]) data;
                int[] v = new int[b.length];
                for (int i = 0; i < b.length; i++) v[i] = b[i];
                flat = v;
            } else if (type == Type.I16) {
                short[] s = (short[]) data;
                int[] v = new int[s.length];
                for (int i = 0; i < s.length; i++) v[i] = s[i];
                flat = v;
            }
            return Creation.fromFlat(flat, type.dtype(), shape.clone());
        }
    }

    /** Reads an IDX file (plain or gzip) as a tensor of the matching dtype (see {@link Type#dtype()}). */
    public static Tensor readTensor(Path file) throws IOException {
        return read(file).toTensor();
    }

    /** Reads an IDX file (plain or gzip) into a Java array of its element type. */
    public static Contents read(Path file) throws IOException {
        long fileSize = Files.size(file);
        boolean gzip;
        try (InputStream probe = Files.newInputStream(file)) {
            gzip = probe.read() == 0x1f && probe.read() == 0x8b;
        }
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : new BufferedInputStream(raw, 1 << 16)) {
            return read(file, in, gzip, fileSize);
        } catch (ZipException e) {
            throw new IOException(file + ": corrupt gzip data: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated gzip file (" + fileSize + " bytes): " + e.getMessage(), e);
        }
    }

    private static Contents read(Path file, InputStream in, boolean gzip, long fileSize) throws IOException {
        String what = gzip ? "(decompressed) " : "";
        byte[] head = new byte[4];
        int got = in.readNBytes(head, 0, 4);
        if (got < 4) throw new IOException(file + ": not an IDX file: only " + got + " bytes " + what + "(an IDX header has at least 4)");
        if (head[0] != 0 || head[1] != 0) {
            throw new IOException(String.format("%s: not an IDX file: bad magic %02x %02x %02x %02x (expected 00 00 <type> <dims>)",
                    file, head[0] & 0xFF, head[1] & 0xFF, head[2] & 0xFF, head[3] & 0xFF));
        }
        Type type = Type.fromCode(head[2] & 0xFF);
        if (type == null) {
            throw new IOException(String.format("%s: unknown IDX type byte 0x%02x (known: 08 u8, 09 i8, 0b i16, 0c i32, 0d f32, 0e f64)",
                    file, head[2] & 0xFF));
        }
        int rank = head[3] & 0xFF;
        byte[] dimBytes = new byte[4 * rank];
        got = in.readNBytes(dimBytes, 0, dimBytes.length);
        long headerBytes = 4 + 4L * rank;
        if (got < dimBytes.length) {
            throw new IOException(file + ": truncated IDX header: " + rank + " dimensions need " + headerBytes + " bytes, file has "
                    + (4 + got) + " " + what);
        }
        long[] shape = new long[rank];
        ByteBuffer db = ByteBuffer.wrap(dimBytes).order(ByteOrder.BIG_ENDIAN);
        long count = 1;
        boolean overflow = false;
        for (int i = 0; i < rank; i++) {
            shape[i] = db.getInt() & 0xFFFFFFFFL;
            try {
                count = Math.multiplyExact(count, shape[i]);
            } catch (ArithmeticException e) {
                overflow = true;
            }
        }
        long dataBytes = overflow ? Long.MAX_VALUE : multiplySaturated(count, type.size);
        String claim = file + ": IDX header (" + type + ", shape " + Arrays.toString(shape) + ") declares "
                + (overflow ? "more than 2^63" : String.valueOf(dataBytes)) + " data bytes";
        if (!gzip && dataBytes != fileSize - headerBytes) {
            throw new IOException(claim + ", but the file has " + (fileSize - headerBytes) + " after its " + headerBytes
                    + "-byte header" + (dataBytes > fileSize - headerBytes ? " (truncated or corrupt file)" : " (trailing bytes)"));
        }
        if (gzip && dataBytes > fileSize * MAX_GZIP_RATIO) {
            throw new IOException(claim + ", more than a " + fileSize + "-byte gzip file can hold (corrupt header?)");
        }
        if (dataBytes > MAX_ARRAY) throw new IOException(claim + ", more than one Java array can hold (2^31 bytes)");
        byte[] bytes = readData(file, in, (int) dataBytes, gzip);
        return new Contents(type, shape, decode(type, bytes));
    }

    private static long multiplySaturated(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi != 0 || lo < 0) ? Long.MAX_VALUE : lo;
    }

    /** Reads exactly n bytes; the buffer grows with what actually arrives, so a lying gzip header cannot force a huge allocation. */
    private static byte[] readData(Path file, InputStream in, int n, boolean gzip) throws IOException {
        byte[] buf = new byte[Math.min(n, 64 << 20)];
        int have = 0;
        while (have < n) {
            if (have == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
            int r = in.read(buf, have, buf.length - have);
            if (r < 0) {
                throw new IOException(file + ": truncated IDX file: header declares " + n + " data bytes, "
                        + (gzip ? "the decompressed stream has " : "the file has ") + have);
            }
            have += r;
        }
        if (in.read() >= 0) {
            throw new IOException(file + ": IDX file has data after the " + n + " bytes its header declares"
                    + (gzip ? " (decompressed)" : ""));
        }
        return buf;
    }

    private static Object decode(Type type, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        switch (type) {
            case U8: case I8: return bytes;
            case I16: { short[] v = new short[bytes.length / 2]; b.asShortBuffer().get(v); return v; }
            case I32: { int[] v = new int[bytes.length / 4]; b.asIntBuffer().get(v); return v; }
            case F32: { float[] v = new float[bytes.length / 4]; b.asFloatBuffer().get(v); return v; }
            case F64: { double[] v = new double[bytes.length / 8]; b.asDoubleBuffer().get(v); return v; }
            default: throw new AssertionError(type);
        }
    }
}
