// CudaStatus: whether CUDA can be used here and, if not, exactly why (library built without nvcc,
// no NVIDIA driver, driver older than the toolkit, no device). Probed once, on first use, through
// libtessera_cuda's tsc_probe; a library that fails to load is a reason too, never a crash.
package dev.tessera.backend.cuda;

import dev.tessera.bridge.TesseraCuda;

public final class CudaStatus {
    private static volatile CudaStatus cached;

    private final boolean built;
    private final int deviceCount;
    private final String reason;

    private CudaStatus(boolean built, int deviceCount, String reason) {
        this.built = built;
        this.deviceCount = deviceCount;
        this.reason = reason;
    }

    public static CudaStatus get() {
        CudaStatus s = cached;
        if (s == null) cached = s = probe();
        return s;
    }

    private static CudaStatus probe() {
        try {
            TesseraCuda.load();
        } catch (LinkageError e) {
            return new CudaStatus(false, 0, "the CUDA library could not be loaded: " + e.getMessage());
        }
        int[] count = new int[1];
        int status = TesseraCuda.tsc_probe(count);
        if (status == TesseraCuda.TSC_ERR_NOT_BUILT) return new CudaStatus(false, 0, TesseraCuda.tsc_last_error());
        if (status != 0) return new CudaStatus(true, 0, TesseraCuda.tsc_last_error());
        return new CudaStatus(true, count[0], "");
    }

    /** True when the CUDA kernels were built into this jar (not the stub). */
    public boolean built() { return built; }

    /** True when at least one CUDA device can be used. */
    public boolean available() { return deviceCount > 0; }

    public int deviceCount() { return deviceCount; }

    /** Why CUDA is unavailable ("" when it is available). */
    public String reason() { return reason; }

    @Override
    public String toString() {
        return available() ? deviceCount + " CUDA device(s)" : "unavailable: " + reason;
    }
}
