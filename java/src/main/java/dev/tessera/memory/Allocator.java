// Allocator: the memory of one device. Blocks are raw addresses; the CPU allocator pools host
// memory, the CUDA allocator (later) caches device memory per stream.
package dev.tessera.memory;

import dev.tessera.tensor.Device;

public interface Allocator {
    Device device();

    /** A block of at least {@code nbytes}; the returned block's real size is {@link #blockSize}. */
    long allocate(long nbytes);

    /** The size the allocator hands out for a request of {@code nbytes} (its size class). */
    long blockSize(long nbytes);

    /** Returns a block obtained from {@link #allocate} with the same request size. */
    void free(long address, long nbytes);

    /** Gives every cached, unused block back to the system. */
    void emptyCache();

    MemoryStats stats();
}
