// NativeThreads: the size of the one native thread pool all CPU kernels share (gemm, optimizer
// steps). TESSERA_NUM_THREADS sets it at start-up (default: the logical cores); set() changes it.
// OpenBLAS (matmul version 0) runs on the same number of threads (OpenBlas).
package dev.tessera.backend.cpu;

import dev.tessera.bridge.TesseraNative;

public final class NativeThreads {
    private NativeThreads() {}

    public static int count() {
        TesseraNative.load();
        return TesseraNative.ts_get_num_threads();
    }

    public static void set(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads: need at least 1, got " + threads);
        TesseraNative.load();
        CpuBackend.check(TesseraNative.ts_set_num_threads(threads), "threads");
    }
}
