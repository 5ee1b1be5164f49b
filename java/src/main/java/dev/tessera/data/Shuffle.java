// Shuffle: seeded random permutations for data sets (held-out splits, per-epoch batch order). A
// Fisher-Yates shuffle driven by one draw of n uniform doubles from a Tessera Generator, so the same
// seed gives the same order on every machine.
package dev.tessera.data;

import dev.tessera.tensor.Generator;

public final class Shuffle {
    private Shuffle() {}

    /** The identity 0, 1, ..., n-1. */
    public static long[] identity(int n) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    /** A uniformly random permutation of 0..n-1; advances g by one draw of n doubles. */
    public static long[] permutation(int n, Generator g) {
        if (n < 0) throw new IllegalArgumentException("permutation: negative size " + n);
        long[] p = identity(n);
        double[] u = g.uniformDoubles(n);
        for (int i = n - 1; i > 0; i--) {
            int j = (int) (u[i] * (i + 1)); // u in [0, 1) so j in [0, i]
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
