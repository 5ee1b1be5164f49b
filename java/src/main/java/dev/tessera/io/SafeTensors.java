// SafeTensors: the Hugging Face safetensors format (https://github.com/huggingface/safetensors),
// byte-compatible with what PyTorch's safetensors reads.
//
// Layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON
//   {"__metadata__":{"k":"v"},"name":{"dtype":"F32","shape":[2,3],"data_offsets":[begin,end]},...}
// then the data buffer; offsets are relative to the buffer's start, tensors are dense, row-major,
// little-endian, and together cover the buffer exactly (no holes, no overlaps).
//
// Writing (this class's choices; any order is valid for readers): compact JSON as serde_json writes
// it, "__metadata__" first (omitted when empty), then the tensors in the map's iteration order
// (for a module: its state-dict order), their data laid out in that same order; the header is
// padded with spaces so N is a multiple of 8 (as the reference writer does). Files are written
// atomically (temp file + fsync + rename). Dtypes: F32, F64, I32, I64, U8, BOOL; with bf16 = true,
// F32/F64 tensors are stored as BF16 (round to nearest even).
//
// Reading: every field is validated against the file length before anything is allocated; any
// problem is a TensorFileException naming the file and the problem. BF16 is read into F32 tensors.
// The returned tensors are in data-offset order (the order of their bytes in the file).
package dev.tessera.io;

