// ClassifierTraining: the training loop the epoch benchmarks time (MlpTrainingBench, CnnTrainingBench):
// a classifier, Adam lr 1e-3 and cross entropy; one step on a fixed random batch, or one epoch over
// Fashion-MNIST's 60,000 training images in shuffled batches (each step in its own scope).
package dev.tessera.bench;

import dev.tessera.data.Batches;
import dev.tessera.data.Datasets;
import dev.tessera.data.LabeledImages;
import dev.tessera.memory.Scope;
import dev.tessera.nn.Module;
import dev.tessera.ops.Losses;
import dev.tessera.optim.Adam;
import dev.tessera.optim.Optimizer;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

import java.util.function.UnaryOperator;

final class ClassifierTraining implements AutoCloseable {
    private final Module model;
    private final Optimizer opt;
    private final Tensor x;
    private final Tensor y;
    private final LabeledImages train;
    private final Batches batches;

    /** {@code shape} turns images [n, 28, 28] into the network's input (e.g. adds a channel dim). */
    ClassifierTraining(Module model, int batchSize, UnaryOperator<Tensor> shape) {
        Generator g = new Generator(0);
        this.model = model;
        opt = new Adam(model.parameters(), 1e-3);
        x = shape.apply(Tensor.rand(g, batchSize, 28, 28));
        y = Tensor.randint(g, 0, 10, batchSize);
        if (Datasets.findFashionMnist() != null) {
            train = Datasets.fashionMnist(Datasets.Split.TRAIN);
            batches = Batches.of(shape.apply(train.images()), train.labels(), batchSize).shuffle(new Generator(1));
        } else {
            train = null;
            batches = null;
        }
    }

    private void step(Tensor bx, Tensor by) {
        Tensor loss = Losses.crossEntropy(model.forward(bx), by);
        loss.backward();
        opt.step();
        opt.zeroGrad();
    }

    /** One training step on the fixed batch. */
    void fixedStep() {
        try (Scope s = Scope.open()) {
            step(x, y);
        }
    }

    /** One epoch of Fashion-MNIST. */
    void epoch() {
        if (batches == null) throw new IllegalStateException("Fashion-MNIST is not installed (./tessera data)");
        for (Batches.Batch b : batches) {
            try (b; Scope s = Scope.open()) {
                step(b.x(), b.y());
            }
        }
    }

    @Override
    public void close() {
        opt.close();
        model.close();
        x.close();
        y.close();
        if (train != null) train.close();
    }
}
