// StrictJson: a small strict RFC 8259 JSON parser for safetensors headers, without dependencies.
// Objects become LinkedHashMap (key order kept; duplicate keys are an error), arrays ArrayList,
// integers without fraction or exponent Long (out of long range is an error), other numbers Double,
// plus String, Boolean and null. Nesting is capped so hostile input can't overflow the stack;
// anything else (trailing commas, leading zeros, bad escapes, raw control characters, text after
// the value) is rejected with the offset of the problem.
package dev.tessera.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class StrictJson {
    static final int MAX_DEPTH = 64;

    private final String s;
    private final String file;
    private int i;

    private StrictJson(String s, String file) {
        this.s = s;
        this.file = file;
    }

    /** Parses one JSON value filling the whole text (surrounding whitespace allowed). */
    static Object parse(String text, String file) {
        StrictJson p = new StrictJson(text, file);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.i != text.length()) throw p.error("unexpected text after the JSON value");
        return v;
    }

    private TensorFileException error(String what) {
        return new TensorFileException(file, "bad JSON header at offset " + i + ": " + what);
    }

    private void ws() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            i++;
        }
    }

    private char peek() {
        if (i >= s.length()) throw error("unexpected end of input");
        return s.charAt(i);
    }

    private void expect(char c) {
        if (peek() != c) throw error("expected '" + c + "', found '" + printable(peek()) + "'");
        i++;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) throw error("nested deeper than " + MAX_DEPTH + " levels");
        char c = peek();
        switch (c) {
            case '{': return object(depth);
            case '[': return array(depth);
            case '"': return string();
            case 't': literal("true"); return Boolean.TRUE;
            case 'f': literal("false"); return Boolean.FALSE;
            case 'n': literal("null"); return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("unexpected character '" + printable(c) + "'");
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, i)) throw error("invalid literal");
        i += word.length();
    }

    private Map<String, Object> object(int depth) {
        expect('{');
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        ws();
        if (peek() == '}') { i++; return out; }
        while (true) {
            ws();
            if (peek() != '"') throw error("expected a string key");
            int at = i;
            String key = string();
            ws();
            expect(':');
            ws();
            Object v = value(depth + 1);
            if (out.containsKey(key)) {
                i = at;
                throw error("duplicate key \"" + key + "\"");
            }
            out.put(key, v);
            ws();
            if (peek() == ',') { i++; continue; }
            expect('}');
            return out;
        }
    }

    private List<Object> array(int depth) {
        expect('[');
        List<Object> out = new ArrayList<>();
        ws();
        if (peek() == ']') { i++; return out; }
        while (true) {
            ws();
            out.add(value(depth + 1));
            ws();
            if (peek() == ',') { i++; continue; }
            expect(']');
            return out;
        }
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = peek();
            i++;
            if (c == '"') return b.toString();
            if (c < 0x20) throw error("raw control character in string");
            if (c != '\\') { b.append(c); continue; }
            char e = peek();
            i++;
            switch (e) {
                case '"': b.append('"'); break;
                case '\\': b.append('\\'); break;
                case '/': b.append('/'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'u':
                    if (i + 4 > s.length()) throw error("truncated \\u escape");
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(s.charAt(i + k), 16);
                        if (d < 0) throw error("bad \\u escape");
                        v = v * 16 + d;
                    }
                    i += 4;
                    b.append((char) v);
                    break;
                default: throw error("bad escape '\\" + printable(e) + "'");
            }
        }
    }

    private Object number() {
        int start = i;
        if (peek() == '-') i++;
        if (i < s.length() && s.charAt(i) == '0') i++;
        else if (digits() == 0) throw error("bad number");
        boolean integer = true;
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            integer = false;
            if (digits() == 0) throw error("bad number: no digits after '.'");
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            integer = false;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            if (digits() == 0) throw error("bad number: no digits in exponent");
        }
        String text = s.substring(start, i);
        if (integer) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                i = start;
                throw error("integer " + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + " is out of range");
            }
        }
        return Double.parseDouble(text);
    }

    private int digits() {
        int n = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') { i++; n++; }
        return n;
    }
}
