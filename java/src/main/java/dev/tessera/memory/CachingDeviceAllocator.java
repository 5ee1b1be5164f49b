// CachingDeviceAllocator: PLACEHOLDER being replaced (helper H1) by the PyTorch-style caching
// allocator: size classes, split blocks, per-stream reuse, emptyCache, stats.
package dev.tessera.memory;

import dev.tessera.tensor.Device;

public final class CachingDeviceAllocator implements Allocator {
    private final Device device;
    private final RawDeviceMemory raw;
    private final MemoryStats stats;

    public CachingDeviceAllocator(Device device, RawDeviceMemory raw, long stream) {
        this.device = device;
        this.raw = raw;
        this.stats = new MemoryStats(device.toString());
    }

    @Override
    public Device device() { return device; }

    @Override
    public long allocate(long nbytes) {
        long p = raw.malloc(Math.max(nbytes, 1));
        if (p == 0) throw new OutOfMemoryError(device + ": out of memory allocating " + nbytes + " bytes");
        return p;
    }

    @Override
    public long blockSize(long nbytes) { return nbytes; }

    @Override
    public void free(long address, long nbytes) { raw.free(address); }

    @Override
    public void emptyCache() {}

    @Override
    public MemoryStats stats() { return stats; }
}
