// Csv: numeric tables from CSV files as tensors: the chosen feature columns as f32 [rows, columns]
// and, optionally, one label column as its own tensor (i64 class indices by default, or a float
// dtype for regression targets).
//
//   Csv.Table t = Csv.format().delimiter(';').label("quality").read(Path.of("wine.csv"));
//   Dataset data = Dataset.of(t.features(), t.labels());
//
// A format is immutable; each setting returns a new one. Defaults: a header row, ',' between fields,
// every column except the label as a feature, no label. Fields may be quoted ("1,5" with the
// delimiter inside, "" for a quote); spaces around a field are ignored; blank lines are skipped.
// Columns are chosen by header name or by 0-based index. Every value must parse as a number: a bad one
// is an IllegalArgumentException naming the source, the line and column (both counted from 1, as an
// editor shows them), the column's name and the text.
package dev.tessera.data;

import dev.tessera.ops.Creation;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class Csv {

    /** A parsed table: features f32 [rows, columns], labels [rows] (null without a label column), feature names. */
    public record Table(Tensor features, Tensor labels, List<String> featureNames) implements AutoCloseable {
        /** Number of rows. */
        public long rows() { return features.size(0); }

        @Override
        public void close() {
            features.close();
            if (labels != null) labels.close();
        }
    }

    /** A column chosen by header name or by 0-based index. */
    private record Column(String name, int index) {
        static Column of(String name) { return new Column(name, -1); }

        static Column of(int index) { return new Column(null, index); }

        @Override
        public String toString() { return name != null ? "'" + name + "'" : "index " + index; }
    }

    private final boolean header;
    private final char delimiter;
    private final List<Column> features; // null: every column but the label
    private final Column label;
    private final DType labelDType;

    private Csv(boolean header, char delimiter, List<Column> features, Column label, DType labelDType) {
        this.header = header;
        this.delimiter = delimiter;
        this.features = features;
        this.label = label;
        this.labelDType = labelDType;
    }

    /** The default format: header row, ',' delimiter, all columns as features, no label. */
    public static Csv format() { return new Csv(true, ',', null, null, DType.I64); }

    /** Whether the first non-blank line names the columns. */
    public Csv header(boolean on) { return new Csv(on, delimiter, features, label, labelDType); }

    public Csv delimiter(char d) {
        if (d == '"' || d == '\n' || d == '\r') throw new IllegalArgumentException("csv: delimiter cannot be " + describe(d));
        return new Csv(header, d, features, label, labelDType);
    }

    /** The feature columns by header name, in this order. */
    public Csv columns(String... names) {
        List<Column> cs = new ArrayList<>();
        for (String n : names) cs.add(Column.of(n));
        return new Csv(header, delimiter, List.copyOf(cs), label, labelDType);
    }

    /** The feature columns by 0-based index, in this order. */
    public Csv columns(int... indices) {
        List<Column> cs = new ArrayList<>();
        for (int i : indices) cs.add(Column.of(i));
        return new Csv(header, delimiter, List.copyOf(cs), label, labelDType);
    }

    /** The label column by header name. */
    public Csv label(String name) { return new Csv(header, delimiter, features, Column.of(name), labelDType); }

    /** The label column by 0-based index. */
    public Csv label(int index) { return new Csv(header, delimiter, features, Column.of(index), labelDType); }

    /** The labels' dtype: I64 (class indices: every value must be a whole number), I32, F32 or F64. */
    public Csv labelDType(DType dtype) {
        if (dtype != DType.I64 && dtype != DType.I32 && dtype != DType.F32 && dtype != DType.F64) {
            throw new IllegalArgumentException("csv: labels can be i64, i32, f32 or f64, got " + dtype);
        }
        return new Csv(header, delimiter, features, label, dtype);
    }

    /** Reads a UTF-8 CSV file. */
    public Table read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
    }

    /** Reads CSV text; {@code source} names it in error messages. */
    public Table read(Reader text, String source) throws IOException {
        BufferedReader in = text instanceof BufferedReader b ? b : new BufferedReader(text);
        Parser p = new Parser(in, source);
        String[] names = null;
        String[] first = p.nextRecord();
        if (first == null) throw new IllegalArgumentException(source + ": no data (the file is empty)");
        int width = first.length;
        if (header) {
            names = Arrays.stream(first).map(String::strip).toArray(String[]::new);
            first = p.nextRecord();
        }
        int labelAt = label == null ? -1 : resolve(label, names, width, source);
        int[] featureAt = featureColumns(names, width, labelAt, source);
        FloatList values = new FloatList();
        double[] labels = new double[16];
        int rows = 0;
        for (String[] record = first; record != null; record = p.nextRecord()) {
            if (record.length != width) {
                throw new IllegalArgumentException(source + ": line " + p.line + " has " + record.length + " fields, the "
                        + (header ? "header" : "first line") + " has " + width);
            }
            for (int c : featureAt) values.add((float) p.number(record[c], c, names));
            if (labelAt >= 0) {
                if (rows == labels.length) labels = Arrays.copyOf(labels, Math.multiplyExact(rows, 2));
                labels[rows] = label(p, record[labelAt], labelAt, names);
            }
            rows++;
        }
        List<String> featureNames = new ArrayList<>();
        for (int c : featureAt) featureNames.add(names != null ? names[c] : "column " + c);
        Tensor x = Creation.fromFlat(values.toArray(), DType.F32, new long[] {rows, featureAt.length});
        Tensor y = labelAt < 0 ? null : labelTensor(Arrays.copyOf(labels, rows));
        return new Table(x, y, List.copyOf(featureNames));
    }

    private double label(Parser p, String field, int column, String[] names) {
        double v = p.number(field, column, names);
        if (labelDType.isIntegral() && (v != Math.rint(v) || Math.abs(v) > (labelDType == DType.I32 ? Integer.MAX_VALUE : 1L << 53))) {
            throw p.error(column, names, "label '" + field.strip() + "' is not a whole number (class labels are "
                    + labelDType + "; use labelDType(DType.F32) for regression targets)");
        }
        return v;
    }

    private Tensor labelTensor(double[] v) {
        long[] shape = {v.length};
        switch (labelDType) {
            case I64: return Creation.fromFlat(Arrays.stream(v).mapToLong(d -> (long) d).toArray(), DType.I64, shape);
            case I32: return Creation.fromFlat(Arrays.stream(v).mapToInt(d -> (int) d).toArray(), DType.I32, shape);
            case F64: return Creation.fromFlat(v, DType.F64, shape);
            default: {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
                return Creation.fromFlat(f, DType.F32, shape);
            }
        }
    }

    private int[] featureColumns(String[] names, int width, int labelAt, String source) {
        if (features == null) {
            int[] all = new int[labelAt < 0 ? width : width - 1];
            for (int c = 0, k = 0; c < width; c++) if (c != labelAt) all[k++] = c;
            return all;
        }
        int[] at = new int[features.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = resolve(features.get(i), names, width, source);
            if (at[i] == labelAt) throw new IllegalArgumentException("csv: column " + features.get(i) + " is both a feature and the label");
        }
        return at;
    }

    private static int resolve(Column c, String[] names, int width, String source) {
        if (c.name() == null) {
            if (c.index() < 0 || c.index() >= width) {
                throw new IllegalArgumentException(source + ": column index " + c.index() + " is out of range (the file has " + width + " columns)");
            }
            return c.index();
        }
        if (names == null) throw new IllegalArgumentException("csv: column '" + c.name() + "' is chosen by name, but the format has no header");
        int found = -1;
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals(c.name())) continue;
            if (found >= 0) throw new IllegalArgumentException(source + ": the header names column '" + c.name() + "' twice");
            found = i;
        }
        if (found < 0) throw new IllegalArgumentException(source + ": no column '" + c.name() + "' (header: " + Arrays.toString(names) + ")");
        return found;
    }

    private static String describe(char c) {
        return c == '\n' ? "a newline" : c == '\r' ? "a carriage return" : "'" + c + "'";
    }

    /** Splits lines into fields, tracking the line number for messages. */
    private final class Parser {
        final BufferedReader in;
        final String source;
        int line;

        Parser(BufferedReader in, String source) {
            this.in = in;
            this.source = source;
        }

        /** The next non-blank line's fields, or null at the end. */
        String[] nextRecord() throws IOException {
            String text;
            do {
                text = in.readLine();
                if (text == null) return null;
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) text = text.substring(1); // UTF-8 byte-order mark
            } while (text.isBlank());
            return split(text);
        }

        private String[] split(String text) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (quoted) {
                    if (ch != '"') field.append(ch);
                    else if (i + 1 < text.length() && text.charAt(i + 1) == '"') field.append(text.charAt(++i));
                    else quoted = false;
                } else if (ch == '"' && field.toString().isBlank()) {
                    quoted = true;
                    field.setLength(0);
                } else if (ch == delimiter) {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(ch);
                }
            }
            if (quoted) throw new IllegalArgumentException(source + ": line " + line + ": a quoted field is not closed (quoted newlines are not supported)");
            fields.add(field.toString());
            return fields.toArray(new String[0]);
        }

        double number(String field, int column, String[] names) {
            String s = field.strip();
            if (s.isEmpty()) throw error(column, names, "empty value (missing values are not supported)");
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw error(column, names, "cannot parse '" + s + "' as a number");
            }
        }

        IllegalArgumentException error(int column, String[] names, String problem) {
            String name = names != null ? " ('" + names[column] + "')" : "";
            return new IllegalArgumentException(source + ": line " + line + ", column " + (column + 1) + name + ": " + problem);
        }
    }

    /** A growable float array, so a large table is never held as boxed values. */
    private static final class FloatList {
        float[] data = new float[1024];
        int size;

        void add(float v) {
            if (size == data.length) data = Arrays.copyOf(data, Math.multiplyExact(size, 2));
            data[size++] = v;
        }

        float[] toArray() { return Arrays.copyOf(data, size); }
    }
}
