// The measured machine peaks (`tessera info`, "% of peak" in benchmarks): plausible values, the
// measurement done once per process, and bad stream arguments reported instead of crashing.
package dev.tessera.backend;

import dev.tessera.backend.cpu.MachinePeak;
import dev.tessera.backend.cpu.NativeThreads;
import dev.tessera.bridge.TesseraNative;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachinePeakTest {
    @Test
    void peaksArePlausibleAndMeasuredOnce() {
        MachinePeak p = MachinePeak.get();
        // Any x86-64 core does at least 4 lanes x 2 flops per cycle at >= 1 GHz; none does 10 TFLOP/s.
        assertTrue(p.fmaGflopsPerCore() > 4 && p.fmaGflopsPerCore() < 10_000, p.toString());
        assertTrue(p.copyGBps() > 0.5 && p.copyGBps() < 10_000, p.toString());
        assertTrue(p.triadGBps() > 0.5 && p.triadGBps() < 10_000, p.toString());
        assertEquals(p.fmaGflopsPerCore() * NativeThreads.count(), p.fmaGflopsAllThreads(), 1e-9);
        assertSame(p, MachinePeak.get());
    }

    @Test
    void badStreamArgumentsAreReported() {
        TesseraNative.load();
        assertTrue(TesseraNative.ts_stream_gbps(2, 1 << 20, 1) < 0);
        assertTrue(TesseraNative.ts_last_error().contains("kind"), TesseraNative.ts_last_error());
        assertTrue(TesseraNative.ts_stream_gbps(0, 16, 1) < 0);
        assertTrue(TesseraNative.ts_last_error().contains("bytes"), TesseraNative.ts_last_error());
    }
}
