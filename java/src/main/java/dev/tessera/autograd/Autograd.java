// Autograd: records ops into the graph as they run (define-by-run) and runs backward passes:
// reverse topological order from the root, one Backward per node, gradients summed per node,
// hooks applied (a leaf's once, on its summed gradient), leaf gradients accumulated into their grad
// tensor (kept in the leaf's own scope). Without createGraph a pass frees everything it made as soon
// as it is used, so only the leaves' grad tensors remain; the caller's own tensors are never closed.
package dev.tessera.autograd;

import dev.tessera.memory.Scope;
import dev.tessera.ops.Op;
import dev.tessera.ops.Reductions;
import dev.tessera.ops.Views;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

public final class Autograd {
    private Autograd() {}

    // ------------------------------------------------------------------ recording

    /** True when an op on these inputs must be recorded. */
    public static boolean needed(Tensor a) {
        return a.requiresGrad() && GradMode.isEnabled();
    }

    public static boolean needed(Tensor a, Tensor b) {
        return (a.requiresGrad() || b.requiresGrad()) && GradMode.isEnabled();
    }

    public static boolean needed(Tensor... inputs) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : inputs) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    /**
     * Makes {@code output} the result of a recorded op: its gradient flows to {@code inputs} through
     * {@code backward}. {@code save} lists tensors backward reads (inputs or the output; null for a
     * slot the op doesn't need, so nothing is kept alive for it); they are kept alive as aliases in
     * the current scope and checked for in-place changes.
     * Call only when {@link #needed} is true.
     */
    public static void record(Op op, Tensor output, Tensor[] inputs, Tensor[] save, Backward backward) {
        if (!op.differentiable()) return;
        Node.Edge[] edges = new Node.Edge[inputs.length];
        long[][] shapes = new long[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t == null) continue;
            shapes[i] = t.shapeRef();
            if (!t.requiresGrad()) continue;
            edges[i] = t.gradFn() != null ? new Node.Edge(t.gradFn(), null) : new Node.Edge(null, t.graphIdentity());
        }
        Node node = new Node(op, edges, shapes, backward, output.shapeRef(), output.dtype());
        output.attachGradFn(node);
        Tensor[] saved = new Tensor[save.length];
        for (int i = 0; i < save.length; i++) saved[i] = save[i] == null ? null : save[i].aliasForAutograd();
        node.save(saved);
    }

    /** Shorthand for ops that save nothing. */
    public static void record(Op op, Tensor output, Tensor[] inputs, Backward backward) {
        record(op, output, inputs, new Tensor[0], backward);
    }

    // ------------------------------------------------------------------ helpers for backward formulas

    /** Sums a broadcast gradient back to {@code shape} (undoing NumPy broadcasting). */
    public static Tensor sumTo(Tensor g, long[] shape) {
        long[] gs = g.shapeRef();
        if (Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) dims.add(i);
        }
        Tensor summed = dims.isEmpty() ? g : Reductions.reduce(Reductions.SUM, g, dims.stream().mapToInt(Integer::intValue).toArray(), true, 0);
        return Views.reshape(summed, shape);
    }

    /** Brings a reduced gradient back to the input's rank (re-inserting reduced dims as size 1). */
    public static Tensor unsqueezeReduced(Tensor g, long[] inputShape, int[] dims, boolean keepdim) {
        if (keepdim || inputShape.length == 0) return g;
        long[] shape = inputShape.clone();
        boolean[] reduced = new boolean[shape.length];
        if (dims == null || dims.length == 0) Arrays.fill(reduced, true);
        else for (int d : dims) reduced[d < 0 ? d + shape.length : d] = true;
        for (int i = 0; i < shape.length; i++) if (reduced[i]) shape[i] = 1;
        return Views.reshape(g, shape);
    }

    public static Tensor[] grads(Tensor... g) { return g; }

    // ------------------------------------------------------------------ backward pass

    /** Runs backward from {@code root} with {@code gradient} (null: ones, allowed for one-element roots). */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph) {
        root.checkOpen("backward");
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: tensor " + root.describe() + " does not require grad and has no graph"
                    + " (was it computed under GradMode.noGrad(), or from tensors without requiresGrad(true)?)");
        }
        Tensor g = rootGradient("backward", root, gradient);
        Pass pass = new Pass(createGraph);
        if (gradient == null) pass.own(g);
        try (GradMode.Guard mode = GradMode.set(createGraph)) {
            Node start = root.gradFn();
            if (start == null) {
                pass.hold(g);
                pass.accumulateLeaf(root, g);
                return;
            }
            pass.run(start, g, retainGraph, null);
        } finally {
            pass.closeAll();
        }
    }

    /**
     * Gradients of {@code output} with respect to the leaf tensors {@code inputs} (torch.autograd.grad):
     * returned, not accumulated into their grad. With createGraph the result can be differentiated
     * again (the graph is then retained). An input the output does not depend on gets zeros.
     */
    public static Tensor[] grad(Tensor output, Tensor gradOutput, boolean createGraph, Tensor... inputs) {
        output.checkOpen("grad");
        if (!output.requiresGrad()) {
            throw new IllegalStateException("grad: tensor " + output.describe() + " does not require grad");
        }
        Map<Tensor, Tensor> captured = new IdentityHashMap<>();
        for (Tensor t : inputs) {
            if (!t.isLeaf()) throw new IllegalArgumentException("grad: input " + t.describe() + " is not a leaf");
            captured.put(t, null);
        }
        Tensor g = rootGradient("grad", output, gradOutput);
        Pass pass = new Pass(createGraph);
        if (gradOutput == null) pass.own(g);
        try (GradMode.Guard mode = GradMode.set(createGraph)) {
            if (output.gradFn() == null) {
                if (captured.containsKey(output)) captured.put(output, createGraph ? g : g.copy());
            } else {
                pass.run(output.gradFn(), g, createGraph, captured);
            }
        } finally {
            pass.closeAll();
        }
        Tensor[] out = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor c = captured.get(inputs[i]);
            out[i] = c != null ? c : Tensor.zerosLike(inputs[i]);
        }
        return out;
    }

    /** The gradient a pass starts from: the one given (checked), or ones for a one-element root. */
    private static Tensor rootGradient(String what, Tensor root, Tensor gradient) {
        if (gradient == null) {
            if (root.numel() != 1) {
                throw new IllegalArgumentException(what + ": tensor " + root.describe() + " has " + root.numel()
                        + " elements; pass the gradient explicitly (it is implicit only for one-element tensors)");
            }
            return Tensor.onesLike(root);
        }
        gradient.checkOpen(what);
        if (!Arrays.equals(gradient.shapeRef(), root.shapeRef())) {
            throw new IllegalArgumentException(what + ": gradient " + gradient.describe() + " doesn't match the shape of "
                    + root.describe());
        }
        return gradient;
    }

    /**
     * One backward pass. Gradients made by the pass are reference counted while they wait in
     * {@code pending} (per node) or {@code leafSums} (per leaf) and closed as soon as the last user
     * is done, and each node's backward formula runs in its own scope, so its temporaries are freed
     * right away: after the pass only the leaves' grad tensors remain. Tensors the caller passed in
     * (an explicit gradient) are never closed. With createGraph nothing is closed: the gradients
     * and their temporaries are part of the new graph (they go with the caller's scope).
     */
    private static final class Pass {
        private final boolean createGraph;
        /** Gradients this pass made, with the number of places still holding each. */
        private final Map<Tensor, int[]> refs = new IdentityHashMap<>();
        private final Map<Node, Tensor> pending = new IdentityHashMap<>();
        private final Map<Tensor, Tensor> leafSums = new IdentityHashMap<>();
        /** Leaf edges not yet processed, per leaf: its hooks run once, on the full sum. */
        private final Map<Tensor, int[]> leafEdgesLeft = new IdentityHashMap<>();

        Pass(boolean createGraph) { this.createGraph = createGraph; }

        void own(Tensor t) { if (!createGraph && t != null) refs.putIfAbsent(t, new int[1]); }

        void hold(Tensor t) {
            int[] r = refs.get(t);
            if (r != null) r[0]++;
        }

        void drop(Tensor t) {
            int[] r = refs.get(t);
            if (r != null && --r[0] <= 0) {
                refs.remove(t);
                t.close();
            }
        }

        /** Closes t now if the pass made it and nothing holds it. */
        void release(Tensor t) {
            int[] r = refs.get(t);
            if (r != null && r[0] <= 0) {
                refs.remove(t);
                t.close();
            }
        }

        void closeAll() {
            for (Tensor t : refs.keySet()) t.close();
            refs.clear();
        }

        void run(Node start, Tensor rootGrad, boolean retainGraph, Map<Tensor, Tensor> capture) {
            List<Node> order = topologicalOrder(start);
            if (capture == null) {
                for (Node n : order) {
                    for (Node.Edge e : n.edges) {
                        if (e != null && e.leaf() != null) leafEdgesLeft.computeIfAbsent(e.leaf(), k -> new int[1])[0]++;
                    }
                }
            }
            pending.put(start, rootGrad);
            hold(rootGrad);
            for (Node node : order) {
                Tensor g = pending.remove(node);
                if (g == null) { // no gradient reached this node
                    if (capture == null) {
                        for (Node.Edge e : node.edges) if (e != null && e.leaf() != null) leafEdgeDone(e.leaf());
                    }
                    continue;
                }
                if (node.released()) node.saved(0); // throws the "second backward" message
                Tensor[] inputGrads = applyNode(node, g);
                for (int i = 0; i < inputGrads.length; i++) {
                    Node.Edge e = node.edges[i];
                    Tensor gi = inputGrads[i];
                    if (e == null) continue;
                    if (e.leaf() == null) {
                        if (gi != null) addPending(e.node(), gi);
                    } else if (capture != null) {
                        if (gi != null && capture.containsKey(e.leaf())) capture(capture, e.leaf(), gi);
                    } else {
                        if (gi != null) addToLeaf(e.leaf(), gi);
                        leafEdgeDone(e.leaf());
                    }
                }
                for (Tensor gi : inputGrads) if (gi != null) release(gi);
                drop(g);
                if (!retainGraph) node.release();
            }
            // Leaves whose count did not reach zero (not expected): accumulate what arrived.
            for (Tensor leaf : new ArrayList<>(leafSums.keySet())) flushLeaf(leaf);
        }

        /** Hooks and the node's backward formula; without createGraph in a scope of their own. */
        private Tensor[] applyNode(Node node, Tensor g) {
            Scope local = createGraph ? null : Scope.open();
            try {
                Tensor hooked = applyHooks(node.hooks, g, node::outputDescription);
                Tensor[] inputGrads = node.backward.apply(node, hooked);
                if (inputGrads.length != node.edges.length) {
                    throw new IllegalStateException(node.op.name() + ": backward returned " + inputGrads.length + " gradients for "
                            + node.edges.length + " inputs");
                }
                for (int i = 0; i < inputGrads.length; i++) {
                    Tensor gi = inputGrads[i];
                    if (gi == null) continue;
                    if (node.edges[i] == null) {
                        inputGrads[i] = null; // nobody wants it (freed with the scope if the formula made it)
                        continue;
                    }
                    if (!Arrays.equals(gi.shapeRef(), node.inputShapes[i])) {
                        throw new IllegalStateException(node.op.name() + ": backward gave gradient " + gi.describe()
                                + " for input " + i + " of shape " + Shape.str(node.inputShapes[i]));
                    }
                    if (local != null && local.owns(gi)) {
                        gi.keep(); // out of the formula's scope, into the pass's
                        own(gi);
                    }
                }
                return inputGrads;
            } finally {
                if (local != null) local.close();
            }
        }

        private void addPending(Node target, Tensor gi) { addTo(pending, target, gi); }

        private void addToLeaf(Tensor leaf, Tensor gi) { addTo(leafSums, leaf, gi); }

        /** Sums gi into the gradient collected so far for key (a node or a leaf). */
        private <K> void addTo(Map<K, Tensor> sums, K key, Tensor gi) {
            Tensor prev = sums.get(key);
            if (prev == null) {
                sums.put(key, gi);
                hold(gi);
            } else {
                Tensor sum = prev.add(gi);
                own(sum);
                hold(sum);
                sums.put(key, sum);
                drop(prev);
            }
        }

        private void leafEdgeDone(Tensor leaf) {
            int[] left = leafEdgesLeft.get(leaf);
            if (--left[0] == 0 && leafSums.containsKey(leaf)) flushLeaf(leaf);
        }

        private void flushLeaf(Tensor leaf) {
            Tensor sum = leafSums.remove(leaf);
            accumulateLeaf(leaf, sum);
        }

        /** Runs the leaf's hooks on its whole gradient and adds the result into leaf.grad; drops g. */
        void accumulateLeaf(Tensor leaf, Tensor g) {
            try (Scope local = createGraph ? null : Scope.open()) {
                accumulate(leaf, applyHooks(leaf.hooks(), g, leaf::describe), createGraph);
            }
            drop(g);
        }

        private void capture(Map<Tensor, Tensor> capture, Tensor leaf, Tensor gi) {
            Tensor prev = capture.get(leaf);
            Tensor sum = prev == null ? (createGraph ? gi : gi.copy()) : prev.add(gi);
            if (prev != null && !createGraph) prev.close();
            if (sum.dtype() != leaf.dtype()) {
                Tensor cast = sum.to(leaf.dtype());
                if (!createGraph) sum.close();
                sum = cast;
            }
            capture.put(leaf, sum);
        }
    }

    /** Runs hooks in order; a non-null result replaces the gradient and must keep its shape. */
    private static Tensor applyHooks(List<UnaryOperator<Tensor>> hooks, Tensor g, Supplier<String> what) {
        if (hooks == null) return g;
        for (UnaryOperator<Tensor> h : hooks) {
            Tensor r = h.apply(g);
            if (r == null) continue;
            if (!Arrays.equals(r.shapeRef(), g.shapeRef())) {
                throw new IllegalStateException("hook: a hook on " + what.get() + " returned a gradient " + r.describe()
                        + " for a gradient of shape " + Shape.str(g.shapeRef()) + "; a hook must keep the shape");
            }
            g = r;
        }
        return g;
    }

    /** Adds g into leaf.grad (allocating it in the leaf's scope the first time, reusing it after). */
    private static void accumulate(Tensor leaf, Tensor g, boolean createGraph) {
        Tensor gCast = g.dtype() == leaf.dtype() ? g : g.to(leaf.dtype());
        Tensor existing = leaf.grad();
        if (existing == null || existing.isClosed()) {
            Tensor fresh;
            if (createGraph) {
                fresh = gCast.add(0L);
            } else {
                try (GradMode.Guard off = GradMode.noGrad()) {
                    fresh = gCast.copy();
                }
            }
            leaf.adoptGrad(fresh);
        } else if (createGraph || existing.requiresGrad()) {
            leaf.adoptGrad(existing.add(gCast));
        } else {
            try (GradMode.Guard off = GradMode.noGrad()) {
                existing.addInPlace(gCast);
            }
        }
        if (gCast != g && !createGraph) gCast.close();
    }

    /** Nodes reachable from start, each after every node that feeds it a gradient. */
    static List<Node> topologicalOrder(Node start) {
        Map<Node, Integer> dependencies = new IdentityHashMap<>();
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(start);
        dependencies.put(start, 0);
        List<Node> seen = new ArrayList<>();
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            seen.add(n);
            for (Node next : n.next()) {
                Integer d = dependencies.get(next);
                if (d == null) {
                    dependencies.put(next, 1);
                    stack.push(next);
                } else {
                    dependencies.put(next, d + 1);
                }
            }
        }
        List<Node> order = new ArrayList<>(seen.size());
        Deque<Node> ready = new ArrayDeque<>();
        ready.add(start);
        while (!ready.isEmpty()) {
            Node n = ready.poll();
            order.add(n);
            for (Node next : n.next()) {
                int d = dependencies.get(next) - 1;
                dependencies.put(next, d);
                if (d == 0) ready.add(next);
            }
        }
        return order;
    }

    // ------------------------------------------------------------------ export

    /** The graph behind {@code root} in Graphviz DOT: one box per op, leaves as ellipses. */
    public static String toDot(Tensor root) {
        StringBuilder sb = new StringBuilder("digraph tessera {\n  rankdir=BT;\n  node [fontname=\"monospace\"];\n");
        Node start = root.gradFn();
        if (start == null) {
            sb.append("  leaf [label=\"").append(root.describe()).append("\", shape=ellipse];\n}\n");
            return sb.toString();
        }
        Map<Tensor, String> leaves = new IdentityHashMap<>();
        for (Node n : topologicalOrder(start)) {
            sb.append("  n").append(n.sequence).append(" [label=\"").append(n.op.name()).append("\\n")
                    .append(n.outputDescription()).append("\", shape=box];\n");
            for (Node.Edge e : n.edges) {
                if (e == null) continue;
                if (e.node() != null) {
                    sb.append("  n").append(e.node().sequence).append(" -> n").append(n.sequence).append(";\n");
                } else {
                    String id = leaves.get(e.leaf());
                    if (id == null) {
                        id = "leaf" + leaves.size();
                        leaves.put(e.leaf(), id);
                        sb.append("  ").append(id).append(" [label=\"").append(e.leaf().describe()).append("\", shape=ellipse];\n");
                    }
                    sb.append("  ").append(id).append(" -> n").append(n.sequence).append(";\n");
                }
            }
        }
        return sb.append("}\n").toString();
    }
}
