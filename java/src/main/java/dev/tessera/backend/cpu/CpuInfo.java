// CpuInfo: this machine's CPU as the native library sees it at run time (cpuid): model, logical
// cores and SIMD features. Kernel dispatch and `tessera info` read it.
package dev.tessera.backend.cpu;

import dev.tessera.bridge.TesseraNative;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public final class CpuInfo {
    private static final int FEATURE_COUNT = 12; // TS_CPU_FEATURE_COUNT

    private CpuInfo() {}

    public static String model() {
        TesseraNative.load();
        return TesseraNative.ts_cpu_model();
    }

    public static int logicalCores() {
        TesseraNative.load();
        return TesseraNative.ts_cpu_logical_cores();
    }

    private static final class Features {
        static final long BITS;

        static {
            TesseraNative.load();
            BITS = TesseraNative.ts_cpu_features();
        }
    }

    /** Bit set of TS_CPU_* features (read once). */
    public static long featureBits() { return Features.BITS; }

    /** Names of the features present ("avx2", "fma", "avx512f", ...). */
    public static List<String> features() { return names(featureBits()); }

    /** Names of the features in a TS_CPU_* bit set. */
    public static List<String> names(long bits) {
        TesseraNative.load();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < FEATURE_COUNT; i++) {
            if ((bits & (1L << i)) != 0) out.add(TesseraNative.ts_cpu_feature_name(i));
        }
        return Collections.unmodifiableList(out);
    }

    public static boolean has(long requiredBits) { return (featureBits() & requiredBits) == requiredBits; }
}
