// PredictCommand: `tessera predict --model PATH [EXAMPLE] (--index I[,I...] | --input FILE.npy)` loads
// saved weights into the example's network and prints its predictions (class indices; values for
// linreg) for samples of the example's held-out data, with their targets, or for the rows of a .npy
// file (one sample, or a batch of them, shaped like the example's inputs).
package dev.tessera.cli;

import dev.tessera.autograd.GradMode;
import dev.tessera.data.Dataset;
import dev.tessera.io.Npy;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Print the predictions of weights saved by 'train --save'.",
                "Class indices (values for linreg) for samples of the example's held-out",
                "data, with their targets, or for the rows of a .npy file."},
        footer = {"", "Examples:", "  tessera predict --model m.safetensors --index 0,1,2",
                "  tessera predict --model m.safetensors mlp --input image.npy",
                "      (image.npy: one [28, 28] image or a batch [k, 28, 28])",
                "", "With --json the last line is",
                "{\"command\":\"predict\",...,\"predictions\":[...],\"targets\":[...]}."})
public final class PredictCommand implements Callable<Integer> {
    @Mixin
    SavedModelOptions saved;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--index", split = ",", paramLabel = "I", description = "Positions in the example's held-out data")
        List<Integer> indices;

        @Option(names = "--input", paramLabel = "FILE", description = "A .npy file: one sample or a batch [k, ...] of them")
        Path input;
    }

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (source.input != null && !Files.isRegularFile(source.input)) {
            throw new ParameterException(spec.commandLine(), "--input " + source.input + ": no such file");
        }
        SavedModelOptions.Loaded m = saved.load(spec);
        try (var network = m.network(); Scope run = Scope.open(); GradMode.Guard noGrad = GradMode.noGrad();
             Dataset.Sample test = m.example().testData(m.settings())) {
            network.eval();
            long[] sampleShape = Arrays.copyOfRange(test.x().shape(), 1, test.x().dim());
            Tensor x;
            Tensor targets = null;
            if (source.indices != null) {
                long n = test.x().size(0);
                for (int i : source.indices) {
                    if (i < 0 || i >= n) throw new ParameterException(spec.commandLine(), "--index " + i + " is out of range: the held-out data has " + n + " samples");
                }
                Tensor idx = Tensor.of(source.indices.stream().mapToLong(Integer::longValue).toArray());
                x = test.x().indexSelect(0, idx);
                targets = test.y().indexSelect(0, idx);
            } else {
                x = batchOf(Npy.load(source.input), sampleShape);
            }
            List<Object> predicted = values(m.example().predictions(network.forward(x)));
            List<Object> expected = targets == null ? null : values(targets);
            for (int r = 0; r < predicted.size(); r++) {
                String label = source.indices != null ? "sample " + source.indices.get(r) : "row " + r;
                System.out.println(label + ": predicted " + predicted.get(r) + (expected == null ? "" : " (target " + expected.get(r) + ")"));
            }
            if (json.enabled()) {
                Json.Obj o = Json.object().put("command", "predict").put("example", m.example().name()).put("model", saved.model.toString())
                        .put("predictions", predicted);
                if (expected != null) o.put("indices", source.indices).put("targets", expected);
                System.out.println(o);
            }
        }
        return 0;
    }

    /** The file's array as a float batch: one sample gets a batch dimension; anything else must already be a batch. */
    private Tensor batchOf(Tensor t, long[] sampleShape) {
        long[] shape = t.shape();
        Tensor batch;
        if (Arrays.equals(shape, sampleShape)) batch = t.unsqueeze(0);
        else if (shape.length == sampleShape.length + 1 && Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), sampleShape)) batch = t;
        else {
            throw new ParameterException(spec.commandLine(), "--input " + source.input + ": shape " + Shape.str(shape) + " is neither one sample "
                    + Shape.str(sampleShape) + " nor a batch [k, " + Shape.str(sampleShape).substring(1));
        }
        return batch.to(DType.F32);
    }

    /** One Java number per element: whole numbers for class indices, doubles for values. */
    private static List<Object> values(Tensor t) {
        List<Object> out = new ArrayList<>();
        if (t.dtype().isIntegral()) for (long v : t.toLongArray()) out.add(v);
        else for (double v : t.toDoubleArray()) out.add(v);
        return out;
    }
}
