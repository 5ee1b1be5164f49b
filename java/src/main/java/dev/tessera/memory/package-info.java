/**
 * Memory: per-device {@link dev.tessera.memory.Allocator}s (the CPU one pools 64-byte aligned blocks
 * in size classes), reference-counted {@link dev.tessera.memory.Storage}, hierarchical
 * {@link dev.tessera.memory.Scope}s that free what was created inside them, and
 * {@link dev.tessera.memory.MemoryStats}. Tensors nobody closed are freed by a Cleaner and counted
 * as leaks.
 */
package dev.tessera.memory;
