// IoTestFiles: helpers shared by the io tests: fixture loading, a hand-built safetensors file
// from header text and a data length, and tensor comparison.
package dev.tessera.io;

import dev.tessera.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

final class IoTestFiles {
    private IoTestFiles() {}

    static byte[] resource(String name) {
        try (InputStream in = IoTestFiles.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing test resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 8-byte LE length, the header text as given (no padding), then dataLen bytes 0,1,2,... */
    static byte[] safetensors(String header, int dataLen) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataLen).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (int i = 0; i < dataLen; i++) b.put((byte) i);
        return b.array();
    }

    static void assertSameTensor(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype(), "dtype");
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), "values");
    }
}
