// LabeledImages: a data set of images and their class labels, as two CPU tensors that share their
// first dimension: images [n, 28, 28] f32 in [0, 1] and labels [n] i64. split(fraction, seed) holds out a
// seeded random subset (e.g. the test fifth of the MNIST digits); the same seed gives the same split.
package dev.tessera.data;

import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.util.Arrays;

public record LabeledImages(Tensor images, Tensor labels) implements AutoCloseable {

    /** A train part and a held-out test part of one data set. */
    public record TrainTest(LabeledImages train, LabeledImages test) implements AutoCloseable {
        @Override
        public void close() {
            train.close();
            test.close();
        }
    }

    public LabeledImages {
        if (images.dim() < 1 || labels.dim() != 1 || images.size(0) != labels.size(0)) {
            throw new IllegalArgumentException("LabeledImages: images " + images.describe() + " and labels " + labels.describe()
                    + " must be [n, ...] and [n]");
        }
        if (labels.dtype() != DType.I64) throw new IllegalArgumentException("LabeledImages: labels must be i64, got " + labels.describe());
    }

    /** Number of samples. */
    public long size() { return labels.size(0); }

    /**
     * Holds out round(testFraction * n) samples chosen by a permutation drawn from
     * {@code new Generator(seed)}; both parts keep the original order of their samples.
     */
    public TrainTest split(double testFraction, long seed) {
        if (!(testFraction >= 0 && testFraction <= 1)) {
            throw new IllegalArgumentException("split: testFraction must be in [0, 1], got " + testFraction);
        }
        int n = Math.toIntExact(size());
        int nTest = (int) Math.round(testFraction * n);
        long[] perm = Shuffle.permutation(n, new Generator(seed));
        long[] test = Arrays.copyOfRange(perm, 0, nTest);
        long[] train = Arrays.copyOfRange(perm, nTest, n);
        Arrays.sort(test);
        Arrays.sort(train);
        return new TrainTest(select(train), select(test));
    }

    /** The samples at the given positions, copied (one index_select per tensor). */
    public LabeledImages select(long[] indices) {
        try (Tensor idx = Tensor.of(indices)) {
            return new LabeledImages(images.indexSelect(0, idx), labels.indexSelect(0, idx));
        }
    }

    /** Moves both tensors out of the current scope (see {@link Tensor#keep()}). */
    public LabeledImages keep() {
        images.keep();
        labels.keep();
        return this;
    }

    @Override
    public void close() {
        images.close();
        labels.close();
    }
}
