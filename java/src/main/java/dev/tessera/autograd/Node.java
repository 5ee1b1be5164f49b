// Node: one recorded op in the graph: the op, where each input's gradient goes (the input's own
// node, a leaf to accumulate into, or nowhere), the tensors saved for backward (aliases that hold
// their storage and remember its version) and the backward function.
package dev.tessera.autograd;

import dev.tessera.ops.Op;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

public final class Node {
    /** Where the gradient of one input goes: the node that produced it, or the leaf itself. */
    record Edge(Node node, Tensor leaf) {}

    private static long counter;

    final Op op;
    final Edge[] edges;
    final long[][] inputShapes;
    private Tensor[] saved = new Tensor[0];
    private int[] savedVersions = new int[0];
    final Backward backward;
    final long sequence;
    private final long[] outputShape;
    private final DType outputDtype;
    List<UnaryOperator<Tensor>> hooks;
    private boolean released;

    Node(Op op, Edge[] edges, long[][] inputShapes, Backward backward, long[] outputShape, DType outputDtype) {
        this.op = op;
        this.edges = edges;
        this.inputShapes = inputShapes;
        this.backward = backward;
        this.outputShape = outputShape;
        this.outputDtype = outputDtype;
        synchronized (Node.class) {
            this.sequence = counter++;
        }
    }

    public Op op() { return op; }

    /** Shape of input i as it was when the op ran. */
    public long[] inputShape(int i) { return inputShapes[i]; }

    public int inputCount() { return edges.length; }

    /** "[32, 10] f32": the output this node produced (built only when asked, e.g. for DOT or errors). */
    String outputDescription() { return Shape.str(outputShape) + " " + outputDtype; }

    /** True when input i leads to a tensor that requires grad (so its gradient is worth computing). */
    public boolean needsInputGrad(int i) { return edges[i] != null; }

    /** Tensor saved for backward number i, after checking nobody modified it in place since. */
    public Tensor saved(int i) {
        if (released) {
            throw new IllegalStateException(op.name() + ": trying to run backward through the graph a second time (its saved "
                    + "tensors were freed after the first backward); pass retainGraph = true to the first backward()");
        }
        Tensor t = saved[i];
        if (t == null) return null; // the op chose not to save this slot
        int now = t.storage().version();
        if (now != savedVersions[i]) {
            throw new IllegalStateException(op.name() + ": a tensor " + Shape.str(t.shapeRef()) + " " + t.dtype()
                    + " needed for its gradient was modified by an in-place operation (version " + now + ", saved at version "
                    + savedVersions[i] + "); use the out-of-place op, or clone it before modifying");
        }
        return t;
    }

    /** Set once, right after the output is attached (so a saved output links back to this node). */
    void save(Tensor[] tensors) {
        saved = tensors;
        savedVersions = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) savedVersions[i] = tensors[i] == null ? 0 : tensors[i].storage().version();
    }

    boolean released() { return released; }

    /** Adds a hook on the gradient of this node's output. */
    public void addHook(UnaryOperator<Tensor> hook) {
        if (hooks == null) hooks = new ArrayList<>();
        hooks.add(hook);
    }

    /** Frees the saved tensors (after a backward pass without retainGraph). */
    void release() {
        if (released) return;
        released = true;
        for (Tensor t : saved) if (t != null) t.close();
    }

    /** Next nodes of the graph (the producers of this node's inputs), for traversal and DOT export. */
    List<Node> next() {
        List<Node> out = new ArrayList<>();
        for (Edge e : edges) if (e != null && e.node() != null) out.add(e.node());
        return out;
    }

    @Override
    public String toString() { return op.name() + "Backward#" + sequence; }
}
