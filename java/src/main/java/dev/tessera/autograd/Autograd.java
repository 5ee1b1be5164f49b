// Autograd: records ops into the graph as they run (define-by-run) and runs backward passes:
// reverse topological order from the root, one Backward per node, gradients summed per node,
// hooks applied, leaf gradients accumulated into their grad tensor (kept in the leaf's own scope).
package dev.tessera.autograd;

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
     * {@code backward}. {@code save} lists tensors backward reads (inputs or the output); they are
     * kept alive as aliases in the current scope and checked for in-place changes.
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
        Node node = new Node(op, edges, shapes, backward, output.describe());
        output.attachGradFn(node);
        Tensor[] saved = new Tensor[save.length];
        for (int i = 0; i < save.length; i++) saved[i] = save[i].aliasForAutograd();
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
        Tensor g = gradient;
        if (g == null) {
            if (root.numel() != 1) {
                throw new IllegalArgumentException("backward: tensor " + root.describe() + " has " + root.numel()
                        + " elements; pass the gradient explicitly (backward is implicit only for one-element tensors)");
            }
            g = Tensor.onesLike(root);
        } else {
            g.checkOpen("backward");
            if (!Arrays.equals(g.shapeRef(), root.shapeRef())) {
                throw new IllegalArgumentException("backward: gradient " + g.describe() + " doesn't match the shape of "
                        + root.describe());
            }
        }
        try (GradMode.Guard mode = GradMode.set(createGraph)) {
            Node start = root.gradFn();
            if (start == null) {
                accumulate(root, applyHooks(root.hooks(), g), createGraph);
                return;
            }
            run(start, g, retainGraph, createGraph, null);
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
        Tensor g = gradOutput != null ? gradOutput : Tensor.onesLike(output);
        Map<Tensor, Tensor> captured = new IdentityHashMap<>();
        for (Tensor t : inputs) {
            if (!t.isLeaf()) throw new IllegalArgumentException("grad: input " + t.describe() + " is not a leaf");
            captured.put(t, null);
        }
        try (GradMode.Guard mode = GradMode.set(createGraph)) {
            if (output.gradFn() == null) captured.put(output, g);
            else run(output.gradFn(), g, createGraph, createGraph, captured);
        }
        Tensor[] out = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor c = captured.get(inputs[i]);
            out[i] = c != null ? c : Tensor.zerosLike(inputs[i]);
        }
        return out;
    }

    private static void run(Node start, Tensor rootGrad, boolean retainGraph, boolean createGraph, Map<Tensor, Tensor> capture) {
        List<Node> order = topologicalOrder(start);
        Map<Node, Tensor> pending = new IdentityHashMap<>();
        pending.put(start, rootGrad);
        List<Tensor> temporaries = new ArrayList<>();
        try {
            for (Node node : order) {
                Tensor g = pending.remove(node);
                if (g == null) continue; // no gradient reached this node
                g = applyHooks(node.hooks, g);
                if (node.released()) node.saved(0); // throws the "second backward" message
                Tensor[] inputGrads = node.backward.apply(node, g);
                if (inputGrads.length != node.edges.length) {
                    throw new IllegalStateException(node.op.name() + ": backward returned " + inputGrads.length + " gradients for "
                            + node.edges.length + " inputs");
                }
                for (int i = 0; i < inputGrads.length; i++) {
                    Node.Edge e = node.edges[i];
                    Tensor gi = inputGrads[i];
                    if (e == null || gi == null) continue;
                    if (!Arrays.equals(gi.shapeRef(), node.inputShapes[i])) {
                        throw new IllegalStateException(node.op.name() + ": backward gave gradient " + gi.describe()
                                + " for input " + i + " of shape " + Shape.str(node.inputShapes[i]));
                    }
                    if (e.leaf() != null && capture != null) {
                        if (capture.containsKey(e.leaf())) {
                            Tensor prev = capture.get(e.leaf());
                            Tensor sum = prev == null ? (createGraph ? gi : gi.copy()) : prev.add(gi);
                            capture.put(e.leaf(), sum.dtype() == e.leaf().dtype() ? sum : sum.to(e.leaf().dtype()));
                        }
                    } else if (e.leaf() != null) {
                        accumulate(e.leaf(), applyHooks(e.leaf().hooks(), gi), createGraph);
                    } else {
                        Tensor prev = pending.get(e.node());
                        pending.put(e.node(), prev == null ? gi : prev.add(gi));
                    }
                    temporaries.add(gi);
                }
                if (!retainGraph) node.release();
            }
        } finally {
            if (!createGraph) {
                // Gradients of intermediate tensors are only needed during the pass.
                for (Tensor t : temporaries) t.close();
                for (Tensor t : pending.values()) if (t != rootGrad) t.close();
            }
        }
    }

    private static Tensor applyHooks(List<UnaryOperator<Tensor>> hooks, Tensor g) {
        if (hooks == null) return g;
        for (UnaryOperator<Tensor> h : hooks) {
            Tensor r = h.apply(g);
            if (r != null) g = r;
        }
        return g;
    }

    /** Adds g into leaf.grad (allocating it in the leaf's scope the first time, reusing it after). */
    private static void accumulate(Tensor leaf, Tensor g, boolean createGraph) {
        Tensor gCast = g.dtype() == leaf.dtype() ? g : g.to(leaf.dtype());
        Tensor existing = leaf.grad();
        if (existing == null || existing.isClosed()) {
            Tensor fresh = createGraph ? gCast.add(0L) : gCast.detach().copy();
            leaf.adoptGrad(fresh);
        } else if (createGraph || existing.requiresGrad()) {
            leaf.adoptGrad(existing.add(gCast));
        } else {
            try (GradMode.Guard off = GradMode.noGrad()) {
                existing.addInPlace(gCast);
            }
        }
        if (gCast != g) gCast.close();
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
                    .append(n.outputDescription).append("\", shape=box];\n");
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
