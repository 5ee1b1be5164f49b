// ReduceOp: descriptor of a reduction with its native kernel code (TS_* in
// native/include/tessera/reduce.h) and the dtype rules of its result.
package dev.tessera.ops;

public final class ReduceOp extends Op {
    /** How the result dtype follows from the input dtype. */
    public enum Result {
        /** sum, prod: integers and bools widen to I64, floats stay. */
        WIDEN_INTEGERS,
        /** max, min: same dtype as the input. */
        SAME,
        /** argmax, argmin: always I64. */
        INDEX,
        /** mean, var, std, logsumexp, norm: floats only (integers are rejected, as in PyTorch). */
        FLOAT_ONLY
    }

    private final int code;
    private final Result result;

    ReduceOp(String name, int code, Result result, boolean differentiable) {
        super(name, Family.REDUCTION, differentiable);
        this.code = code;
        this.result = result;
    }

    public int code() { return code; }

    public Result result() { return result; }
}
