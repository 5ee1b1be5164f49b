// One valid call of every op in the op table: the tensors it takes and how to invoke it. The
// bad-input tests break these calls one argument at a time (closed, null, other device), and a
// sanity test checks that the unbroken call works, so each failure is due to the broken argument.
package dev.tessera.badinput;

import dev.tessera.ops.BinaryOp;
import dev.tessera.ops.Elementwise;
import dev.tessera.ops.Indexing;
import dev.tessera.ops.Joining;
import dev.tessera.ops.LinearAlgebra;
import dev.tessera.ops.Losses;
import dev.tessera.ops.ReduceOp;
import dev.tessera.ops.Reductions;
import dev.tessera.ops.UnaryOp;
import dev.tessera.ops.Views;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.tessera.badinput.Inputs.*;

final class OpCalls {
    private OpCalls() {}

    /** The tensor arguments of a call (made fresh each time) and the call itself. */
    record Call(Supplier<Tensor[]> args, Function<Tensor[], Object> invoke) {}

    static final Map<String, Call> ALL = build();

    private static Call call(Supplier<Tensor[]> args, Function<Tensor[], Object> invoke) {
        return new Call(args, invoke);
    }

    private static Tensor[] of(Tensor... t) {
        return t;
    }

    private static Map<String, Call> build() {
        Map<String, Call> m = new TreeMap<>();
        for (UnaryOp u : Elementwise.UNARY) {
            m.put(u.name(), call(() -> of(f32(2, 3)),
                    a -> u == Elementwise.CLAMP ? Elementwise.clamp(a[0], 0, 1) : Elementwise.unary(u, a[0])));
        }
        for (BinaryOp b : Elementwise.BINARY) {
            m.put(b.name(), call(() -> of(f32(2, 3), f32(3)), a -> Elementwise.binary(b, a[0], a[1])));
        }
        m.put("cast", call(() -> of(f32(2, 3)), a -> Elementwise.cast(a[0], DType.F64)));
        m.put("contiguous", call(() -> of(f32(2, 3)), a -> Elementwise.contiguous(a[0])));
        m.put("copy", call(() -> of(f32(2, 3)), a -> Elementwise.copy(a[0])));
        for (ReduceOp r : Reductions.ALL) {
            double param = r == Reductions.NORM ? 2 : r == Reductions.VAR || r == Reductions.STD ? 1 : 0;
            m.put(r.name(), call(() -> of(f32(2, 3)), a -> Reductions.reduce(r, a[0], new int[] {1}, false, param)));
        }
        m.put("softmax", call(() -> of(f32(2, 3)), a -> Reductions.softmax(a[0], 1, false)));
        m.put("log_softmax", call(() -> of(f32(2, 3)), a -> Reductions.softmax(a[0], 1, true)));
        m.put("matmul", call(() -> of(f32(2, 3), f32(3, 4)), a -> LinearAlgebra.matmul(a[0], a[1])));
        m.put("reshape", call(() -> of(f32(2, 3)), a -> Views.reshape(a[0], 6)));
        m.put("view", call(() -> of(f32(2, 3)), a -> Views.view(a[0], 3, 2)));
        m.put("permute", call(() -> of(f32(2, 3)), a -> Views.permute(a[0], 1, 0)));
        m.put("transpose", call(() -> of(f32(2, 3)), a -> Views.transpose(a[0], 0, 1)));
        m.put("t", call(() -> of(f32(2, 3)), a -> Views.t(a[0])));
        m.put("slice", call(() -> of(f32(2, 3)), a -> Views.slice(a[0], 1, 0, 2, 1)));
        m.put("select", call(() -> of(f32(2, 3)), a -> Views.select(a[0], 0, 1)));
        m.put("expand", call(() -> of(f32(1, 3)), a -> Views.expand(a[0], 2, 3)));
        m.put("squeeze", call(() -> of(f32(1, 3)), a -> Views.squeeze(a[0], 0)));
        m.put("unsqueeze", call(() -> of(f32(2, 3)), a -> Views.unsqueeze(a[0], 0)));
        m.put("flatten", call(() -> of(f32(2, 3)), a -> Views.flatten(a[0], 0, -1)));
        m.put("split", call(() -> of(f32(2, 3)), a -> Views.split(a[0], 1, 0)));
        m.put("chunk", call(() -> of(f32(2, 3)), a -> Views.chunk(a[0], 2, 1)));
        m.put("cat", call(() -> of(f32(2, 3), f32(1, 3)), a -> Joining.cat(0, a[0], a[1])));
        m.put("stack", call(() -> of(f32(2, 3), f32(2, 3)), a -> Joining.stack(0, a[0], a[1])));
        m.put("gather", call(() -> of(f32(2, 3), i64(2, 2)), a -> Indexing.gather(a[0], 1, a[1])));
        m.put("scatter", call(() -> of(f32(2, 3), i64(2, 2), f32(2, 2)), a -> Indexing.scatter(a[0], 1, a[1], a[2])));
        m.put("index_select", call(() -> of(f32(2, 3), index(new long[] {0, 2}, 2)), a -> Indexing.indexSelect(a[0], 1, a[1])));
        m.put("masked_fill", call(() -> of(f32(2, 3), bool(2, 3)), a -> Indexing.maskedFill(a[0], a[1], 0)));
        m.put("scatter_add", call(() -> of(f32(2, 3), index(new long[] {0, 0, 2, 2}, 2, 2), f32(2, 2)),
                a -> Indexing.scatterAdd(a[0], 1, a[1], a[2])));
        m.put("index_add", call(() -> of(f32(2, 3), index(new long[] {2, 2}, 2), f32(2, 2)), a -> Indexing.indexAdd(a[0], 1, a[1], a[2])));
        m.put("where", call(() -> of(bool(2, 3), f32(2, 3), f32(2, 3)), a -> Indexing.where(a[0], a[1], a[2])));
        m.put("mse_loss", call(() -> of(f32(2, 3), f32(2, 3)), a -> Losses.mseLoss(a[0], a[1])));
        m.put("l1_loss", call(() -> of(f32(2, 3), f32(2, 3)), a -> Losses.l1Loss(a[0], a[1])));
        m.put("huber_loss", call(() -> of(f32(2, 3), f32(2, 3)), a -> Losses.huberLoss(a[0], a[1])));
        m.put("smooth_l1_loss", call(() -> of(f32(2, 3), f32(2, 3)), a -> Losses.smoothL1Loss(a[0], a[1])));
        m.put("binary_cross_entropy", call(() -> of(f32(2, 3), f32(2, 3)), a -> Losses.binaryCrossEntropy(a[0], a[1])));
        m.put("binary_cross_entropy_with_logits", call(() -> of(f32(2, 3), f32(2, 3)),
                a -> Losses.binaryCrossEntropyWithLogits(a[0], a[1])));
        m.put("cross_entropy", call(() -> of(f32(2, 3), i64(2)), a -> Losses.crossEntropy(a[0], a[1])));
        m.put("nll_loss", call(() -> of(f32(2, 3), i64(2)), a -> Losses.nllLoss(a[0], a[1])));
        m.put("kl_div", call(() -> of(f32(2, 3), f32(2, 3)), a -> Losses.klDiv(a[0], a[1], Losses.Reduction.BATCHMEAN)));
        PoolNormBadInputs.addValidCalls(m); // pooling, normalisation, embedding
        ConvBadInputs.addValidCalls(m); // convolution
        RecurrentBadInputs.addValidCalls(m); // recurrent
        return m;
    }
}
