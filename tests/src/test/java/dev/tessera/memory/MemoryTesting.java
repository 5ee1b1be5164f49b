// Helpers of the memory tests: tensors on a private allocator (so counters see one test only),
// and GC polling that waits for the Cleaner backstop with a timeout instead of a fixed sleep
// (settle is also used by other suites that compare the global live bytes before and after).
package dev.tessera.memory;

import dev.tessera.backend.Backends;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

public final class MemoryTesting {
    private MemoryTesting() {}

    static final long GC_TIMEOUT_MS = 20_000;

    /** An F32 tensor of n elements whose storage comes from {@code alloc} (tracked like any tensor). */
    static Tensor tensorOn(Allocator alloc, long n) {
        Storage s = Storage.allocate(alloc, n * 4);
        return new Tensor(s, Backends.cpu(), DType.F32, new long[] {n}, new long[] {1}, 0);
    }

    /** Runs the GC until {@code done} holds; fails with {@code what} after the timeout. */
    static void gcUntil(BooleanSupplier done, String what) {
        long deadline = System.currentTimeMillis() + GC_TIMEOUT_MS;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) fail("timed out after " + GC_TIMEOUT_MS + " ms waiting for " + what);
            System.gc();
            byte[][] garbage = new byte[64][];
            for (int i = 0; i < garbage.length; i++) garbage[i] = new byte[16 << 10];
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /**
     * Lets garbage other tests left behind reach the Cleaner, so the global counters stop moving:
     * runs the GC until live bytes and leaks hold still for several rounds (at most a few seconds).
     */
    public static void settle(MemoryStats st) {
        long deadline = System.currentTimeMillis() + 5_000;
        long live = -1;
        long leaked = -1;
        int stable = 0;
        while (stable < 3 && System.currentTimeMillis() < deadline) {
            System.gc();
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (st.liveBytes() == live && st.leakedToGc() == leaked) stable++;
            else stable = 0;
            live = st.liveBytes();
            leaked = st.leakedToGc();
        }
    }
}
