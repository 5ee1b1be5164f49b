// Op: the descriptor of one operation in the op table: its name, its family and whether it is
// differentiable. The operation itself is the static method declared next to its descriptor
// (Elementwise.ADD next to Elementwise.add, ...); OpRegistry lists every descriptor, and the
// tests iterate that list, so an op declared here is an op that gets tested.
package dev.tessera.ops;

public class Op {
    /** Families group ops for listing, docs and test generation. */
    public enum Family { UNARY, BINARY, COMPARISON, REDUCTION, NORMALIZATION, LINALG, VIEW, JOIN, INDEXING, CONVERSION, LOSS,
        CONVOLUTION, POOLING, RECURRENT }

    private final String name;
    private final Family family;
    private final boolean differentiable;

    protected Op(String name, Family family, boolean differentiable) {
        this.name = name;
        this.family = family;
        this.differentiable = differentiable;
    }

    public static Op of(String name, Family family, boolean differentiable) {
        return new Op(name, family, differentiable);
    }

    public final String name() { return name; }

    public final Family family() { return family; }

    /** True when the op records a backward (every such op is gradchecked by the test suite). */
    public final boolean differentiable() { return differentiable; }

    @Override
    public String toString() { return name; }
}
