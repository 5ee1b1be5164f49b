// KernelException: a native kernel refused its arguments (TS_ERR_INVALID) — an index out of
// range found while running, for instance. It is an IllegalArgumentException so callers treat
// it like the Java-side validation errors; the message names the op and the native reason.
package dev.tessera.backend;

public final class KernelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KernelException(String message) { super(message); }
}
