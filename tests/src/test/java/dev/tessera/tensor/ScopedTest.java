// Base of the tensor tests: each test runs in its own Scope, so nothing it creates outlives it
// (and nothing shows up as a leak in the memory tests), plus a few assertion helpers.
package dev.tessera.tensor;

import dev.tessera.memory.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

abstract class ScopedTest {
    private Scope scope;

    @BeforeEach
    void openScope() {
        scope = Scope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    static void assertShape(Tensor t, long... shape) {
        assertArrayEquals(shape, t.shape(), "shape of " + t.describe());
    }

    static void assertValues(Tensor t, double... expected) {
        assertArrayEquals(expected, t.toDoubleArray(), 1e-6, "values of " + t.describe());
    }

    /** Asserts that {@code call} throws {@code type} with a message containing every fragment. */
    static <E extends Throwable> E assertFails(Class<E> type, Runnable call, String... fragments) {
        E e = assertThrows(type, call::run);
        for (String f : fragments) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(f),
                    "message should contain '" + f + "': " + e.getMessage());
        }
        return e;
    }

    static void assertSameStorage(Tensor a, Tensor b) {
        assertTrue(a.storage() == b.storage(), a.describe() + " and " + b.describe() + " should share storage");
    }

    static void assertOwnStorage(Tensor a, Tensor b) {
        assertTrue(a.storage() != b.storage(), a.describe() + " and " + b.describe() + " should not share storage");
    }

    static void assertDType(DType expected, Tensor t) {
        assertDType(expected, t, "");
    }

    static void assertDType(DType expected, Tensor t, String why) {
        assertEquals(expected, t.dtype(), "dtype of " + t.describe() + (why.isEmpty() ? "" : ": " + why));
    }
}
