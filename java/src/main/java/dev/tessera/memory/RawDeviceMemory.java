// RawDeviceMemory: where CachingDeviceAllocator gets and returns whole segments. On a GPU it is
// cudaMalloc / cudaFree (dev.tessera.backend.cuda.CudaBackend); tests put host memory behind it, so the allocator's
// bookkeeping (size classes, splits, merges, per-stream reuse) is checked on any machine.
package dev.tessera.memory;

public interface RawDeviceMemory {
    /** A new segment of exactly nbytes, or 0 when the device is out of memory. */
    long malloc(long nbytes);

    /** Returns a segment malloc handed out, whole. */
    void free(long address);
}
