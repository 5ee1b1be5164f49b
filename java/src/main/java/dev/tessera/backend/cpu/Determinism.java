// Determinism: deterministic mode (TESSERA_DETERMINISTIC=1 at start-up, or set(true)), in which a
// seeded CPU run gives bit-identical results whatever the machine's core count or TESSERA_NUM_THREADS.
//
// Without it, each native kernel is deterministic for a given pool size, and most do not depend on
// the size at all: every native gemm version computes each element of C on one thread, over k
// blocks that depend on k alone, whatever the split of C; reductions, softmax, losses, scatter_add and index_add run on one thread; optimizer
// steps, pooling and normalisation split independent elements, planes or channels. The exception are
// kernels that add up per-thread partial results: conv2d's weight gradient sums image ranges, one per
// thread, so its rounding follows the pool size. OpenBLAS (matmul version 0, not the default) also
// splits its work by its thread count (the pool's size, see OpenBlas).
//
// In deterministic mode every native kernel splits its work into the same fixed number of parts
// (ts_get_deterministic(), 16) whatever the pool size, the pool's threads running the parts in turn,
// and OpenBLAS runs on one thread. Random numbers (Philox, keyed by the seed) and data order (Shuffle,
// prefetch or not) never depended on threads.
package dev.tessera.backend.cpu;

import dev.tessera.bridge.TesseraNative;

public final class Determinism {
    private Determinism() {}

    public static final String ENV = "TESSERA_DETERMINISTIC";
    private static volatile boolean enabled;

    static {
        TesseraNative.load();
        enabled = TesseraNative.ts_get_deterministic() != 0; // the native library read TESSERA_DETERMINISTIC
    }

    /** True in deterministic mode. */
    public static boolean enabled() { return enabled; }

    /** How many parts every kernel splits its work into in deterministic mode; 0 when the mode is off. */
    public static int parts() { return TesseraNative.ts_get_deterministic(); }

    /** Turns deterministic mode on or off for the whole process (kernels running meanwhile keep their split). */
    public static synchronized void set(boolean on) {
        CpuBackend.check(TesseraNative.ts_set_deterministic(on ? 1 : 0), "deterministic");
        enabled = on;
    }
}
