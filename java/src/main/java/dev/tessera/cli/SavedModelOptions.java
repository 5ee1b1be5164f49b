// SavedModelOptions: the arguments `tessera eval` and `tessera predict` share: --model PATH (weights
// written by `tessera train EXAMPLE --save PATH`), the example (taken from the file's metadata when
// not given) and --seed (default: the seed the weights were trained with, also from the metadata, as
// it picks the held-out data of digits and logreg). load() builds the example's network and loads the
// weights into it, strictly (names, shapes and dtypes must all match).
package dev.tessera.cli;

import dev.tessera.examples.Example;
import dev.tessera.examples.Examples;
import dev.tessera.examples.Settings;
import dev.tessera.io.SafeTensors;
import dev.tessera.io.TensorFileException;
import dev.tessera.nn.Module;
import dev.tessera.tensor.Tensor;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

final class SavedModelOptions {
    /** Metadata keys `tessera train --save` writes next to {"format": "pt"}. */
    static final String EXAMPLE_KEY = "tessera.example";
    static final String SEED_KEY = "tessera.seed";

    @Option(names = "--model", required = true, paramLabel = "PATH", description = "Weights saved by 'tessera train EXAMPLE --save PATH'")
    Path model;

    @Parameters(index = "0", arity = "0..1", paramLabel = "EXAMPLE",
            description = "linreg, logreg, xor, mlp or digits (default: the one named in the file)")
    String example;

    @Option(names = "--seed", description = "Seed that picks the held-out data (default: the one the weights were trained with)")
    Long seed;

    /** The metadata train --save writes for a network trained by {@code ex} with {@code s}. */
    static Map<String, String> metadata(Example ex, Settings s) {
        Map<String, String> m = new LinkedHashMap<>(); // a fixed order: the same run writes the same bytes
        m.put(EXAMPLE_KEY, ex.name());
        m.put(SEED_KEY, Long.toString(s.seed()));
        return m;
    }

    /** An example's network with the saved weights, and the settings to measure it with. The caller closes the network. */
    record Loaded(Example example, Settings settings, Module network) {}

    /** Resolves the example and seed and loads the weights; wrong arguments are ParameterExceptions (exit 2). */
    Loaded load(CommandSpec spec) {
        if (!Files.isRegularFile(model)) throw new ParameterException(spec.commandLine(), "--model " + model + ": no such file");
        Map<String, String> meta = metadataOf(model);
        String saved = meta.get(EXAMPLE_KEY);
        String name = example != null ? example : saved;
        if (name == null) {
            throw new ParameterException(spec.commandLine(), model + " does not say which example trained it; name the EXAMPLE");
        }
        if (example != null && saved != null && !example.equals(saved)) {
            throw new ParameterException(spec.commandLine(), model + " holds weights of '" + saved + "', not '" + example + "'");
        }
        Example ex;
        try {
            ex = Examples.byName(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Settings s = ex.defaults().override(null, null, null, null, seed != null ? seed : savedSeed(meta));
        Module network = ex.network(s);
        try {
            SafeTensors.load(model, network);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return new Loaded(ex, s, network);
    }

    private Long savedSeed(Map<String, String> meta) {
        String v = meta.get(SEED_KEY);
        if (v == null) return null;
        try {
            return Long.valueOf(v);
        } catch (NumberFormatException e) {
            throw new TensorFileException(model.toString(), "metadata " + SEED_KEY + " = '" + v + "' is not a whole number");
        }
    }

    private static Map<String, String> metadataOf(Path file) {
        SafeTensors.Contents c = SafeTensors.read(file);
        for (Tensor t : c.tensors().values()) t.close();
        return c.metadata();
    }
}
