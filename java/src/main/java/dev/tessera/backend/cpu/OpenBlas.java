// OpenBlas: gemm version 0, the vendor reference, through JavaCPP's OpenBLAS presets (loaded on
// first use, so a program that never multiplies matrices never loads OpenBLAS). It runs on as many
// threads as the native pool (NativeThreads, TESSERA_NUM_THREADS), so the two never oversubscribe
// the cores and `bench gemm --threads 1,2` compares like with like; on one thread in deterministic
// mode (Determinism), as its results follow its thread count.
package dev.tessera.backend.cpu;

import dev.tessera.bridge.AddressPointer;
import dev.tessera.bridge.TesseraNative;
import dev.tessera.tensor.DType;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

public final class OpenBlas {
    private OpenBlas() {}

    private static final class Holder {
        static final boolean LOADED;

        static {
            Loader.load(openblas_nolapack.class);
            LOADED = true;
        }
    }

    /** The thread count OpenBLAS was last given; 0 before the first call. */
    private static volatile int threads;

    /** The pool's size, or 1 in deterministic mode. */
    private static int wantedThreads() { return Determinism.enabled() ? 1 : NativeThreads.count(); }

    private static synchronized void setThreads(int n) {
        if (threads == n) return;
        openblas_nolapack.blas_set_num_threads(n);
        threads = n;
    }

    /**
     * The thread count OpenBLAS reports (loads it): it is given the pool's size before each call (1
     * in deterministic mode), so after a version-0 matmul this equals {@link NativeThreads#count()}.
     */
    public static int threads() {
        if (!Holder.LOADED) throw new IllegalStateException("OpenBLAS failed to load");
        return openblas_nolapack.blas_get_num_threads();
    }

    /** The kernel family OpenBLAS picked for this CPU ("Haswell", "SkylakeX", ...; OPENBLAS_CORETYPE overrides). */
    public static String core() {
        if (!Holder.LOADED) throw new IllegalStateException("OpenBLAS failed to load");
        String core = TesseraNative.ts_gemm_openblas_core();
        return core == null ? "unknown" : core;
    }

    static void gemm(DType dtype, boolean transA, boolean transB, long m, long n, long k, double alpha,
                     long a, long lda, long b, long ldb, double beta, long c, long ldc) {
        if (!Holder.LOADED) throw new IllegalStateException("OpenBLAS failed to load");
        int want = wantedThreads();
        if (want != threads) setThreads(want);
        if ((m | n | k | lda | ldb | ldc) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("matmul: OpenBLAS takes 32-bit sizes, got m=" + m + " n=" + n + " k=" + k);
        }
        int ta = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int order = openblas_nolapack.CblasRowMajor;
        if (dtype == DType.F32) {
            openblas_nolapack.cblas_sgemm(order, ta, tb, (int) m, (int) n, (int) k, (float) alpha, AddressPointer.floats(a),
                    (int) lda, AddressPointer.floats(b), (int) ldb, (float) beta, AddressPointer.floats(c), (int) ldc);
        } else if (dtype == DType.F64) {
            openblas_nolapack.cblas_dgemm(order, ta, tb, (int) m, (int) n, (int) k, alpha, AddressPointer.doubles(a),
                    (int) lda, AddressPointer.doubles(b), (int) ldb, beta, AddressPointer.doubles(c), (int) ldc);
        } else {
            throw new UnsupportedOperationException("matmul: OpenBLAS gemm needs f32 or f64, got " + dtype);
        }
    }
}
