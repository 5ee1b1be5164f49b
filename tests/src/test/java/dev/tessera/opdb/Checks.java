// Checks: how the op-database tests run a sample and compare what the library returned with the
// reference — shape, dtype, then values within the tolerance of the result dtype, with the worst
// element (its index, expected and actual value) in the failure message.
package dev.tessera.opdb;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.Scope;
import dev.tessera.opdb.Sample.Tol;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

final class Checks {
    private Checks() {}

    /**
     * Runs a sample in its own scope and checks every result against the reference; inputs must be
     * left unchanged, and closing the scope must free every byte the sample allocated.
     */
    static void matchesReference(Sample s) {
        MemoryStats stats = MemoryStats.cpu();
        long live = stats.liveBytes();
        long leaked = stats.leakedToGc();
        compare(s);
        long after = stats.liveBytes();
        // The Cleaner may free some other test's forgotten tensor meanwhile; then we can only ask for no growth.
        boolean ok = after == live || (after < live && stats.leakedToGc() != leaked);
        assertTrue(ok, () -> s.name() + ": " + (after - live) + " bytes still live after the sample's scope closed");
    }

    private static void compare(Sample s) {
        try (Scope scope = Scope.open()) {
            List<Ref> refs = s.refs();
            List<Tensor> in = s.materialize(refs);
            List<Ref> expected = asList(s.reference().expect(refs), Ref.class);
            List<Tensor> actual = asList(s.invoke().run(in), Tensor.class);
            assertEquals(expected.size(), actual.size(), s.name() + ": number of results");
            for (int i = 0; i < expected.size(); i++) {
                Ref e = expected.get(i);
                close(s.name() + (expected.size() > 1 ? " result " + i : ""), e, actual.get(i), s.tol().apply(e.dtype));
            }
            for (int i = 0; i < in.size(); i++) close(s.name() + ": input " + i + " was modified", refs.get(i), in.get(i), Tol.EXACT);
        }
    }

    /** Results of one run as Java values: shape, dtype and values per result tensor. */
    record Result(long[] shape, DType dtype, double[] values) {}

    /** Runs a sample in its own scope and copies its results out. */
    static List<Result> run(Sample s) {
        try (Scope scope = Scope.open()) {
            List<Tensor> out = asList(s.invoke().run(s.materialize(s.refs())), Tensor.class);
            return out.stream().map(t -> new Result(t.shape(), t.dtype(), t.toDoubleArray())).toList();
        }
    }

    /** Shape, dtype, then each value within tol (NaN matches NaN, infinities match exactly). */
    static void close(String what, Ref expected, Tensor actual, Tol tol) {
        assertArrayEquals(expected.shape, actual.shape(), () -> what + ": shape " + Arrays.toString(actual.shape())
                + ", expected " + Arrays.toString(expected.shape));
        assertEquals(expected.dtype, actual.dtype(), () -> what + ": dtype");
        close(what, expected.shape, expected.v, actual.toDoubleArray(), tol);
    }

    static void close(String what, long[] shape, double[] expected, double[] actual, Tol tol) {
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            boolean ok;
            double excess;
            if (Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || Double.isInfinite(a)) {
                ok = Double.compare(e, a) == 0 || (Double.isNaN(e) && Double.isNaN(a));
                excess = ok ? 0 : Double.POSITIVE_INFINITY;
            } else {
                double diff = Math.abs(a - e);
                double allowed = tol.atol() + tol.rtol() * Math.abs(e);
                ok = diff <= allowed;
                excess = diff - allowed;
            }
            if (!ok && (worst < 0 || excess > worstExcess)) {
                worst = i;
                worstExcess = excess;
            }
        }
        if (worst >= 0) {
            int bad = 0;
            for (int i = 0; i < expected.length; i++) {
                double e = expected[i], a = actual[i];
                boolean same = Double.compare(e, a) == 0 || Math.abs(a - e) <= tol.atol() + tol.rtol() * Math.abs(e);
                if (!same) bad++;
            }
            fail(String.format("%s: %d of %d values differ; worst at %s: expected %s, got %s (rtol %g, atol %g)%s", what, bad,
                    expected.length, Arrays.toString(Ref.unravel(worst, shape)), expected[worst], actual[worst], tol.rtol(), tol.atol(),
                    expected.length <= 24 ? "\n  expected " + Arrays.toString(expected) + "\n  actual   " + Arrays.toString(actual) : ""));
        }
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> asList(Object result, Class<T> type) {
        if (type.isInstance(result)) return List.of(type.cast(result));
        return (List<T>) result;
    }
}
