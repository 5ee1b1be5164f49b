// Kernels: the table of kernel families and their versions. Families with a single native
// version still appear, so `tessera info` shows the whole picture and later versions slot in.
package dev.tessera.kernels;

import dev.tessera.bridge.TesseraNative;

import java.util.ArrayList;
import java.util.List;

public final class Kernels {
    private Kernels() {}

    /** Matrix multiply: 0 = OpenBLAS (presets), 1.. = native/gemm/gemm_v*.cc (naive, blocked, packed_avx2, avx512, tuned). */
    public static final KernelFamily MATMUL = matmul();

    /** 2-D convolution, forward and backward: 1.. = native/conv/conv_v*.cc (no vendor version). */
    public static final KernelFamily CONV2D = conv2d();

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

    public static final KernelFamily POOL = new KernelFamily("pool",
            "max (with indices) / average / adaptive average 2-D pooling, forward and backward",
            List.of(new KernelVersion(1, "direct", "native/src/pool.cc", 0)), 1);

    public static final KernelFamily NORM = new KernelFamily("norm",
            "batch norm and layer norm, forward and backward",
            List.of(new KernelVersion(1, "two-pass", "native/src/norm.cc", 0)), 1);

    public static final KernelFamily RNN_CELL = new KernelFamily("rnn_cell",
            "fused LSTM / GRU / Elman cell step (biases, gates, state update), forward and backward",
            List.of(new KernelVersion(1, "fused", "native/src/rnn.cc", 0)), 1);

    private static KernelFamily conv2d() {
        TesseraNative.load();
        List<KernelVersion> versions = new ArrayList<>();
        int count = TesseraNative.ts_conv2d_version_count();
        int[] newestFirst = new int[count];
        for (int v = 1; v <= count; v++) {
            String name = TesseraNative.ts_conv2d_version_name(v);
            versions.add(new KernelVersion(v, name, "native/conv/conv_v" + v + "_" + name + ".cc",
                    TesseraNative.ts_conv2d_version_features(v)));
            newestFirst[count - v] = v; // each version was added because it beat the one before
        }
        return new KernelFamily("conv2d", "2-D convolution (NCHW, stride/padding/dilation/groups), forward and backward",
                versions, newestFirst);
    }

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
        // The default is the native library's (ts_gemm_default_version: the newest version this CPU
        // runs, each kept because it beat the one before), so matmul and the native callers of gemm
        // (conv) use the same one. It beat OpenBLAS on every shape of bench/results/gemm.md, and it
        // shares the one native thread pool instead of competing with OpenBLAS's own threads.
        // OpenBLAS is the fallback and the reference.
        preferred.add(0, TesseraNative.ts_gemm_default_version());
        preferred.add(0);
        return new KernelFamily("matmul", "C = A·B for f32/f64, batched and broadcast", versions,
                preferred.stream().mapToInt(Integer::intValue).toArray());
    }

    public static List<KernelFamily> all() { return List.of(MATMUL, CONV2D, ELEMENTWISE, REDUCE, SOFTMAX, INDEX, POOL, NORM, RNN_CELL); }

    public static KernelFamily family(String name) {
        for (KernelFamily f : all()) if (f.name().equalsIgnoreCase(name)) return f;
        throw new IllegalArgumentException("unknown kernel family '" + name + "' (families: "
                + all().stream().map(KernelFamily::name).toList() + ")");
    }
}
