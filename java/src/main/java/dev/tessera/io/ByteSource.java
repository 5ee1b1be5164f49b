// ByteSource: random-access, bounds-checked reads from a file or an in-memory byte array, so the
// readers can validate sizes against size() before allocating and tests can feed mutated bytes
// without touching the disk. Every read past the end is a TensorFileException, never an EOF crash.
package dev.tessera.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

abstract class ByteSource implements AutoCloseable {
    final String name;

    ByteSource(String name) { this.name = name; }

    abstract long size();

    /** Fills dst's remaining bytes from position pos. */
    abstract void read(long pos, ByteBuffer dst);

    @Override
    public void close() {}

    TensorFileException error(String problem) { return new TensorFileException(name, problem); }

    /** A fresh array of n bytes from pos; n must already be known to fit in the source. */
    byte[] bytes(long pos, int n) {
        if (pos < 0 || n < 0 || pos + n > size()) throw error("truncated: needs " + n + " bytes at offset " + pos + ", file has " + size());
        byte[] out = new byte[n];
        read(pos, ByteBuffer.wrap(out));
        return out;
    }

    static ByteSource of(byte[] data, String name) {
        return new ByteSource(name) {
            long size() { return data.length; }

            void read(long pos, ByteBuffer dst) {
                int n = dst.remaining();
                if (pos < 0 || pos + n > data.length) throw error("truncated: needs " + n + " bytes at offset " + pos);
                dst.put(data, (int) pos, n);
            }
        };
    }

    static ByteSource open(Path path) {
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            long size = ch.size();
            return new ByteSource(path.toString()) {
                long size() { return size; }

                void read(long pos, ByteBuffer dst) {
                    try {
                        long at = pos;
                        while (dst.hasRemaining()) {
                            int r = ch.read(dst, at);
                            if (r < 0) throw error("truncated: file ended at offset " + at + " (was it changed while reading?)");
                            at += r;
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(name + ": read failed", e);
                    }
                }

                @Override
                public void close() {
                    try { ch.close(); } catch (IOException ignored) { }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot open", e);
        }
    }
}
