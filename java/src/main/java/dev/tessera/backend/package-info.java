/**
 * {@link dev.tessera.backend.Backend}: what a device provides to run the op table (allocator,
 * kernels, synchronisation). {@code backend.cpu} runs the C++ kernels through the JavaCPP bridge;
 * {@code backend.cuda} reports whether CUDA can be used and why not.
 */
package dev.tessera.backend;
