// BinaryOp: descriptor of an elementwise binary op (arithmetic or comparison) with its native
// kernel code (TS_* in native/include/tessera/elementwise.h).
package dev.tessera.ops;

public final class BinaryOp extends Op {
    private final int code;

    BinaryOp(String name, int code, Family family, boolean differentiable) {
        super(name, family, differentiable);
        this.code = code;
    }

    public int code() { return code; }

    public boolean isComparison() { return family() == Family.COMPARISON; }
}
