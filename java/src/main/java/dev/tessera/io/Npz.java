// Npz: NumPy's .npz archives, a zip of .npy files, one per named array (what numpy.savez writes and
// numpy.load reads back as a dict-like NpzFile).
//
// Writing does what numpy.savez does: one uncompressed (stored) entry "<name>.npy" per tensor, in the
// map's order, written atomically. Reading accepts stored and deflated entries (numpy.savez_compressed)
// and checks each entry before trusting it: only "<name>.npy" files, no duplicate names, the declared
// size within one Java array, exactly that many bytes and a matching CRC-32; the bytes then go through
// Npy's validating reader. A malformed archive is a TensorFileException naming the file and the entry.
package dev.tessera.io;

import dev.tessera.tensor.Tensor;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

public final class Npz {
    private static final String SUFFIX = ".npy";
    /** Largest entry read (one .npy file must fit in a Java byte array). */
    private static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 8;

    private Npz() {}

    /** Writes the tensors as entries "<name>.npy" of an uncompressed zip, atomically (as numpy.savez). */
    public static void save(Path path, Map<String, Tensor> arrays) {
        for (String name : arrays.keySet()) {
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("npz save: array names must be non-empty, got '" + name + "'");
        }
        AtomicFiles.write(path, ch -> {
            // The zip stream must not close the channel: AtomicFiles still has to fsync it.
            OutputStream keepOpen = new FilterOutputStream(Channels.newOutputStream(ch)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

                @Override
                public void close() throws IOException { flush(); }
            };
            try (ZipOutputStream zip = new ZipOutputStream(keepOpen)) {
                for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                    byte[] npy = Npy.toBytes(e.getValue());
                    CRC32 crc = new CRC32();
                    crc.update(npy);
                    ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(npy.length);
                    entry.setCompressedSize(npy.length);
                    entry.setCrc(crc.getValue());
                    zip.putNextEntry(entry);
                    zip.write(npy);
                    zip.closeEntry();
                }
            }
        });
    }

    /** Reads every array of an .npz file, by name (the entry name without ".npy"), in archive order. */
    public static LinkedHashMap<String, Tensor> load(Path path) {
        String file = path.toString();
        LinkedHashMap<String, Tensor> arrays = new LinkedHashMap<>();
        boolean complete = false;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = arrayName(file, entry);
                if (arrays.containsKey(name)) throw new TensorFileException(file, "two entries are named '" + entry.getName() + "'");
                byte[] npy = entryBytes(zip, entry, file);
                arrays.put(name, Npy.read(npy, file + ":" + entry.getName()));
            }
            complete = true;
            return arrays;
        } catch (ZipException e) {
            throw new TensorFileException(file, "not a valid .npz (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TensorFileException(file, "cannot read the archive: " + e.getMessage(), e);
        } finally {
            if (!complete) for (Tensor t : arrays.values()) t.close();
        }
    }

    private static String arrayName(String file, ZipEntry entry) {
        String entryName = entry.getName();
        if (entry.isDirectory() || !entryName.endsWith(SUFFIX) || entryName.length() == SUFFIX.length()) {
            throw new TensorFileException(file, "entry '" + entryName + "' is not a .npy array (an .npz holds only <name>.npy files)");
        }
        return entryName.substring(0, entryName.length() - SUFFIX.length());
    }

    /** The entry's bytes: exactly its declared size, with the CRC-32 its header records. */
    private static byte[] entryBytes(ZipFile zip, ZipEntry entry, String file) throws IOException {
        long size = entry.getSize();
        String where = "entry '" + entry.getName() + "'";
        if (size < 0) throw new TensorFileException(file, where + " does not declare its size");
        if (size > MAX_ENTRY_BYTES) throw new TensorFileException(file, where + " declares " + size + " bytes, more than one array can hold");
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes((int) size); // grows with the data that arrives, not with the declared size
            if (bytes.length < size) {
                throw new TensorFileException(file, where + " is truncated: " + bytes.length + " of its " + size + " bytes");
            }
            if (in.read() >= 0) throw new TensorFileException(file, where + " has more data than the " + size + " bytes it declares");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw new TensorFileException(file, where + " is corrupt (CRC-32 " + Long.toHexString(crc.getValue()) + ", the archive says "
                    + Long.toHexString(entry.getCrc()) + ")");
        }
        return bytes;
    }
}
