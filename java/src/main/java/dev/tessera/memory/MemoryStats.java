// MemoryStats: what one device's allocator holds. The allocator updates these counters while it
// holds this object's lock (the same lock that guards its pool), so a pool hit costs one lock and
// no extra atomics. `leakedToGc` counts tensors that nobody closed and the Cleaner had to free.
package dev.tessera.memory;

public final class MemoryStats {
    private final String device;
    private long liveBytes;
    private long peakBytes;
    private long liveBlocks;
    private long cachedBytes;
    private long poolHits;
    private long poolMisses;
    private long leakedToGc;

    MemoryStats(String device) { this.device = device; }

    /** The CPU allocator's counters. */
    public static MemoryStats cpu() { return CpuAllocator.INSTANCE.stats(); }

    /** An immutable reading of the counters. */
    public record Snapshot(String device, long liveBytes, long peakBytes, long liveBlocks, long cachedBytes,
                           long poolHits, long poolMisses, long leakedToGc) {
        @Override
        public String toString() {
            return String.format("%s: live %d B in %d blocks (peak %d B), cached %d B, pool hits %d / misses %d, leaked to GC %d",
                    device, liveBytes, liveBlocks, peakBytes, cachedBytes, poolHits, poolMisses, leakedToGc);
        }
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(device, liveBytes, peakBytes, liveBlocks, cachedBytes, poolHits, poolMisses, leakedToGc);
    }

    /** Bytes in blocks currently handed out (block sizes, i.e. after rounding to the size class). */
    public synchronized long liveBytes() { return liveBytes; }
    public synchronized long peakBytes() { return peakBytes; }
    public synchronized long liveBlocks() { return liveBlocks; }
    /** Bytes in freed blocks the pool keeps for reuse. */
    public synchronized long cachedBytes() { return cachedBytes; }
    public synchronized long poolHits() { return poolHits; }
    public synchronized long poolMisses() { return poolMisses; }
    public synchronized long leakedToGc() { return leakedToGc; }

    /** Starts the peak from the current live bytes (for measuring one phase). */
    public synchronized void resetPeak() { peakBytes = liveBytes; }

    // The allocator calls these while holding this object's lock.

    void allocated(long bytes, boolean fromPool) {
        liveBytes += bytes;
        liveBlocks++;
        if (liveBytes > peakBytes) peakBytes = liveBytes;
        if (fromPool) {
            poolHits++;
            cachedBytes -= bytes;
        } else {
            poolMisses++;
        }
    }

    void freed(long bytes, boolean toPool) {
        liveBytes -= bytes;
        liveBlocks--;
        if (toPool) cachedBytes += bytes;
    }

    void uncached(long bytes) { cachedBytes -= bytes; }

    synchronized void leaked() { leakedToGc++; }
}
