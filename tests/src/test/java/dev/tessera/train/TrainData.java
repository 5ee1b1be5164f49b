// TrainData: the small synthetic problems the train tests fit — two Gaussian blobs (linearly
// separable, classes alternating so any tail split holds both), XOR — and a small seeded network.
package dev.tessera.train;

import dev.tessera.nn.Linear;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.Tanh;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

final class TrainData {
    private TrainData() {}

    /** Features [n, 2] f32 and labels [n] i64: class i % 2 around (-2, -2) or (2, 2), unit spread. */
    record Blobs(Tensor x, Tensor y) {}

    static Blobs blobs(int n, long seed) {
        double[] noise = new Generator(seed).normals(2 * n);
        float[][] x = new float[n][2];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double center = y[i] == 0 ? -2 : 2;
            x[i][0] = (float) (center + noise[2 * i]);
            x[i][1] = (float) (center + noise[2 * i + 1]);
        }
        return new Blobs(Tensor.fromArray(x), Tensor.of(y));
    }

    /** 2 -> 16 tanh -> 2 logits. */
    static Sequential classifier(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(2, 16, true, DType.F32, g), new Tanh(), new Linear(16, 2, true, DType.F32, g));
    }

    /** Every parameter's values, in order, as host arrays. */
    static float[][] weights(Model model) {
        return model.parameters().stream().map(Tensor::toFloatArray).toArray(float[][]::new);
    }
}
