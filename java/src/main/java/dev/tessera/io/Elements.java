// Elements: moves tensor elements between files and flat Java arrays in bounded chunks (1 MiB), in
// a given byte order, so neither reading nor writing ever needs a second full-size buffer. BF16 is
// a storage format only: it is read into F32 and written from F32 with round-to-nearest-even.
package dev.tessera.io;

import dev.tessera.ops.Creation;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

final class Elements {
    static final int CHUNK = 1 << 20;

    private Elements() {}

    /** A flat array (as Creation.fromFlat takes it) of n elements stored at pos; bf16 reads 2-byte floats into float[]. */
    static Object read(ByteSource src, long pos, DType dtype, boolean bf16, int n, ByteOrder order) {
        int size = bf16 ? 2 : dtype.size();
        Object flat = newFlat(dtype, n);
        int perChunk = CHUNK / size;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, (long) n * size)).order(order);
        for (int at = 0; at < n; ) {
            int k = Math.min(perChunk, n - at);
            buf.clear().limit(k * size);
            src.read(pos + (long) at * size, buf);
            buf.flip();
            if (bf16) {
                float[] f = (float[]) flat;
                for (int j = 0; j < k; j++) f[at + j] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
            } else {
                switch (dtype) {
                    case F32: buf.asFloatBuffer().get((float[]) flat, at, k); break;
                    case F64: buf.asDoubleBuffer().get((double[]) flat, at, k); break;
                    case I32: buf.asIntBuffer().get((int[]) flat, at, k); break;
                    case I64: buf.asLongBuffer().get((long[]) flat, at, k); break;
                    case BOOL: {
                        byte[] b = (byte[]) flat;
                        for (int j = 0; j < k; j++) b[at + j] = (byte) (buf.get() != 0 ? 1 : 0);
                        break;
                    }
                    default: buf.get((byte[]) flat, at, k);
                }
            }
            at += k;
        }
        return flat;
    }

    private static Object newFlat(DType dtype, int n) {
        switch (dtype) {
            case F32: return new float[n];
            case F64: return new double[n];
            case I32: return new int[n];
            case I64: return new long[n];
            default: return new byte[n];
        }
    }

    /** Writes t's elements in row-major order; bf16 stores floating tensors as bfloat16. */
    static void write(WritableByteChannel ch, Tensor t, boolean bf16, ByteOrder order) throws IOException {
        DType as = bf16 ? DType.F32 : t.dtype();
        Object flat = Creation.toFlatArray(t, as);
        int n = java.lang.reflect.Array.getLength(flat);
        int size = bf16 ? 2 : as.size();
        int perChunk = CHUNK / size;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1L, (long) n * size))).order(order);
        for (int at = 0; at < n; ) {
            int k = Math.min(perChunk, n - at);
            buf.clear();
            if (bf16) {
                float[] f = (float[]) flat;
                for (int j = 0; j < k; j++) buf.putShort(toBf16(f[at + j]));
            } else {
                switch (as) {
                    case F32: buf.asFloatBuffer().put((float[]) flat, at, k); break;
                    case F64: buf.asDoubleBuffer().put((double[]) flat, at, k); break;
                    case I32: buf.asIntBuffer().put((int[]) flat, at, k); break;
                    case I64: buf.asLongBuffer().put((long[]) flat, at, k); break;
                    case BOOL: {
                        boolean[] b = (boolean[]) flat;
                        for (int j = 0; j < k; j++) buf.put((byte) (b[at + j] ? 1 : 0));
                        break;
                    }
                    default: buf.put((byte[]) flat, at, k);
                }
                buf.position(k * size);
            }
            buf.flip();
            while (buf.hasRemaining()) ch.write(buf);
            at += k;
        }
    }

    /** F32 to bfloat16 bits, rounding to nearest even; NaN stays a (quiet) NaN of the same sign. */
    static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x0040);
        int rounded = bits + 0x7fff + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }

    static void writeFully(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }
}
