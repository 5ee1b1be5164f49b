/**
 * Data: {@link dev.tessera.data.Dataset} (indexable samples, or tensors via {@code Dataset.of}) and
 * {@link dev.tessera.data.DataLoader} (batching, seeded shuffling, drop-last, a background prefetch
 * thread), with {@link dev.tessera.data.Batches} as the tensors-only shorthand; readers for IDX
 * ({@link dev.tessera.data.Idx}, plain or gzip) and CSV ({@link dev.tessera.data.Csv}); the real data
 * sets of the examples ({@link dev.tessera.data.Datasets}: Fashion-MNIST and the MNIST digits, found
 * via {@code TESSERA_DATA} or the standard paths, installed by {@code ./tessera data});
 * {@link dev.tessera.data.LabeledImages} with seeded held-out splits, and small
 * {@link dev.tessera.data.Transforms} (unit range, standardisation, one-hot).
 */
package dev.tessera.data;
