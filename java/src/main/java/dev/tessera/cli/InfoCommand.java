// InfoCommand: `tessera info` — what this machine and this build give Tessera: versions, CPU and
// its SIMD features, the kernel thread count, every kernel family with its numbered versions (and
// which one runs), CUDA status with the reason when unavailable, whether TESSERA_DETERMINISTIC is on,
// and the CPU allocator's counters.
// The same data is gathered once into a JSON-shaped map and either printed as text or as JSON.
package dev.tessera.cli;

import dev.tessera.backend.cpu.CpuInfo;
import dev.tessera.backend.cpu.Determinism;
import dev.tessera.backend.cpu.MachinePeak;
import dev.tessera.backend.cpu.NativeThreads;
import dev.tessera.backend.cuda.CudaStatus;
import dev.tessera.kernels.KernelFamily;
import dev.tessera.kernels.KernelVersion;
import dev.tessera.kernels.Kernels;
import dev.tessera.memory.MemoryStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show versions, CPU and features, kernel versions (and the selected ones), CUDA status and memory counters.")
public final class InfoCommand implements Runnable {
    @Mixin
    JsonOption json;

    @Override
    public void run() {
        PrintStream out = System.out;
        Json.Obj info = collect();
        if (json.enabled()) {
            out.println(info);
        } else {
            printText(info, out);
        }
    }

    static Json.Obj collect() {
        int cores = CpuInfo.logicalCores();
        Json.Obj o = Json.object()
                .put("command", "info")
                .put("tessera", Version.tessera())
                .put("nativeLibrary", Version.nativeLibrary())
                .put("os", Json.object()
                        .put("name", System.getProperty("os.name"))
                        .put("version", System.getProperty("os.version"))
                        .put("arch", System.getProperty("os.arch")))
                .put("jvm", Json.object()
                        .put("vendor", System.getProperty("java.vm.vendor"))
                        .put("name", System.getProperty("java.vm.name"))
                        .put("version", System.getProperty("java.runtime.version"))
                        .put("home", System.getProperty("java.home"))
                        .put("maxHeapBytes", Runtime.getRuntime().maxMemory()))
                .put("cpu", Json.object()
                        .put("model", CpuInfo.model())
                        .put("logicalCores", cores)
                        .put("features", CpuInfo.features()))
                .put("threads", Json.object()
                        .put("kernel", NativeThreads.count())
                        .put("source", System.getenv("TESSERA_NUM_THREADS") == null ? "logical cores" : "TESSERA_NUM_THREADS"))
                .put("deterministic", Determinism.enabled());
        MachinePeak peak = MachinePeak.get();
        o.put("peak", Json.object()
                .put("fp32FmaGflopsPerCore", Math.round(peak.fmaGflopsPerCore() * 10) / 10.0)
                .put("fp32FmaGflopsAllThreads", Math.round(peak.fmaGflopsAllThreads() * 10) / 10.0)
                .put("streamCopyGBps", Math.round(peak.copyGBps() * 10) / 10.0)
                .put("streamTriadGBps", Math.round(peak.triadGBps() * 10) / 10.0));
        List<Object> families = new ArrayList<>();
        for (KernelFamily f : Kernels.all()) {
            List<Object> versions = new ArrayList<>();
            for (KernelVersion v : f.versions()) {
                versions.add(Json.object()
                        .put("number", v.number())
                        .put("name", v.name())
                        .put("source", v.source())
                        .put("requiredFeatures", v.requiredFeatureNames())
                        .put("supported", v.supported()));
            }
            families.add(Json.object()
                    .put("name", f.name())
                    .put("description", f.description())
                    .put("default", f.defaultVersion().number())
                    .put("selected", f.selected().number())
                    .put("env", "TESSERA_KERNEL_" + f.name().toUpperCase(java.util.Locale.ROOT))
                    .put("versions", versions));
        }
        o.put("kernels", families);
        CudaStatus cuda = CudaStatus.get();
        o.put("cuda", Json.object()
                .put("built", cuda.built())
                .put("available", cuda.available())
                .put("devices", cuda.deviceCount())
                .put("reason", cuda.reason()));
        MemoryStats.Snapshot m = MemoryStats.cpu().snapshot();
        o.put("memory", Json.object()
                .put("device", m.device())
                .put("liveBytes", m.liveBytes())
                .put("liveBlocks", m.liveBlocks())
                .put("peakBytes", m.peakBytes())
                .put("cachedBytes", m.cachedBytes())
                .put("poolHits", m.poolHits())
                .put("poolMisses", m.poolMisses())
                .put("leakedToGc", m.leakedToGc()));
        return o;
    }

