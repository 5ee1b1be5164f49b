// Kernels: the table of kernel families and their versions. Families with a single native
// version still appear, so `tessera info` shows the whole picture and later versions slot in.
package dev.tessera.kernels;

import dev.tessera.bridge.TesseraNative;

import java.util.ArrayList;
import java.util.List;

public final class Kernels {
    private Kernels() {}

    /** Matrix multiply: 0 = OpenBLAS (presets), 1.. = native/gemm/gemm_v*.cc. */
    public static final KernelFamily MATMUL = matmul();

    public static final KernelFamily ELEMENTWISE = new KernelFamily("elementwise",
            "unary/binary/cast/where, contiguous and strided",
            List.of(new KernelVersion(1, "templated", "native/src/elementwise.cc", 0)), 1);

    public static final KernelFamily REDUCE = new KernelFamily("reduce",
            "sum/mean/prod/max/min/arg*/var/std/logsumexp/norm over [outer, n, inner]",
            List.of(new KernelVersion(1, "templated", "native/src/reduce.cc", 0)), 1);

    public static final KernelFamily SOFTMAX = new KernelFamily("softmax",
            "numerically stable softmax and log_softmax",
            List.of(new KernelVersion(1, "two-pass", "native/src/softmax.cc", 0)), 1);

    public static final KernelFamily INDEX = new KernelFamily("index",
            "gather/scatter/index_select",
            List.of(new KernelVersion(1, "strided", "native/src/index.cc", 0)), 1);

    private static KernelFamily matmul() {
        TesseraNative.load();
        List<KernelVersion> versions = new ArrayList<>();
        versions.add(new KernelVersion(0, "openblas", "OpenBLAS 0.3.31 (JavaCPP presets)", 0));
        int count = TesseraNative.ts_gemm_version_count();
        List<Integer> preferred = new ArrayList<>();
        for (int v = 1; v <= count; v++) {
            String name = TesseraNative.ts_gemm_version_name(v);
            versions.add(new KernelVersion(v, name, "native/gemm/gemm_v" + v + "_" + name + ".cc",
                    TesseraNative.ts_gemm_version_features(v)));
            preferred.add(0, v); // newest first
        }
        // The native kernel leads: on the training shapes (32x784x128 and its backward products) it
        // beat OpenBLAS in the same run, and it shares the one native thread pool instead of
        // competing with OpenBLAS's own threads (bench/results/mlp-training.md). OpenBLAS is the
        // fallback and the reference.
        preferred.add(0);
        return new KernelFamily("matmul", "C = A·B for f32/f64, batched and broadcast", versions,
                preferred.stream().mapToInt(Integer::intValue).toArray());
    }

    public static List<KernelFamily> all() { return List.of(MATMUL, ELEMENTWISE, REDUCE, SOFTMAX, INDEX); }

    public static KernelFamily family(String name) {
        for (KernelFamily f : all()) if (f.name().equalsIgnoreCase(name)) return f;
        throw new IllegalArgumentException("unknown kernel family '" + name + "' (families: "
                + all().stream().map(KernelFamily::name).toList() + ")");
    }
}
