/**
 * Neural-network layers: {@link dev.tessera.nn.Module} (named parameters, buffers and children,
 * train/eval mode, state dict, summary), containers ({@link dev.tessera.nn.Sequential}), layers
 * ({@link dev.tessera.nn.Linear}, {@link dev.tessera.nn.Flatten}, {@link dev.tessera.nn.Dropout}),
 * activation modules, and the initialisers of {@link dev.tessera.nn.Init}. Modules compute with the
 * ops of dev.tessera.ops, so autograd records their graph; their parameters live in the scope that
 * was current when they were built.
 */
package dev.tessera.nn;
