/**
 * Data: the {@link dev.tessera.data.Idx} reader (IDX files, plain or gzip), the real data sets of
 * the examples ({@link dev.tessera.data.Datasets}: Fashion-MNIST and the MNIST digits, found via
 * {@code TESSERA_DATA} or the standard paths, installed by {@code ./tessera data}),
 * {@link dev.tessera.data.LabeledImages} with seeded held-out splits, mini-batches
 * ({@link dev.tessera.data.Batches}) and small {@link dev.tessera.data.Transforms} (unit range,
 * standardisation, one-hot).
 */
package dev.tessera.data;
