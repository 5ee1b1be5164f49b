// Module: the base of every layer. It owns named parameters (trainable leaf tensors), named buffers
// (state that is saved but not trained) and named child modules, all kept in registration order,
// so parameters(), namedParameters() and stateDict() are deterministic and their dotted names
// ("0.weight", "fc1.bias") match PyTorch's and become the safetensors keys.
//
// Lifetime (DESIGN.md "Tensors and memory"): parameters and buffers belong to the scope that was
// current when the module was built (or to no scope, Cleaner-watched, when none was open); a
// per-step scope never frees them, and their gradients are adopted into the same scope by autograd.
// close() frees parameters, buffers and gradients of the whole tree explicitly.
package dev.tessera.nn;

import dev.tessera.autograd.GradMode;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

public abstract class Module implements AutoCloseable {
    private final LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The computation of this module (ops only: the graph is recorded by the ops themselves). */
    public abstract Tensor forward(Tensor input);

    // ------------------------------------------------------------------ registration

    /** Registers a trainable parameter (marked requiresGrad) under {@code name}; returns it. */
    protected final Tensor registerParameter(String name, Tensor parameter) {
        checkName(name);
        checkTensor(name, parameter);
        if (!parameter.isLeaf()) {
            throw new IllegalArgumentException(typeName() + ": parameter '" + name + "' " + parameter.describe()
                    + " is the result of an op; parameters must be leaf tensors (detach() it, or build it under GradMode.noGrad())");
        }
        if (!parameter.dtype().isFloat()) {
            throw new IllegalArgumentException(typeName() + ": parameter '" + name + "' must be floating point, got " + parameter.describe());
        }
        parameter.requiresGrad(true);
        params.put(name, parameter);
        return parameter;
    }

    /** Registers a buffer: state saved in the state dict but not trained (running statistics, masks). */
    protected final Tensor registerBuffer(String name, Tensor buffer) {
        checkName(name);
        checkTensor(name, buffer);
        buffers.put(name, buffer);
        return buffer;
    }

