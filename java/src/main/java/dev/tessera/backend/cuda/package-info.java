/**
 * The CUDA backend. For now {@link dev.tessera.backend.cuda.CudaStatus} probes the optional CUDA
 * library (built from kernels/ when nvcc is present) and says exactly why CUDA can't be used.
 */
package dev.tessera.backend.cuda;
