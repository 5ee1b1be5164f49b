/**
 * Optim: {@link dev.tessera.optim.Optimizer}s with torch.optim's exact updates and defaults, each a
 * fused native kernel per parameter ({@link dev.tessera.optim.SGD} with momentum, Nesterov and weight
 * decay; {@link dev.tessera.optim.Adam}; {@link dev.tessera.optim.AdamW}; {@link dev.tessera.optim.RMSprop};
 * {@link dev.tessera.optim.Adagrad}), whose state lives in the optimizer's own scope and is saved
 * through {@link dev.tessera.optim.Optimizer#stateDict()}; gradient clipping by norm and by value
 * ({@link dev.tessera.optim.Clip}); L1/L2 penalty terms ({@link dev.tessera.optim.Regularization}).
 * Learning-rate schedulers are in {@link dev.tessera.optim.schedule}.
 */
package dev.tessera.optim;
