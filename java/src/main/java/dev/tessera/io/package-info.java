/**
 * Reading and writing tensors to files: {@link dev.tessera.io.SafeTensors} (the Hugging Face
 * safetensors format, used for model weights and optimizer state), {@link dev.tessera.io.Npy}
 * (NumPy's .npy for single tensors) and {@link dev.tessera.io.Npz} (.npz archives of named .npy
 * arrays). Writes are atomic ({@link dev.tessera.io.AtomicFiles}: temp file, fsync, rename); reads validate
 * every field against the file length before allocating and reject malformed files with a
 * {@link dev.tessera.io.TensorFileException} that names the file and the problem.
 */
package dev.tessera.io;
