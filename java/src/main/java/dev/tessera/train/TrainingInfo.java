// TrainingInfo: what a callback learns when fit starts (Keras' set_model + set_params): the model
// being trained (stop it, read its optimizer, save its weights), the number of epochs asked for,
// and the batches per epoch, or -1 when the data source doesn't say (an Iterable that is not a
// DataLoader, a Batches or a Collection).
package dev.tessera.train;

public record TrainingInfo(Model model, int epochs, int stepsPerEpoch) {}