    /** Registers a child module; its parameters appear as "name.param". Returns the child. */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkName(name);
        if (child == null) throw new NullPointerException(typeName() + ": module '" + name + "' is null");
        if (child == this) throw new IllegalArgumentException(typeName() + ": a module can't be its own child ('" + name + "')");
        children.put(name, child);
        return child;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(typeName() + ": invalid name '" + name + "' (must be non-empty and contain no '.')");
        }
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(typeName() + ": name '" + name + "' is already registered");
        }
    }

    private void checkTensor(String name, Tensor t) {
        if (t == null) throw new NullPointerException(typeName() + ": tensor '" + name + "' is null");
        t.checkOpen(typeName() + ".register('" + name + "')");
    }

    /** This module's own parameter {@code name} (not recursive); throws when there is none. */
    public final Tensor parameter(String name) {
        Tensor t = params.get(name);
        if (t == null) throw new IllegalArgumentException(typeName() + ": no parameter '" + name + "' (has " + params.keySet() + ")");
        return t;
    }

    /** This module's own buffer {@code name} (not recursive); throws when there is none. */
    public final Tensor buffer(String name) {
        Tensor t = buffers.get(name);
        if (t == null) throw new IllegalArgumentException(typeName() + ": no buffer '" + name + "' (has " + buffers.keySet() + ")");
        return t;
    }

    /** This module's own parameters (not its children's) by local name, read-only. */
    final Map<String, Tensor> ownParameters() { return Collections.unmodifiableMap(params); }

    // ------------------------------------------------------------------ traversal

    /** Every parameter of the tree, each once, in registration order (own first, then children's). */
    public final List<Tensor> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Parameters by dotted name; a tensor registered twice (tied weights) appears once, under its first name. */
    public final LinkedHashMap<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (Map.Entry<String, Tensor> p : m.getValue().params.entrySet()) {
                if (seen.add(p.getValue())) out.put(join(m.getKey(), p.getKey()), p.getValue());
            }
        }
        return out;
    }

    public final List<Tensor> buffers() { return new ArrayList<>(namedBuffers().values()); }

    public final LinkedHashMap<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (Map.Entry<String, Tensor> b : m.getValue().buffers.entrySet()) {
                if (seen.add(b.getValue())) out.put(join(m.getKey(), b.getKey()), b.getValue());
            }
        }
        return out;
    }

    /** Direct children by name, in registration order. */
    public final LinkedHashMap<String, Module> namedChildren() { return new LinkedHashMap<>(children); }

    public final List<Module> children() { return new ArrayList<>(children.values()); }

    /** This module (name "") and every descendant, depth first, each once, with dotted names. */
    public final LinkedHashMap<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        collectModules("", this, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    public final List<Module> modules() { return new ArrayList<>(namedModules().values()); }

    private static void collectModules(String prefix, Module m, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(m)) return;
        out.put(prefix, m);
        for (Map.Entry<String, Module> c : m.children.entrySet()) collectModules(join(prefix, c.getKey()), c.getValue(), out, seen);
    }

    private static String join(String prefix, String name) { return prefix.isEmpty() ? name : prefix + "." + name; }

    // ------------------------------------------------------------------ modes and gradients

    /** Training mode (Dropout active) for this module and all descendants; returns this. */
    public Module train() { return train(true); }

    /** Evaluation mode (Dropout is the identity) for this module and all descendants; returns this. */
    public Module eval() { return train(false); }

    public Module train(boolean on) {
        for (Module m : modules()) m.training = on;
        return this;
    }

    public final boolean isTraining() { return training; }

    /** Freezes (false) or unfreezes (true) every parameter of the tree; frozen ones get no gradient. */
    public Module requiresGrad(boolean on) {
        for (Tensor p : parameters()) p.requiresGrad(on);
        return this;
    }

    /**
     * Zeroes every parameter's gradient in place (the memory is reused by the next backward). Walks
     * the tree directly so a training step's call allocates nothing.
     */
    public void zeroGrad() {
        for (Tensor p : params.values()) p.zeroGrad();
        for (Module c : children.values()) c.zeroGrad();
    }

    /** Number of parameter elements in the tree (tied parameters counted once). */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) n += p.numel();
        return n;
    }

    /** Number of parameter elements that require grad. */
    public final long trainableParameterCount() {
        long n = 0;
        for (Tensor p : parameters()) if (p.requiresGrad()) n += p.numel();
        return n;
    }

    // ------------------------------------------------------------------ state dict

    /**
     * Parameters and buffers by dotted name, in PyTorch's order (each module's parameters, then its
     * buffers, then its children's). The values are detached aliases: new views sharing the
     * parameters' memory (no copy), cut off from the graph, owned by the scope current at the call.
     * They see later updates to the parameters; close them, or call this inside a scope, when done.
     */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : stateTensors().entrySet()) out.put(e.getKey(), e.getValue().detach());
        return out;
    }

    /** The module's own parameter and buffer tensors under their state-dict names (no aliases). */
    private LinkedHashMap<String, Tensor> stateTensors() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (Map.Entry<String, Tensor> p : m.getValue().params.entrySet()) out.put(join(m.getKey(), p.getKey()), p.getValue());
            for (Map.Entry<String, Tensor> b : m.getValue().buffers.entrySet()) out.put(join(m.getKey(), b.getKey()), b.getValue());
        }
        return out;
    }

    /** What a non-strict load left out: model entries absent from the map, and map entries the model lacks. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {}

    /** Strict load: same as {@code loadStateDict(state, true)}. */
    public final LoadResult loadStateDict(Map<String, Tensor> state) { return loadStateDict(state, true); }

    /**
     * Copies values from {@code state} into the parameters and buffers in place (their identity,
     * scope and gradients are kept). Every problem is checked before anything is copied and all of
     * them are reported in one IllegalArgumentException: shape and dtype mismatches, closed or null
     * values, and (when strict) missing and unexpected keys.
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        if (state == null) throw new NullPointerException("loadStateDict: state is null");
        LinkedHashMap<String, Tensor> targets = stateTensors();
        List<String> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : targets.entrySet()) {
            String key = e.getKey();
            Tensor dst = e.getValue();
            if (!state.containsKey(key)) {
                missing.add(key);
                if (strict) problems.add("missing key '" + key + "' (model has " + dst.describe() + ")");
                continue;
            }
            Tensor src = state.get(key);
            if (src == null) problems.add("'" + key + "' is null");
            else if (src.isClosed()) problems.add("'" + key + "' is closed: " + src.describe());
            else {
                if (!Arrays.equals(src.shapeRef(), dst.shapeRef())) {
                    problems.add("shape mismatch for '" + key + "': state has " + Shape.str(src.shapeRef()) + ", model has "
                            + Shape.str(dst.shapeRef()));
                }
                if (src.dtype() != dst.dtype()) {
                    problems.add("dtype mismatch for '" + key + "': state has " + src.dtype() + ", model has " + dst.dtype());
                }
            }
        }
        for (String key : state.keySet()) {
            if (!targets.containsKey(key)) {
                unexpected.add(key);
                if (strict) problems.add("unexpected key '" + key + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict: " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                    + " loading into " + typeName() + ", nothing was loaded:\n  - " + String.join("\n  - ", problems));
        }
        try (GradMode.Guard off = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : targets.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null && src != e.getValue()) e.getValue().copyFrom(src);
            }
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    // ------------------------------------------------------------------ conversion and lifetime

    /**
     * Converts every floating parameter and buffer to {@code dtype} (integer buffers are left alone,
     * as in PyTorch). The new tensors take the old ones' scope; the old ones and their gradients are
     * freed, so tensors obtained earlier (stateDict aliases, parameters() lists) must be fetched again.
     */
    public Module to(DType dtype) {
        if (dtype == null || !dtype.isFloat()) throw new IllegalArgumentException(typeName() + ".to: needs a floating dtype, got " + dtype);
        for (Module m : modules()) {
            convert(m.params, dtype, true);
            convert(m.buffers, dtype, false);
        }
        return this;
    }

    private static void convert(Map<String, Tensor> tensors, DType dtype, boolean parameters) {
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor old = e.getValue();
            if (!old.dtype().isFloat() || old.dtype() == dtype) continue;
            Tensor converted;
            try (GradMode.Guard off = GradMode.noGrad()) {
                converted = old.to(dtype);
            }
            Scope.moveTo(converted, old);
            if (parameters) converted.requiresGrad(old.requiresGrad());
            e.setValue(converted);
            old.close();
        }
    }

    /** Frees every parameter, buffer and gradient of the tree now; closing twice is a no-op. */
    @Override
    public void close() {
        for (Module m : modules()) {
            for (Tensor t : m.params.values()) t.close();
            for (Tensor t : m.buffers.values()) t.close();
        }
    }

    // ------------------------------------------------------------------ description

    /** The layer's type as shown by summary() and toString(): the class's simple name. */
    public String typeName() {
        String n = getClass().getSimpleName();
        return n.isEmpty() ? "Module" : n;
    }

    /** The arguments shown inside the parentheses of toString(), e.g. "inFeatures=784, outFeatures=128". */
    protected String extraRepr() { return ""; }

    /**
     * A table of the layers (dotted name, type, parameter shapes and count) with total, trainable and
     * non-trainable parameter counts, in the style of Keras' model.summary().
     */
    public final String summary() { return ModuleSummary.render(this, null); }

    /**
     * The same table with each layer's output shape, found by running a zero input of this shape
     * through the model (under noGrad, in eval mode, in its own scope; modes are restored after).
     */
    public final String summary(long... inputShape) { return ModuleSummary.render(this, inputShape); }

    /**
     * Runs forward and records the output shape of this module (and, for containers that know
     * their order, of each child) for summary(). Package-private: containers override it.
     */
    Tensor traceShapes(Tensor input, Map<Module, long[]> shapes) {
        Tensor out = forward(input);
        shapes.put(this, out.shape());
        return out;
    }

    /** PyTorch-style description: {@code Sequential(\n  (0): Linear(inFeatures=784, ...)\n)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(typeName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            for (Map.Entry<String, Module> c : children.entrySet()) {
                String child = c.getValue().toString().replace("\n", "\n  ");
                sb.append("  (").append(c.getKey()).append("): ").append(child).append('\n');
            }
        }
        return sb.append(')').toString();
    }
}
