// IdxFiles: writes small IDX files (plain or gzip) for the reader tests, including deliberately
// broken ones: any header bytes followed by any payload.
package dev.tessera.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

final class IdxFiles {
    private IdxFiles() {}

    /** Header for type code and dims (dims as unsigned 32-bit). */
    static byte[] header(int typeCode, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) dims.length);
        for (long d : dims) b.putInt((int) d);
        return b.array();
    }

    /** Big-endian payload of a primitive array (byte[], short[], int[], float[], double[]). */
    static byte[] payload(Object data) {
        if (data instanceof byte[]) return (byte[]) data;
        ByteBuffer b;
        if (data instanceof short[]) { short[] v = (short[]) data; b = alloc(2 * v.length); b.asShortBuffer().put(v); }
        else if (data instanceof int[]) { int[] v = (int[]) data; b = alloc(4 * v.length); b.asIntBuffer().put(v); }
        else if (data instanceof float[]) { float[] v = (float[]) data; b = alloc(4 * v.length); b.asFloatBuffer().put(v); }
        else { double[] v = (double[]) data; b = alloc(8 * v.length); b.asDoubleBuffer().put(v); }
        return b.array();
    }

    private static ByteBuffer alloc(int n) { return ByteBuffer.allocate(n).order(ByteOrder.BIG_ENDIAN); }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static Path write(Path file, byte[] bytes, boolean gzip) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); OutputStream o = gzip ? new GZIPOutputStream(out) : out) {
            o.write(bytes);
        }
        return file;
    }

    static Path write(Path file, Idx.Type type, long[] shape, Object data, boolean gzip) throws IOException {
        return write(file, concat(header(type.code, shape), payload(data)), gzip);
    }
}
