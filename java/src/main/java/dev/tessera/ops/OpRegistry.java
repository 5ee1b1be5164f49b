// OpRegistry: every op of the op table, in one list. The test database iterates it and fails
// the build for any op without sample inputs, and (GradCoverageTest) any differentiable op without a
// passing gradcheck.
package dev.tessera.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public final class OpRegistry {
    private OpRegistry() {}

    private static final List<Op> ALL = build();

    private static List<Op> build() {
        List<Op> ops = new ArrayList<>();
        ops.addAll(Elementwise.UNARY);
        ops.addAll(Elementwise.BINARY);
        ops.add(Elementwise.CAST);
        ops.add(Elementwise.CONTIGUOUS);
        ops.add(Elementwise.COPY);
        ops.addAll(Reductions.ALL);
        ops.add(Reductions.SOFTMAX);
        ops.add(Reductions.LOG_SOFTMAX);
        ops.addAll(LinearAlgebra.ALL);
        ops.addAll(Views.ALL);
        ops.addAll(Joining.ALL);
        ops.addAll(Indexing.ALL);
        ops.addAll(Losses.ALL);
        // convolution
        ops.addAll(Convolution.ALL);
        // pooling
        ops.addAll(Pooling.ALL);
        // normalisation, embedding
        ops.addAll(Normalization.ALL);
        // recurrent
        ops.addAll(Recurrent.ALL);
        Map<String, Op> byName = new TreeMap<>();
        for (Op op : ops) {
            if (byName.put(op.name(), op) != null) throw new IllegalStateException("op declared twice: " + op.name());
        }
        return Collections.unmodifiableList(ops);
    }

    public static List<Op> all() { return ALL; }

    public static Op byName(String name) {
        for (Op op : ALL) if (op.name().equals(name)) return op;
        throw new IllegalArgumentException("no op named '" + name + "'");
    }
}
