// CudaStatus: whether CUDA can be used here and, if not, exactly why (library not built, no
// NVIDIA driver, driver older than the toolkit, no device). Probed once, on first use, by letting
// the CPU library dlopen libtessera_cuda from the jar.
package dev.tessera.backend.cuda;

import dev.tessera.bridge.TesseraNative;
import org.bytedeco.javacpp.Loader;

import java.io.File;

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
        TesseraNative.load();
        File lib;
        try {
            lib = Loader.cacheResource(TesseraNative.class, Loader.getPlatform() + "/libtessera_cuda.so");
        } catch (Exception e) {
            lib = null;
        }
        int count = TesseraNative.ts_cuda_probe(lib == null ? "" : lib.getAbsolutePath());
        if (count < 0) return new CudaStatus(lib != null, 0, TesseraNative.ts_last_error());
        if (count == 0) return new CudaStatus(true, 0, "no CUDA device found");
        return new CudaStatus(true, count, "");
    }

    /** True when the CUDA library was built into this jar. */
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
