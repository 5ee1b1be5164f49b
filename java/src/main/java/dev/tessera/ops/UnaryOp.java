// UnaryOp: descriptor of an elementwise unary op with its native kernel code
// (TS_* in native/include/tessera/elementwise.h) and whether it needs a floating input.
package dev.tessera.ops;

public final class UnaryOp extends Op {
    private final int code;
    private final boolean floatOnly;

    UnaryOp(String name, int code, boolean floatOnly, boolean differentiable) {
        super(name, Family.UNARY, differentiable);
        this.code = code;
        this.floatOnly = floatOnly;
    }

    public int code() { return code; }

    /** Integer inputs are promoted to the default float dtype before the kernel runs. */
    public boolean floatOnly() { return floatOnly; }
}
