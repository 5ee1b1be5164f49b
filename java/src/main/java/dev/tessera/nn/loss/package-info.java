/**
 * Loss functions as objects for training code: {@link dev.tessera.nn.loss.Loss} and one thin class
 * per loss of {@link dev.tessera.ops.Losses} (which holds the validation, fused kernels and
 * gradients), plus {@link dev.tessera.nn.loss.CategoricalCrossEntropyLoss} (one-hot targets, composed
 * of differentiable ops); {@link dev.tessera.nn.loss.Loss#byName} maps Keras and PyTorch names to them.
 */
package dev.tessera.nn.loss;