import dev.tessera.nn.Module;
import dev.tessera.ops.Creation;
import dev.tessera.optim.Optimizer;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class SafeTensors {
    /** Headers longer than this are rejected before anything is allocated (the reference reader uses 100 MB too). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Highest tensor rank accepted when reading. */
    public static final int MAX_RANK = 64;
    static final String METADATA = "__metadata__";
    /** Where {@link #saveCheckpoint} puts the optimizer's tensors and scalars. */
    public static final String OPTIMIZER_PREFIX = "__optimizer__.";

    private SafeTensors() {}

    /** What {@link #read} found: tensors in file order, the metadata, and each tensor's dtype name in the file ("BF16"). */
    public record Contents(LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata, Map<String, String> fileDtypes) {}

    // ------------------------------------------------------------------ writing

    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) {
        write(path, tensors, metadata, false);
    }

    /** Writes atomically; with bf16, floating tensors are stored as BF16. */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata, boolean bf16) {
        byte[] header = header(tensors, metadata, bf16);
        AtomicFiles.write(path, ch -> writeTo(ch, header, tensors, bf16));
    }

    /** The whole file as bytes (for small state and tests). */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata, boolean bf16) {
        byte[] header = header(tensors, metadata, bf16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(Channels.newChannel(out), header, tensors, bf16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeTo(WritableByteChannel ch, byte[] header, Map<String, Tensor> tensors, boolean bf16) throws IOException {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
        Elements.writeFully(ch, len.flip());
        Elements.writeFully(ch, ByteBuffer.wrap(header));
        for (Tensor t : tensors.values()) Elements.write(ch, t, bf16 && t.dtype().isFloat(), ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata, boolean bf16) {
        if (tensors == null) throw new NullPointerException("safetensors write: tensors is null");
        StringBuilder json = new StringBuilder("{");
        if (metadata != null && !metadata.isEmpty()) {
            json.append(quote(METADATA)).append(":{");
            boolean first = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) throw new NullPointerException("safetensors write: null metadata key or value");
                if (!first) json.append(',');
                first = false;
                json.append(quote(e.getKey())).append(':').append(quote(e.getValue()));
            }
            json.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null || t == null) throw new NullPointerException("safetensors write: null tensor name or value");
            if (name.equals(METADATA)) throw new IllegalArgumentException("safetensors write: '" + METADATA + "' can't name a tensor");
            t.checkOpen("safetensors write");
            String dtype = bf16 && t.dtype().isFloat() ? "BF16" : dtypeName(t.dtype());
            long bytes = Math.multiplyExact(t.numel(), (long) (dtype.equals("BF16") ? 2 : t.dtype().size()));
            if (json.length() > 1) json.append(',');
            json.append(quote(name)).append(":{\"dtype\":\"").append(dtype).append("\",\"shape\":[");
            long[] shape = t.shapeRef();
            for (int d = 0; d < shape.length; d++) json.append(d == 0 ? "" : ",").append(shape[d]);
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        byte[] raw = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (raw.length + 7) / 8 * 8;
        byte[] out = java.util.Arrays.copyOf(raw, padded);
        java.util.Arrays.fill(out, raw.length, padded, (byte) ' ');
        return out;
    }

    /** A JSON string literal, escaped as serde_json does (non-ASCII stays raw UTF-8). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\b': b.append("\\b"); break;
                case '\f': b.append("\\f"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static String dtypeName(DType d) {
        switch (d) {
            case F32: return "F32";
            case F64: return "F64";
            case I32: return "I32";
            case I64: return "I64";
            case U8: return "U8";
            default: return "BOOL";
        }
    }

    /** The tensor dtype a file dtype is read into, or null when unsupported. */
    static DType dtypeOf(String name) {
        switch (name) {
            case "F32": case "BF16": return DType.F32;
            case "F64": return DType.F64;
            case "I32": return DType.I32;
            case "I64": return DType.I64;
            case "U8": return DType.U8;
            case "BOOL": return DType.BOOL;
            default: return null;
        }
    }

    // ------------------------------------------------------------------ reading

    public static Contents read(Path path) {
        try (ByteSource src = ByteSource.open(path)) {
            return read(src);
        }
    }

    /** Reads a safetensors file held in memory; {@code name} is used in error messages. */
    public static Contents read(byte[] data, String name) {
        return read(ByteSource.of(data, name));
    }

    private record Entry(String name, String fileDtype, DType dtype, long[] shape, long begin, long end) {}

    private static Contents read(ByteSource src) {
        long size = src.size();
        if (size < 8) throw src.error("truncated: " + size + " bytes is too short for the 8-byte header length");
        long n = ByteBuffer.wrap(src.bytes(0, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw src.error("header length " + Long.toUnsignedString(n) + " is larger than the " + MAX_HEADER_BYTES + "-byte limit");
        }
        if (n > size - 8) throw src.error("header length " + n + " is past the end of the file (" + size + " bytes)");
        if (n < 2) throw src.error("header length " + n + " is too short for a JSON object");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(src.bytes(8, (int) n))).toString();
        } catch (CharacterCodingException e) {
            throw src.error("header is not valid UTF-8");
        }
        if (text.charAt(0) != '{') throw src.error("header does not start with '{'");
        Object root = StrictJson.parse(text, src.name);
        if (!(root instanceof Map)) throw src.error("header is not a JSON object");
        long bufferLen = size - 8 - n;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) root).entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA)) metadata = metadata(src, e.getValue());
            else entries.add(entry(src, name, e.getValue(), bufferLen));
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        String previous = null;
        for (Entry e : entries) {
            if (e.begin < at) throw src.error("tensor '" + e.name + "' overlaps '" + previous + "' (offsets begin at " + e.begin + ", before " + at + ")");
            if (e.begin > at) throw src.error("hole in the data buffer: bytes " + at + ".." + e.begin + " belong to no tensor (before '" + e.name + "')");
            at = e.end;
            previous = e.name;
        }
        if (at != bufferLen) throw src.error("tensors cover " + at + " bytes but the data buffer has " + bufferLen + " (no trailing bytes allowed)");
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> fileDtypes = new LinkedHashMap<>();
        try {
            for (Entry e : entries) {
                long count = (e.end - e.begin) / (e.fileDtype.equals("BF16") ? 2 : e.dtype.size());
                Object flat = Elements.read(src, 8 + n + e.begin, e.dtype, e.fileDtype.equals("BF16"), (int) count, ByteOrder.LITTLE_ENDIAN);
                tensors.put(e.name, Creation.fromFlat(flat, e.dtype, e.shape));
                fileDtypes.put(e.name, e.fileDtype);
            }
        } catch (RuntimeException ex) {
            for (Tensor t : tensors.values()) t.close();
            throw ex;
        }
        return new Contents(tensors, Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(fileDtypes));
    }

    private static Map<String, String> metadata(ByteSource src, Object value) {
        if (!(value instanceof Map)) throw src.error("'" + METADATA + "' is not an object");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (!(e.getValue() instanceof String)) throw src.error("metadata value for '" + e.getKey() + "' is not a string");
            out.put((String) e.getKey(), (String) e.getValue());
        }
        return out;
    }

    private static Entry entry(ByteSource src, String name, Object value, long bufferLen) {
        String what = "tensor '" + name + "'";
        if (!(value instanceof Map)) throw src.error(what + " is not an object");
        Map<?, ?> m = (Map<?, ?>) value;
        for (Object k : m.keySet()) {
            if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) throw src.error(what + " has an unknown field '" + k + "'");
        }
        if (!(m.get("dtype") instanceof String)) throw src.error(what + " has no string 'dtype'");
        String fileDtype = (String) m.get("dtype");
        DType dtype = dtypeOf(fileDtype);
        if (dtype == null) throw src.error(what + " has unsupported dtype '" + fileDtype + "' (supported: F32, F64, BF16, I32, I64, U8, BOOL)");
        long[] shape = longs(src, what + " 'shape'", m.get("shape"), -1);
        if (shape.length > MAX_RANK) throw src.error(what + " has rank " + shape.length + ", more than " + MAX_RANK);
        long[] offsets = longs(src, what + " 'data_offsets'", m.get("data_offsets"), 2);
        long begin = offsets[0], end = offsets[1];
        if (begin > end) throw src.error(what + " has data_offsets [" + begin + ", " + end + "] with begin after end");
        if (end > bufferLen) throw src.error(what + " has data_offsets [" + begin + ", " + end + "] past the end of the " + bufferLen + "-byte data buffer");
        long numel = 1, nonzero = 1;
        try {
            for (long d : shape) {
                numel = Math.multiplyExact(numel, d);
                if (d != 0) nonzero = Math.multiplyExact(nonzero, d);
            }
        } catch (ArithmeticException ex) {
            throw src.error(what + " shape " + Shape.str(shape) + " has too many elements");
        }
        int size = fileDtype.equals("BF16") ? 2 : dtype.size();
        if (numel > (end - begin) / size || numel * size != end - begin) {
            throw src.error(what + " shape " + Shape.str(shape) + " of " + fileDtype + " needs " + (numel <= Long.MAX_VALUE / size ? numel * size + " bytes" : "more bytes than exist")
                    + " but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        if (numel > Integer.MAX_VALUE - 8) throw src.error(what + " has " + numel + " elements, too many for one Java array");
        return new Entry(name, fileDtype, dtype, shape, begin, end);
    }

    private static long[] longs(ByteSource src, String what, Object value, int length) {
        if (!(value instanceof List)) throw src.error(what + " is missing or not an array");
        List<?> list = (List<?>) value;
        if (length >= 0 && list.size() != length) throw src.error(what + " must have " + length + " entries, has " + list.size());
        if (list.size() > MAX_RANK) throw src.error(what + " has " + list.size() + " entries, more than " + MAX_RANK);
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = list.get(i);
            if (!(v instanceof Long)) throw src.error(what + " entry " + v + " is not an integer");
            if ((Long) v < 0) throw src.error(what + " entry " + v + " is negative");
            out[i] = (Long) v;
        }
        return out;
    }

    // ------------------------------------------------------------------ modules and optimizers

    /** Saves a module's state dict under its dotted names ("0.weight"), with metadata {"format": "pt"}. */
    public static void save(Path path, Module model) {
        save(path, model, Map.of());
    }

    /** As {@link #save(Path, Module)}, with more metadata entries (e.g. what trained the weights). */
    public static void save(Path path, Module model, Map<String, String> metadata) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("format", "pt");
        all.putAll(metadata);
        write(path, model.stateDict(), all);
    }

    /**
     * Loads weights saved by {@link #save} (or by PyTorch) into {@code model}, strictly: every
     * missing or unexpected name and every shape and dtype mismatch is reported in one exception,
     * and nothing is loaded unless everything fits. Returns the file's metadata.
     */
    public static Map<String, String> load(Path path, Module model) {
        Contents c = read(path);
        try {
            loadInto(path, model, c.tensors());
            return c.metadata();
        } finally {
            for (Tensor t : c.tensors().values()) t.close();
        }
    }

    private static void loadInto(Path path, Module model, Map<String, Tensor> state) {
        try {
            model.loadStateDict(state, true);
        } catch (IllegalArgumentException e) {
            throw new TensorFileException(path.toString(), e.getMessage(), e);
        }
    }

    /**
     * A training checkpoint: the model's state dict under its own names plus the optimizer's
     * tensors under {@link #OPTIMIZER_PREFIX} and its scalars (lr, steps) as metadata entries with
     * the same prefix (exact decimal text of the doubles).
     */
    public static void saveCheckpoint(Path path, Module model, Optimizer optimizer) {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>(model.stateDict());
        Optimizer.StateDict sd = optimizer.stateDict();
        for (Map.Entry<String, Tensor> e : sd.tensors().entrySet()) tensors.put(OPTIMIZER_PREFIX + e.getKey(), e.getValue());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        for (Map.Entry<String, Double> e : sd.scalars().entrySet()) metadata.put(OPTIMIZER_PREFIX + e.getKey(), Double.toString(e.getValue()));
        write(path, tensors, metadata);
    }

    /** Restores a {@link #saveCheckpoint} file into a model and an optimizer of the same kind. */
    public static void loadCheckpoint(Path path, Module model, Optimizer optimizer) {
        Contents c = read(path);
        try {
            LinkedHashMap<String, Tensor> weights = new LinkedHashMap<>();
            Map<String, Tensor> optTensors = new LinkedHashMap<>();
            Map<String, Double> scalars = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
                if (e.getKey().startsWith(OPTIMIZER_PREFIX)) optTensors.put(e.getKey().substring(OPTIMIZER_PREFIX.length()), e.getValue());
                else weights.put(e.getKey(), e.getValue());
            }
            for (Map.Entry<String, String> e : c.metadata().entrySet()) {
                if (!e.getKey().startsWith(OPTIMIZER_PREFIX)) continue;
                try {
                    scalars.put(e.getKey().substring(OPTIMIZER_PREFIX.length()), Double.parseDouble(e.getValue()));
                } catch (NumberFormatException ex) {
                    throw new TensorFileException(path.toString(), "optimizer scalar " + e.getKey() + " = '" + e.getValue() + "' is not a number");
                }
            }
            loadInto(path, model, weights);
            try {
                optimizer.loadStateDict(new Optimizer.StateDict(optTensors, scalars));
            } catch (IllegalArgumentException e) {
                throw new TensorFileException(path.toString(), e.getMessage(), e);
            }
        } finally {
            for (Tensor t : c.tensors().values()) t.close();
        }
    }
}
