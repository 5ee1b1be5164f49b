// Sequential: modules applied one after the other; children are named "0", "1", ... as in
// torch.nn.Sequential, so a parameter of the second layer is "1.weight" in the state dict.
package dev.tessera.nn;

import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

public class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** Appends a module under the next index as its name; returns this. */
    public Sequential add(Module module) {
        registerModule(String.valueOf(layers.size()), module);
        layers.add(module);
        return this;
    }

    /** The i-th module (negative i counts from the end). */
    public Module get(int i) {
        int n = layers.size();
        if (i < -n || i >= n) throw new IndexOutOfBoundsException("Sequential.get: index " + i + " out of range for " + n + " modules");
        return layers.get(i < 0 ? i + n : i);
    }

    public int size() { return layers.size(); }

    @Override
    public Tensor forward(Tensor x) {
        for (int i = 0; i < layers.size(); i++) x = layers.get(i).forward(x);
        return x;
    }

    @Override
    Tensor traceShapes(Tensor x, Map<Module, long[]> shapes) {
        for (int i = 0; i < layers.size(); i++) x = layers.get(i).traceShapes(x, shapes);
        shapes.put(this, x.shape());
        return x;
    }
}
