// CheckpointTest: a Sequential of Linear layers saved and loaded by name, a training checkpoint with
// Adam's state restored exactly, and a mismatched model whose every problem is reported.
package dev.tessera.io;

import dev.tessera.nn.Linear;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.optim.Adam;
import dev.tessera.optim.Optimizer;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.tessera.io.IoTestFiles.assertSameTensor;
import static org.junit.jupiter.api.Assertions.*;

class CheckpointTest {
    @TempDir
    Path dir;

    private static Sequential model(long seed, long out) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(4, 8, true, DType.F32, g), new ReLU(), new Linear(8, out, true, DType.F32, g));
    }

    private static void train(Sequential m, Optimizer opt, int steps) {
        Tensor x = Tensor.randn(new Generator(5), 16, 4);
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            Tensor y = m.forward(x);
            y.mul(y).mean().backward();
            opt.step();
        }
    }

    @Test
    void weightsRoundTripByName() {
        Sequential a = model(1, 3), b = model(2, 3);
        Path p = dir.resolve("w.safetensors");
        SafeTensors.save(p, a);
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(SafeTensors.read(p).tensors().keySet()));
        SafeTensors.load(p, b);
        for (String k : a.stateDict().keySet()) assertSameTensor(a.stateDict().get(k), b.stateDict().get(k));
    }

    @Test
    void checkpointRestoresAdamState() {
        Sequential a = model(1, 3);
        Adam optA = new Adam(a.parameters(), 0.01);
        train(a, optA, 3);
        Path p = dir.resolve("ckpt.safetensors");
        SafeTensors.saveCheckpoint(p, a, optA);

        Sequential b = model(9, 3);
        Adam optB = new Adam(b.parameters(), 0.5);
        SafeTensors.loadCheckpoint(p, b, optB);
        Optimizer.StateDict sa = optA.stateDict(), sb = optB.stateDict();
        assertEquals(sa.scalars(), sb.scalars());
        assertEquals(sa.tensors().keySet(), sb.tensors().keySet());
        for (String k : sa.tensors().keySet()) assertSameTensor(sa.tensors().get(k), sb.tensors().get(k));
        train(a, optA, 2);
        train(b, optB, 2);
        for (String k : a.stateDict().keySet()) assertSameTensor(a.stateDict().get(k), b.stateDict().get(k));
    }

    @Test
    void mismatchesAreAllReported() {
        Path p = dir.resolve("w.safetensors");
        SafeTensors.save(p, model(1, 3));
        Sequential other = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2), new ReLU(), new Linear(2, 2));
        TensorFileException e = assertThrows(TensorFileException.class, () -> SafeTensors.load(p, other));
        String msg = e.getMessage();
        assertTrue(msg.startsWith(p.toString()), msg);
        assertTrue(msg.contains("'2.weight'") && msg.contains("'2.bias'") && msg.contains("missing key '4.weight'")
                && msg.contains("missing key '4.bias'"), msg);
    }
}
