/**
 * Tensors: {@link dev.tessera.tensor.Tensor} (a view: shape, strides, offset, dtype over a
 * reference-counted storage), {@link dev.tessera.tensor.DType} with PyTorch's promotion rules,
 * {@link dev.tessera.tensor.Shape} helpers (broadcasting), {@link dev.tessera.tensor.Device} and the
 * counter-based {@link dev.tessera.tensor.Generator} (Philox 4x32-10).
 */
package dev.tessera.tensor;
