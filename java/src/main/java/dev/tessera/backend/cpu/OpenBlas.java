// OpenBlas: gemm version 0, the vendor reference, through JavaCPP's OpenBLAS presets (loaded on
// first use, so a program that never multiplies matrices never loads OpenBLAS).
package dev.tessera.backend.cpu;

import dev.tessera.bridge.AddressPointer;
import dev.tessera.tensor.DType;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

final class OpenBlas {
    private OpenBlas() {}

    private static final class Holder {
        static final boolean LOADED;

        static {
            Loader.load(openblas_nolapack.class);
            LOADED = true;
        }
    }

    static void gemm(DType dtype, boolean transA, boolean transB, long m, long n, long k, double alpha,
                     long a, long lda, long b, long ldb, double beta, long c, long ldc) {
        if (!Holder.LOADED) throw new IllegalStateException("OpenBLAS failed to load");
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
