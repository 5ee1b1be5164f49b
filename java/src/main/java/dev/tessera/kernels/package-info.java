/**
 * The kernel-version table: each family (matmul, elementwise, ...) lists its numbered versions
 * (0 = the vendor library) with the CPU features they need; the default is picked at run time and
 * any version can be forced with {@code TESSERA_KERNEL_<FAMILY>=<n>} or
 * {@link dev.tessera.kernels.KernelFamily#select(int)}.
 */
package dev.tessera.kernels;
