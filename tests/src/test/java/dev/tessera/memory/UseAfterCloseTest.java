// Use after free: any use of a closed tensor (closed explicitly or by its scope) is an
// IllegalStateException that names the operation and the tensor, never a native crash.
package dev.tessera.memory;

import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class UseAfterCloseTest {
    private static Arguments use(String op, Consumer<Tensor> call) {
        return Arguments.of(op, call);
    }

    /** Each use of a closed [2, 3] f32 tensor and the op name its message must start with. */
    static Stream<Arguments> uses() {
        return Stream.of(
                use("add", t -> t.add(Tensor.ones(2, 3))),
                use("add", t -> Tensor.ones(2, 3).add(t)),
                use("add", t -> t.add(1.0)),
                use("mul", t -> t.mul(2L)),
                use("div", t -> t.div(2.0)),
                use("gt", t -> t.gt(0.0)),
                use("exp", Tensor::exp),
                use("relu", Tensor::relu),
                use("clamp", t -> t.clamp(0, 1)),
                use("sum", Tensor::sum),
                use("mean", t -> t.mean(1)),
                use("max", Tensor::max),
                use("argmax", Tensor::argmax),
                use("softmax", t -> t.softmax(1)),
                use("matmul", t -> t.matmul(Tensor.ones(3, 2))),
                use("matmul", t -> Tensor.ones(4, 2).matmul(t)),
                use("reshape", t -> t.reshape(6)),
                use("view", t -> t.view(3, 2)),
                use("permute", t -> t.permute(1, 0)),
                use("transpose", t -> t.transpose(0, 1)),
                use("t", Tensor::t),
                use("slice", t -> t.slice(1, 0, 2)),
                use("select", t -> t.select(0, 1)),
                use("expand", t -> t.expand(4, 2, 3)),
                use("squeeze", Tensor::squeeze),
                use("unsqueeze", t -> t.unsqueeze(0)),
                use("flatten", Tensor::flatten),
                use("split", t -> t.split(1, 0)),
                use("chunk", t -> t.chunk(2, 1)),
                use("cat", t -> Tensor.cat(0, Tensor.ones(2, 3), t)),
                use("stack", t -> Tensor.stack(0, t, t)),
                use("gather", t -> t.gather(1, Tensor.zeros(DType.I64, 2, 1))),
                use("index_select", t -> t.indexSelect(0, Tensor.of(0L))),
                use("masked_fill", t -> t.maskedFill(Tensor.ones(DType.BOOL, 2, 3), 0)),
                use("where", t -> Tensor.where(Tensor.ones(DType.BOOL, 2, 3), t, t)),
                use("cast", t -> t.to(DType.F64)),
                use("contiguous", Tensor::contiguous),
                use("copy", Tensor::copy),
                use("item", Tensor::item),
                use("get", t -> t.get(0, 0)),
                use("getLong", t -> t.getLong(0, 0)),
                use("set", t -> t.set(1.0, 0, 0)),
                use("toArray", Tensor::toFloatArray),
                use("toArray", Tensor::toDoubleArray),
                use("toArray", Tensor::toLongArray),
                use("toArray", Tensor::toArray),
                use("keep", Tensor::keep),
                use("as_strided", t -> t.asStrided(new long[] {6}, new long[] {1}, 0)),
                use("address", t -> t.address("address")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uses")
    void useOfAClosedTensorNamesTheOp(String op, Consumer<Tensor> call) {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.ones(2, 3);
            t.close();
            long live = MemoryStats.cpu().liveBytes();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> call.accept(t));
            assertTrue(e.getMessage().startsWith(op + ":"), "message should start with '" + op + ":' — " + e.getMessage());
            assertTrue(e.getMessage().contains("[2, 3] f32") && e.getMessage().contains("closed"), e.getMessage());
            // Only the other (valid) operands the lambda made are still live; nothing of the failed op.
            assertTrue(MemoryStats.cpu().liveBytes() - live <= 256, "failed op left memory behind");
        }
    }

    @Test
    void aTensorFromAClosedScopeIsClosed() {
        Tensor t;
        try (Scope s = Scope.open()) {
            t = Tensor.ones(2, 3);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, t::sum);
        assertTrue(e.getMessage().contains("keep()"), "the message says how to keep it: " + e.getMessage());
    }

    @Test
    void aClosedTensorStillPrintsAndDescribesItself() {
        Tensor t = Tensor.ones(2, 3);
        t.close();
        assertTrue(t.toString().contains("closed"), t.toString());
        assertEquals("[2, 3] f32 (closed)", t.describe());
        assertArrayEquals(new long[] {2, 3}, t.shape());
    }

    @Test
    void aClosedViewDoesNotCloseItsBase() {
        try (Scope s = Scope.open()) {
            Tensor base = Tensor.ones(2, 3);
            Tensor v = base.t();
            v.close();
            assertThrows(IllegalStateException.class, v::sum);
            assertEquals(6.0, base.sum().item());
        }
    }
}
