// AtomicFiles: writes a file so readers see either the old content or the complete new one: the
// bytes go to a temp file in the same directory, are fsynced, then renamed over the target with
// ATOMIC_MOVE (REPLACE_EXISTING where the file system can't move atomically). On failure the temp
// file is deleted and the target is untouched. Every file Tessera writes for users (safetensors,
// .npy/.npz, plots) goes through here.
package dev.tessera.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the content to the temp file's channel. */
    public interface Writer { void write(FileChannel ch) throws IOException; }

    /** Writes {@code target} atomically; an IOException becomes an UncheckedIOException naming the target. */
    public static void write(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writer.write(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": write failed", e);
        } finally {
            if (tmp != null) {
                try { Files.deleteIfExists(tmp); } catch (IOException ignored) { }
            }
        }
    }
}
