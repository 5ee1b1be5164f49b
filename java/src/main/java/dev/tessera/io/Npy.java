// Npy: NumPy's .npy format for one tensor (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
//
// Layout: "\x93NUMPY", major and minor version bytes, the header length (uint16 LE in v1.0, uint32
// LE in v2.0/v3.0), then a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// padded with spaces and a final '\n' so the data starts on a 64-byte boundary, then the raw data.
//
// Writing produces exactly what numpy.save writes (v1.0, little-endian, C order, numpy's growth-axis
// padding). Reading accepts v1/v2/v3, descr '<f4' '<f8' '<i4' '<i8' '|u1' '|b1' (and their '>' big-endian
// or '=' spellings), fortran_order True (the data is transposed into a row-major tensor) and
// rejects anything else, or any size that doesn't match the file, with a TensorFileException.
package dev.tessera.io;

import dev.tessera.ops.Creation;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Npy {
    /** Longest header accepted when reading (numpy itself refuses more than 10,000 bytes by default). */
    public static final int MAX_HEADER_BYTES = 1 << 20;
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private Npy() {}

    // ------------------------------------------------------------------ writing

    /** Writes t atomically, as numpy.save would. */
    public static void save(Path path, Tensor t) {
        byte[] header = header(t);
        AtomicFiles.write(path, ch -> writeTo(ch, header, t));
    }

    /** The whole .npy file as bytes. */
    public static byte[] toBytes(Tensor t) {
        byte[] header = header(t);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(Channels.newChannel(out), header, t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeTo(WritableByteChannel ch, byte[] header, Tensor t) throws IOException {
        Elements.writeFully(ch, ByteBuffer.wrap(header));
        Elements.write(ch, t, false, ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] header(Tensor t) {
        t.checkOpen("npy save");
        long[] shape = t.shapeRef();
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr(t.dtype())).append("', 'fortran_order': False, 'shape': (");
        for (int d = 0; d < shape.length; d++) dict.append(d == 0 ? "" : ", ").append(shape[d]);
        dict.append(shape.length == 1 ? ",), }" : "), }");
        if (shape.length > 0) dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        int hlen = dict.length() + 1;
        int pad = ALIGN - ((MAGIC.length + 2 + 2 + hlen) % ALIGN);
        dict.append(" ".repeat(pad)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (text.length > 0xffff) throw new IllegalArgumentException("npy save: header too long for version 1.0");
        ByteBuffer b = ByteBuffer.allocate(10 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return b.array();
    }

    static String descr(DType d) {
        switch (d) {
            case F32: return "<f4";
            case F64: return "<f8";
            case I32: return "<i4";
            case I64: return "<i8";
            case U8: return "|u1";
            default: return "|b1";
        }
    }

    // ------------------------------------------------------------------ reading

    public static Tensor load(Path path) {
        try (ByteSource src = ByteSource.open(path)) {
            return read(src);
        }
    }

    /** Reads a .npy file held in memory; {@code name} is used in error messages. */
    public static Tensor read(byte[] data, String name) {
        return read(ByteSource.of(data, name));
    }

    private static Tensor read(ByteSource src) {
        long size = src.size();
        if (size < 10) throw src.error("truncated: " + size + " bytes is too short for a .npy header");
        byte[] head = src.bytes(0, 8);
        for (int i = 0; i < MAGIC.length; i++) if (head[i] != MAGIC[i]) throw src.error("not a .npy file (bad magic)");
        int major = head[6], minor = head[7];
        if (major < 1 || major > 3 || minor != 0) throw src.error("unsupported .npy version " + major + "." + minor);
        int lenBytes = major == 1 ? 2 : 4;
        if (size < 8 + lenBytes) throw src.error("truncated header length");
        ByteBuffer lb = ByteBuffer.wrap(src.bytes(8, lenBytes)).order(ByteOrder.LITTLE_ENDIAN);
        long hlen = major == 1 ? (lb.getShort() & 0xffff) : (lb.getInt() & 0xffffffffL);
        if (hlen > MAX_HEADER_BYTES) throw src.error("header length " + hlen + " is larger than the " + MAX_HEADER_BYTES + "-byte limit");
        long dataStart = 8 + lenBytes + hlen;
        if (dataStart > size) throw src.error("header length " + hlen + " is past the end of the file (" + size + " bytes)");
        String text = new String(src.bytes(8 + lenBytes, (int) hlen), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = new HeaderParser(text, src).dict();
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
            throw src.error("header keys must be exactly descr, fortran_order and shape, found " + dict.keySet());
        }
        if (!(dict.get("descr") instanceof String)) throw src.error("'descr' is not a string (structured dtypes are not supported)");
        String descr = (String) dict.get("descr");
        DType dtype = dtypeOf(descr);
        if (dtype == null) throw src.error("unsupported descr '" + descr + "' (supported: <f4 <f8 <i4 <i8 |u1 |b1)");
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (!(dict.get("fortran_order") instanceof Boolean)) throw src.error("'fortran_order' is not True or False");
        boolean fortran = (Boolean) dict.get("fortran_order");
        if (!(dict.get("shape") instanceof long[])) throw src.error("'shape' is not a tuple of integers");
        long[] shape = (long[]) dict.get("shape");
        if (shape.length > SafeTensors.MAX_RANK) throw src.error("rank " + shape.length + " is more than " + SafeTensors.MAX_RANK);
        long numel = 1;
        try {
            for (long d : shape) numel = Math.multiplyExact(numel, d);
            Math.multiplyExact(numel, (long) dtype.size());
        } catch (ArithmeticException e) {
            throw src.error("shape " + Shape.str(shape) + " has too many elements");
        }
        long have = size - dataStart;
        if (numel * dtype.size() != have) {
            throw src.error("shape " + Shape.str(shape) + " of " + descr + " needs " + numel * dtype.size() + " data bytes, the file has " + have);
        }
        if (numel > Integer.MAX_VALUE - 8) throw src.error(numel + " elements are too many for one Java array");
        Object flat = Elements.read(src, dataStart, dtype, false, (int) numel, order);
        if (!fortran || shape.length < 2) return Creation.fromFlat(flat, dtype, shape);
        long[] reversed = new long[shape.length];
        int[] perm = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            reversed[i] = shape[shape.length - 1 - i];
            perm[i] = shape.length - 1 - i;
        }
        try (Tensor columnMajor = Creation.fromFlat(flat, dtype, reversed); Tensor view = columnMajor.permute(perm)) {
            return view.copy();
        }
    }

    static DType dtypeOf(String descr) {
        if (descr.length() != 3) return null;
        char order = descr.charAt(0);
        String code = descr.substring(1);
        boolean oneByte = code.equals("u1") || code.equals("b1");
        if (oneByte ? order != '|' && order != '<' && order != '>' && order != '=' : order != '<' && order != '>' && order != '=') return null;
        switch (code) {
            case "f4": return DType.F32;
            case "f8": return DType.F64;
            case "i4": return DType.I32;
            case "i8": return DType.I64;
            case "u1": return DType.U8;
            case "b1": return DType.BOOL;
            default: return null;
        }
    }

    /** Parses the restricted Python literal numpy writes: a dict of str keys to str, bool or int-tuple values. */
    private static final class HeaderParser {
        private final String s;
        private final ByteSource src;
        private int i;

        HeaderParser(String s, ByteSource src) {
            this.s = s;
            this.src = src;
        }

        private TensorFileException error(String what) {
            return src.error("bad header at offset " + i + ": " + what);
        }

        private void ws() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) i++;
        }

        private char peek() {
            if (i >= s.length()) throw error("unexpected end");
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) throw error("expected '" + c + "'");
            i++;
        }

        Map<String, Object> dict() {
            ws();
            expect('{');
            Map<String, Object> out = new LinkedHashMap<>();
            while (true) {
                ws();
                if (peek() == '}') { i++; break; }
                String key = string();
                ws();
                expect(':');
                ws();
                Object v = value();
                if (out.containsKey(key)) throw error("duplicate key '" + key + "'");
                out.put(key, v);
                ws();
                if (peek() == ',') { i++; continue; }
                expect('}');
                break;
            }
            ws();
            if (i != s.length()) throw error("unexpected text after the dict");
            return out;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') return string();
            if (c == '(') return tuple();
            if (s.startsWith("True", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("False", i)) { i += 5; return Boolean.FALSE; }
            throw error("unsupported value");
        }

        private String string() {
            char q = peek();
            if (q != '\'' && q != '"') throw error("expected a quoted string");
            i++;
            int start = i;
            while (peek() != q) {
                if (s.charAt(i) == '\\') throw error("escapes are not supported in header strings");
                i++;
            }
            return s.substring(start, i++);
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (true) {
                ws();
                if (peek() == ')') { i++; break; }
                if (dims.size() >= SafeTensors.MAX_RANK) throw error("more than " + SafeTensors.MAX_RANK + " dimensions");
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) i++;
                if (i == start) throw error("expected a non-negative integer");
                try {
                    dims.add(Long.parseLong(s.substring(start, i)));
                } catch (NumberFormatException e) {
                    throw error("dimension out of range");
                }
                if (i < s.length() && s.charAt(i) == 'L') i++;
                ws();
                if (peek() == ',') { i++; continue; }
                expect(')');
                break;
            }
            return dims.stream().mapToLong(Long::longValue).toArray();
        }
    }
}
