// EvalCommand: `tessera eval --model PATH [EXAMPLE]` loads weights saved by `tessera train --save` into
// the example's network and reports the metrics train reports, measured on the example's held-out data
// (test_accuracy; for linreg slope, intercept and the loss on its samples).
package dev.tessera.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Report the test metrics of weights saved by 'train --save'.",
                "Loads them into the example's network and measures it on the held-out",
                "data 'tessera train' reports on."},
        footer = {"", "Example:", "  tessera train xor --save xor.safetensors",
                "  tessera eval --model xor.safetensors",
                "", "With --json the last line is",
                "{\"command\":\"eval\",\"example\":...,\"model\":...,\"test_accuracy\":...}."})
public final class EvalCommand implements Callable<Integer> {
    @Mixin
    SavedModelOptions saved;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SavedModelOptions.Loaded m = saved.load(spec);
        try (var network = m.network()) {
            Map<String, Object> metrics = m.example().evaluate(network, m.settings());
            System.out.printf("%s (%s, seed %d): %s%n", m.example().name(), saved.model, m.settings().seed(), metrics);
            if (json.enabled()) {
                Json.Obj o = Json.object().put("command", "eval").put("example", m.example().name()).put("model", saved.model.toString());
                metrics.forEach(o::put);
                System.out.println(o);
            }
        }
        return 0;
    }
}
