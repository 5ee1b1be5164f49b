// Json: the smallest JSON writer the CLI needs for `--json` (no dependency). Values are built as
// ordinary Java objects — Map (insertion order kept by LinkedHashMap), List/array, String, Number,
// Boolean, null, records via toJson — and written on one line, so a command's JSON summary is
// always exactly one line: the last one on stdout.
package dev.tessera.cli;

import java.lang.reflect.Array;
import java.util.LinkedHashMap;
import java.util.Map;

public final class Json {
    private Json() {}

    /** An insertion-ordered object builder: {@code Json.object().put("a", 1).put("b", "x")}. */
    public static Obj object() { return new Obj(); }

    /** A JSON object under construction; keys keep the order they were put in. */
    public static final class Obj {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        public Obj put(String key, Object value) {
            fields.put(key, value);
            return this;
        }

        public Map<String, Object> map() { return fields; }

        @Override
        public String toString() { return write(fields); }
    }

    /** The value as compact one-line JSON. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb);
        return sb.toString();
    }

    private static void write(Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Obj o) {
            write(o.fields, sb);
        } else if (v instanceof String s) {
            string(s, sb);
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            // JSON has no NaN/Infinity: write them as strings rather than produce invalid output.
            if (Double.isFinite(d)) sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
            else string(Double.toString(d), sb);
        } else if (v instanceof Number n) {
            sb.append(n.toString());
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                string(String.valueOf(e.getKey()), sb);
                sb.append(':');
                write(e.getValue(), sb);
            }
            sb.append('}');
        } else if (v instanceof Iterable<?> it) {
            sb.append('[');
            boolean first = true;
            for (Object o : it) {
                if (!first) sb.append(',');
                first = false;
                write(o, sb);
            }
            sb.append(']');
        } else if (v.getClass().isArray()) {
            sb.append('[');
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(',');
                write(Array.get(v, i), sb);
            }
            sb.append(']');
        } else {
            string(v.toString(), sb);
        }
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
