/**
 * The CPU backend: strided metadata for the flat C ABI, native status codes turned into
 * exceptions, OpenBLAS as gemm version 0, and the CPU's features read with cpuid.
 */
package dev.tessera.backend.cpu;
