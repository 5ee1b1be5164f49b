// GradMode: whether ops record the graph on this thread. Off inside `try (var g = GradMode.noGrad())`
// (optimizer steps, evaluation) and while a backward pass runs without createGraph.
package dev.tessera.autograd;

public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    public static boolean isEnabled() { return ENABLED.get()[0]; }

    /** Restores the previous mode when closed. */
    public static final class Guard implements AutoCloseable {
        private final boolean previous;
        private boolean closed;

        private Guard(boolean enabled) {
            boolean[] flag = ENABLED.get();
            previous = flag[0];
            flag[0] = enabled;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            ENABLED.get()[0] = previous;
        }
    }

    /** Ops inside record nothing: {@code try (var g = GradMode.noGrad()) { ... }}. */
    public static Guard noGrad() { return new Guard(false); }

    /** Re-enables recording inside a no-grad region. */
    public static Guard enableGrad() { return new Guard(true); }

    static Guard set(boolean enabled) { return new Guard(enabled); }
}
