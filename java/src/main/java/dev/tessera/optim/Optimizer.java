// Optimizer: updates a fixed list of parameters from their gradients after backward(). The update
// of each parameter is one fused native kernel (Backend.sgdStep/adamStep/..., optim.h) run in place
// under GradMode.noGrad(). Per-parameter state (momentum buffers, Adam's moments) is allocated at
// the parameter's first update in the optimizer's own scope — the scope that was current when the
// optimizer was made, not the step's scope open when step() runs — and freed by close().
package dev.tessera.optim;

import dev.tessera.autograd.GradMode;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public abstract class Optimizer implements AutoCloseable {
    /** The names {@link #byName} accepts. */
    public static final List<String> NAMES = List.of("sgd", "adam", "adamw", "rmsprop", "adagrad");

    private final String name;
    private final List<Tensor> params;
    private final Scope home;
    private final String[] bufferNames;
    private final ParamState[] states;
    private double lr;
    private boolean closed;

    /**
     * @param name        the optimizer's name in messages ("adam")
     * @param params      leaf, floating-point, contiguous tensors, each once; parameters that never
     *                    get a gradient (requiresGrad off, frozen) are allowed and skipped, as in PyTorch
     * @param bufferNames the state buffers each parameter gets at its first update, in a fixed order
     */
    protected Optimizer(String name, List<Tensor> params, double lr, String... bufferNames) {
        this.name = name;
        if (params == null) throw new NullPointerException(name + ": params is null");
        if (params.isEmpty()) throw new IllegalArgumentException(name + ": got an empty parameter list");
        Map<Tensor, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) throw new NullPointerException(name + ": parameter " + i + " is null");
            p.checkOpen(name);
            Integer first = seen.put(p, i);
            if (first != null) {
                throw new IllegalArgumentException(name + ": parameter " + i + " " + p.describe() + " is the same tensor as parameter "
                        + first + "; each parameter may appear once");
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(name + ": parameter " + i + " " + p.describe() + " is not a leaf (it is the result of "
                        + p.gradFn().op().name() + "); optimize the leaf it was computed from");
            }
            if (!p.dtype().isFloat()) {
                throw new IllegalArgumentException(name + ": parameter " + i + " " + p.describe() + " must be floating point");
            }
            if (!p.isContiguous()) {
                throw new IllegalArgumentException(name + ": parameter " + i + " " + p.describe()
                        + " is not contiguous (the fused update kernels need contiguous memory; make the parameter contiguous())");
            }
        }
        this.params = List.copyOf(params);
        this.home = Scope.current();
        this.bufferNames = bufferNames.clone();
        this.states = new ParamState[params.size()];
        setLr(lr);
    }

    // ------------------------------------------------------------------ factory

    /**
     * The optimizer called {@code name} (case-insensitive: sgd, adam, adamw, rmsprop, adagrad) with its
     * PyTorch defaults and learning rate {@code lr}.
     */
    public static Optimizer byName(String name, List<Tensor> params, double lr) {
        if (name == null) throw new NullPointerException("optimizer name is null");
        switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd": return new SGD(params, lr);
            case "adam": return new Adam(params, lr);
            case "adamw": return new AdamW(params, lr);
            case "rmsprop": return new RMSprop(params, lr);
            case "adagrad": return new Adagrad(params, lr);
            default: throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: " + String.join(", ", NAMES));
        }
    }

    // ------------------------------------------------------------------ accessors

    public String name() { return name; }

    /** The parameters, in the order given. */
    public List<Tensor> params() { return params; }

    /** The learning rate the next step uses. */
    public double lr() { return lr; }

    /** Sets the learning rate of the following steps (schedulers call this). */
    public void setLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) throw new IllegalArgumentException(name + ": invalid learning rate " + lr);
        this.lr = lr;
    }

    /** Names of the per-parameter state buffers, in order (e.g. exp_avg, exp_avg_sq). */
    public List<String> bufferNames() { return List.of(bufferNames); }

    public boolean isClosed() { return closed; }

    // ------------------------------------------------------------------ the update

    /**
     * Updates every parameter that has a gradient, in place and without recording the graph;
     * parameters whose grad is null are skipped (their step count does not advance).
     */
    public final void step() {
        checkUsable("step");
        try (GradMode.Guard off = GradMode.noGrad(); Scope temps = Scope.open()) {
            for (int i = 0; i < states.length; i++) {
                Tensor p = params.get(i);
                Tensor g = p.grad();
                if (g == null || g.isClosed()) continue;
                p.checkOpen(name + " step");
                if (g.numel() != p.numel()) {
                    throw new IllegalStateException(name + ": gradient " + g.describe() + " of parameter " + i + " " + p.describe()
                            + " has another size");
                }
                if (g.dtype() != p.dtype()) g = g.to(p.dtype());
                if (!g.isContiguous()) g = g.contiguous();
                ParamState st = states[i];
                if (st == null) st = states[i] = newState(p);
                st.step++;
                update(p, g, st.buffers, st.step);
                p.storage().bumpVersion();
                for (Tensor b : st.buffers) b.storage().bumpVersion();
            }
        }
    }

    /**
     * One parameter's fused update. {@code grad} is contiguous and of the parameter's dtype;
     * {@code buffers} follow {@link #bufferNames()}; {@code step} counts from 1 and includes this step.
     */
    protected abstract void update(Tensor param, Tensor grad, Tensor[] buffers, long step);

    /** The initial value of a state buffer (0 unless overridden: Adagrad's initial accumulator). */
    protected double initialValue(String buffer) { return 0; }

    private ParamState newState(Tensor p) {
        Tensor[] buffers = new Tensor[bufferNames.length];
        for (int k = 0; k < buffers.length; k++) buffers[k] = allocate(p, initialValue(bufferNames[k]));
        return new ParamState(buffers);
    }

    /** A state tensor shaped like {@code p}, filled with {@code value}, owned by the optimizer's scope. */
    private Tensor allocate(Tensor p, double value) {
        Tensor t = Tensor.full(p.dtype(), value, p.shapeRef());
        Scope.moveInto(t, home);
        return t;
    }

    /** Zeroes every parameter's gradient in place (the memory is kept for the next backward). */
    public void zeroGrad() {
        checkUsable("zero_grad");
        for (Tensor p : params) p.zeroGrad();
    }

    private void checkUsable(String op) {
        if (closed) throw new IllegalStateException(name + " " + op + ": the optimizer is closed");
        if (home != null && home.isClosed()) {
            throw new IllegalStateException(name + " " + op + ": the scope the optimizer was made in is closed, and its state with it;"
                    + " make the optimizer in a scope that lives as long as the training loop");
        }
    }

    // ------------------------------------------------------------------ state

    /** One parameter's state: the number of updates it had and its buffers. */
    public final class ParamState {
        private long step;
        private final Tensor[] buffers;

        private ParamState(Tensor[] buffers) { this.buffers = buffers; }

        /** Updates applied to this parameter so far. */
        public long step() { return step; }

        /** The optimizer's own buffer (not a copy; don't close it), e.g. "exp_avg". */
        public Tensor buffer(String bufferName) {
            int k = Arrays.asList(bufferNames).indexOf(bufferName);
            if (k < 0) {
                throw new IllegalArgumentException(name + ": no state buffer '" + bufferName + "'; this optimizer has " + bufferNames());
            }
            return buffers[k];
        }

        /** Buffer name to tensor, in {@link #bufferNames()} order. */
        public Map<String, Tensor> buffers() {
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (int k = 0; k < buffers.length; k++) m.put(bufferNames[k], buffers[k]);
            return Collections.unmodifiableMap(m);
        }
    }

    /** The state of parameter {@code index}, or null before its first update. */
    public ParamState state(int index) {
        return states[index];
    }

    /** The state of {@code param} (one of {@link #params()}), or null before its first update. */
    public ParamState state(Tensor param) {
        int i = indexOf(param);
        if (i < 0) throw new IllegalArgumentException(name + ": tensor " + param.describe() + " is not one of this optimizer's parameters");
        return states[i];
    }

    /** Every parameter that has state, to its state, in parameter order. */
    public Map<Tensor, ParamState> state() {
        Map<Tensor, ParamState> m = new LinkedHashMap<>();
        for (int i = 0; i < states.length; i++) if (states[i] != null) m.put(params.get(i), states[i]);
        return Collections.unmodifiableMap(m);
    }

    private int indexOf(Tensor param) {
        for (int i = 0; i < params.size(); i++) if (params.get(i) == param) return i;
        return -1;
    }

    /**
     * What a checkpoint saves: tensors named "{index}.{buffer}" (e.g. "0.exp_avg") and scalars "lr"
     * and "{index}.step", indices being positions in {@link #params()}.
     */
    public record StateDict(Map<String, Tensor> tensors, Map<String, Double> scalars) {
        public StateDict {
            if (tensors == null || scalars == null) throw new NullPointerException("StateDict: tensors or scalars is null");
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
        }
    }

    /**
     * The optimizer's state for a checkpoint. The tensors are the optimizer's own buffers, not
     * copies: write them out, don't close them (a later step changes them).
     */
    public StateDict stateDict() {
        checkUsable("state_dict");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("lr", lr);
        for (int i = 0; i < states.length; i++) {
            ParamState st = states[i];
            if (st == null) continue;
            scalars.put(i + ".step", (double) st.step);
            for (int k = 0; k < bufferNames.length; k++) tensors.put(i + "." + bufferNames[k], st.buffers[k]);
        }
        return new StateDict(tensors, scalars);
    }

    /**
     * Restores a state saved by {@link #stateDict()} of an optimizer of the same kind and options over
     * parameters of the same shapes: values are copied (and converted to the parameter's dtype) into
     * buffers owned by this optimizer; parameters absent from the dict start afresh. Everything is
     * checked before anything changes.
     */
    public void loadStateDict(StateDict dict) {
        checkUsable("load_state_dict");
        if (dict == null) throw new NullPointerException(name + " load_state_dict: dict is null");
        String op = name + " load_state_dict";
        Double newLr = dict.scalars().get("lr");
        if (newLr == null) throw new IllegalArgumentException(op + ": no 'lr' scalar");
        long[] steps = new long[states.length];
        Tensor[][] sources = new Tensor[states.length][];
        for (Map.Entry<String, Double> e : dict.scalars().entrySet()) {
            if (e.getKey().equals("lr")) continue;
            int i = paramIndex(op, e.getKey(), ".step");
            double v = e.getValue();
            if (!(v >= 1) || v != Math.rint(v)) throw new IllegalArgumentException(op + ": " + e.getKey() + " = " + v + " is not a step count >= 1");
            steps[i] = (long) v;
        }
        for (Map.Entry<String, Tensor> e : dict.tensors().entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            String buffer = dot < 0 ? "" : key.substring(dot + 1);
            int k = Arrays.asList(bufferNames).indexOf(buffer);
            if (k < 0) {
                throw new IllegalArgumentException(op + ": unexpected tensor '" + key + "'; this optimizer's buffers are " + bufferNames());
            }
            int i = paramIndex(op, key, "." + buffer);
            Tensor t = e.getValue();
            if (t == null) throw new NullPointerException(op + ": tensor '" + key + "' is null");
            t.checkOpen(op);
            Tensor p = params.get(i);
            if (!Arrays.equals(t.shapeRef(), p.shapeRef())) {
                throw new IllegalArgumentException(op + ": '" + key + "' " + t.describe() + " doesn't match parameter " + i + " " + p.describe());
            }
            if (sources[i] == null) sources[i] = new Tensor[bufferNames.length];
            sources[i][k] = t;
        }
        for (int i = 0; i < states.length; i++) {
            boolean hasStep = steps[i] > 0;
            if (sources[i] == null && bufferNames.length > 0 && hasStep) {
                throw new IllegalArgumentException(op + ": parameter " + i + " has a step count but no buffers " + bufferNames());
            }
            if (sources[i] != null) {
                if (!hasStep) throw new IllegalArgumentException(op + ": parameter " + i + " has buffers but no '" + i + ".step'");
                for (int k = 0; k < bufferNames.length; k++) {
                    if (sources[i][k] == null) throw new IllegalArgumentException(op + ": missing tensor '" + i + "." + bufferNames[k] + "'");
                }
            }
        }
        setLr(newLr);
        try (GradMode.Guard off = GradMode.noGrad(); Scope temps = Scope.open()) {
            for (int i = 0; i < states.length; i++) {
                if (steps[i] == 0) {
                    freeState(i);
                    continue;
                }
                if (states[i] == null) states[i] = newState(params.get(i));
                ParamState st = states[i];
                st.step = steps[i];
                for (int k = 0; k < bufferNames.length; k++) {
                    if (sources[i][k] != st.buffers[k]) st.buffers[k].copyFrom(sources[i][k]);
                }
            }
        }
    }

    private int paramIndex(String op, String key, String suffix) {
        if (key.endsWith(suffix)) {
            String head = key.substring(0, key.length() - suffix.length());
            if (!head.isEmpty() && head.chars().allMatch(Character::isDigit) && head.length() < 10) {
                int i = Integer.parseInt(head);
                if (i < params.size()) return i;
                throw new IllegalArgumentException(op + ": '" + key + "' names parameter " + i + " but there are " + params.size());
            }
        }
        throw new IllegalArgumentException(op + ": unexpected key '" + key + "' (expected 'lr', '<index>.step' or '<index>.<buffer>')");
    }

    private void freeState(int i) {
        ParamState st = states[i];
        if (st == null) return;
        for (Tensor b : st.buffers) b.close();
        states[i] = null;
    }

    /** Forgets all state (the next step starts afresh, as a new optimizer would) and frees it. */
    public void resetState() {
        checkUsable("reset_state");
        for (int i = 0; i < states.length; i++) freeState(i);
    }

    /** Frees the state; the optimizer can't be used afterwards. Closing twice is a no-op. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (int i = 0; i < states.length; i++) {
            ParamState st = states[i];
            if (st == null) continue;
            for (Tensor b : st.buffers) b.close();
            states[i] = null;
        }
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("lr=" + lr);
        parts.addAll(options());
        return getClass().getSimpleName() + "(" + String.join(", ", parts) + ", " + params.size() + " params)";
    }

    /** "name=value" of the hyper-parameters other than lr, for toString. */
    protected abstract List<String> options();

    /** Rejects a hyper-parameter outside [lo, hi) (hi = +inf: any finite value >= lo), NaN included. */
    protected final double check(String what, double value, double lo, double hi) {
        if (!(value >= lo && value < hi)) {
            String range = Double.isInfinite(hi) ? ">= " + lo : "in [" + lo + ", " + hi + ")";
            throw new IllegalArgumentException(name + ": invalid " + what + " " + value + " (must be " + range + ")");
        }
        return value;
    }
}
