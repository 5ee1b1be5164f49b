// MachinePeak: this machine's measured best case, the yardstick for "% of peak" in kernel
// benchmarks: FP32 FMA GFLOP/s of one core (register-only loop) and memory bandwidth (STREAM copy
// and triad, all pool threads). Measured once per process on first use (about half a second).
package dev.tessera.backend.cpu;

import dev.tessera.bridge.TesseraNative;

public record MachinePeak(double fmaGflopsPerCore, double copyGBps, double triadGBps) {
    private static volatile MachinePeak measured;

    /** Arrays of 64 MiB: well past the last-level cache of the machines we run on. */
    private static final long STREAM_BYTES = 64L << 20;

    public static MachinePeak get() {
        MachinePeak p = measured;
        if (p == null) {
            synchronized (MachinePeak.class) {
                p = measured;
                if (p == null) measured = p = measure();
            }
        }
        return p;
    }

    private static MachinePeak measure() {
        TesseraNative.load();
        double fma = TesseraNative.ts_peak_fma_gflops(100);
        double copy = TesseraNative.ts_stream_gbps(0, STREAM_BYTES, 5);
        double triad = TesseraNative.ts_stream_gbps(1, STREAM_BYTES, 5);
        if (copy < 0 || triad < 0) throw new IllegalStateException("stream: " + TesseraNative.ts_last_error());
        return new MachinePeak(fma, copy, triad);
    }

    /** FP32 FMA peak of all pool threads together (per-core peak times the thread count). */
    public double fmaGflopsAllThreads() { return fmaGflopsPerCore * NativeThreads.count(); }
}