    @SuppressWarnings("unchecked")
    private static void printText(Json.Obj info, PrintStream out) {
        var m = info.map();
        var os = ((Json.Obj) m.get("os")).map();
        var jvm = ((Json.Obj) m.get("jvm")).map();
        var cpu = ((Json.Obj) m.get("cpu")).map();
        var threads = ((Json.Obj) m.get("threads")).map();
        var cuda = ((Json.Obj) m.get("cuda")).map();
        var mem = ((Json.Obj) m.get("memory")).map();
        out.printf("Tessera %s (native library %s)%n", m.get("tessera"), m.get("nativeLibrary"));
        out.printf("%-10s %s %s (%s)%n", "OS", os.get("name"), os.get("version"), os.get("arch"));
        out.printf("%-10s %s %s %s (%s)%n", "JVM", jvm.get("vendor"), jvm.get("name"), jvm.get("version"), jvm.get("home"));
        out.printf("%-10s %s, %s logical cores%n", "CPU", cpu.get("model"), cpu.get("logicalCores"));
        out.printf("%-10s %s%n", "Features", String.join(" ", (List<String>) cpu.get("features")));
        out.printf("%-10s %s (%s)%n", "Threads", threads.get("kernel"), threads.get("source"));
        out.printf("%-10s %s%n", "Determinism", Boolean.TRUE.equals(m.get("deterministic"))
                ? "on: kernels split their work into " + Determinism.parts() + " parts whatever the thread count; OpenBLAS on one thread"
                : "off (" + Determinism.ENV + "=1 makes results independent of the thread count)");
        var peak = ((Json.Obj) m.get("peak")).map();
        out.printf("%-10s FP32 FMA %s GFLOP/s per core (%s with all threads), memory copy %s GB/s, triad %s GB/s (measured)%n",
                "Peak", peak.get("fp32FmaGflopsPerCore"), peak.get("fp32FmaGflopsAllThreads"), peak.get("streamCopyGBps"),
                peak.get("streamTriadGBps"));
        out.println();
        out.println("Kernels (* = selected; force one with TESSERA_KERNEL_<FAMILY>=<n> or Kernels.<FAMILY>.select(n))");
        for (Object fo : (List<Object>) m.get("kernels")) {
            var f = ((Json.Obj) fo).map();
            out.printf("  %-12s %s  [default v%s, selected v%s]%n", f.get("name"), f.get("description"), f.get("default"), f.get("selected"));
            for (Object vo : (List<Object>) f.get("versions")) {
                var v = ((Json.Obj) vo).map();
                boolean selected = v.get("number").equals(f.get("selected"));
                List<String> req = (List<String>) v.get("requiredFeatures");
                out.printf("    %s v%-2s %-14s %-45s needs: %-18s %s%n", selected ? "*" : " ", v.get("number"), v.get("name"),
                        v.get("source"), req.isEmpty() ? "-" : String.join(",", req),
                        Boolean.TRUE.equals(v.get("supported")) ? "supported" : "NOT supported on this CPU");
            }
        }
        out.println();
        if (Boolean.TRUE.equals(cuda.get("available"))) {
            out.printf("%-10s available, %s device(s)%n", "CUDA", cuda.get("devices"));
        } else {
            out.printf("%-10s %s; unavailable: %s%n", "CUDA",
                    Boolean.TRUE.equals(cuda.get("built")) ? "built" : "not built", cuda.get("reason"));
        }
        out.printf("%-10s live %s B in %s blocks, peak %s B, cached %s B, pool hits %s / misses %s, leaked to GC %s%n",
                "Memory", mem.get("liveBytes"), mem.get("liveBlocks"), mem.get("peakBytes"), mem.get("cachedBytes"),
                mem.get("poolHits"), mem.get("poolMisses"), mem.get("leakedToGc"));
    }
}
