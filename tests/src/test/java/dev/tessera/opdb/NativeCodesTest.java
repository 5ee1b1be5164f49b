// NativeCodesTest: the op and dtype codes the Java side passes to the native library must mean
// the same thing on both sides. Each UnaryOp/BinaryOp/ReduceOp code and each DType code is
// looked up by name in libtessera_native (ts_*_name), and the first code past the tables is unknown.
package dev.tessera.opdb;

import dev.tessera.bridge.TesseraNative;
import dev.tessera.ops.BinaryOp;
import dev.tessera.ops.Elementwise;
import dev.tessera.ops.ReduceOp;
import dev.tessera.ops.Reductions;
import dev.tessera.ops.UnaryOp;
import dev.tessera.tensor.DType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NativeCodesTest {
    static {
        TesseraNative.load();
    }

    @Test
    void unaryCodes() {
        for (UnaryOp op : Elementwise.UNARY) assertEquals(op.name(), TesseraNative.ts_unary_name(op.code()), "unary code " + op.code());
        assertNull(TesseraNative.ts_unary_name(Elementwise.UNARY.size()), "a unary op the Java side doesn't know");
    }

    @Test
    void binaryCodes() {
        for (BinaryOp op : Elementwise.BINARY) assertEquals(op.name(), TesseraNative.ts_binary_name(op.code()), "binary code " + op.code());
        assertNull(TesseraNative.ts_binary_name(Elementwise.BINARY.size()), "a binary op the Java side doesn't know");
    }

    @Test
    void reduceCodes() {
        for (ReduceOp op : Reductions.ALL) assertEquals(op.name(), TesseraNative.ts_reduce_name(op.code()), "reduce code " + op.code());
        assertNull(TesseraNative.ts_reduce_name(Reductions.ALL.size()), "a reduction the Java side doesn't know");
    }

    @Test
    void dtypeCodes() {
        for (DType dt : DType.values()) assertEquals(dt.shortName(), TesseraNative.ts_dtype_name(dt.code()), "dtype code " + dt.code());
        assertNull(TesseraNative.ts_dtype_name(DType.values().length), "a dtype the Java side doesn't know");
        assertNull(TesseraNative.ts_dtype_name(-1), "dtype code -1");
    }
}
