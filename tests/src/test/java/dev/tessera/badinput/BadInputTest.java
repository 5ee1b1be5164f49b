// Bad input for every op of the op table (OpRegistry.all()): each op's valid call is broken one
// argument at a time (closed, null, on another device), and each op-specific bad input of
// BadInputCases is tried. Every failure must be a Java exception of the expected type whose
// message starts with the op's name (and names shapes where shapes are involved); a failed op
// must leave no memory behind. The meta-test fails for any registered op without cases.
package dev.tessera.badinput;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.MemoryTesting;
import dev.tessera.memory.Scope;
import dev.tessera.ops.Op;
import dev.tessera.ops.OpRegistry;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class BadInputTest {
    /** Ops whose only possible bad inputs are the generic ones (closed, null): no shape, dtype or axis to get wrong. */
    private static final Set<String> ONLY_GENERIC = Set.of("neg", "abs", "exp", "log", "sqrt", "rsqrt", "sigmoid", "tanh",
            "relu", "leaky_relu", "elu", "gelu", "softplus", "sin", "cos", "sign", "contiguous", "copy");

    /** Public functions that name themselves like ops but are not in OpRegistry (reported; t is transpose(0, 1)). */
    private static final Set<Class<?>> ALLOWED = Set.of(IllegalArgumentException.class, IllegalStateException.class,
            NullPointerException.class, IndexOutOfBoundsException.class, UnsupportedOperationException.class);

    /** Earlier suites' garbage reaches the Cleaner now, not while a case compares live bytes. */
    @BeforeAll
    static void settleMemory() {
        MemoryTesting.settle(MemoryStats.cpu());
    }

    // ------------------------------------------------------------------ the cases

    /** The valid call of each op, broken one tensor argument at a time. */
    static Stream<BadInputCases.Case> genericCases() {
        List<BadInputCases.Case> out = new ArrayList<>();
        OpCalls.ALL.forEach((op, call) -> {
            int n;
            try (Scope s = Scope.open()) {
                n = call.args().get().length;
            }
            for (int i = 0; i < n; i++) {
                int k = i;
                String arg = n == 1 ? "input" : "argument " + k;
                out.add(new BadInputCases.Case(op, "closed " + arg, IllegalStateException.class,
                        broken(call, a -> a[k].close()), List.of("closed")));
                out.add(new BadInputCases.Case(op, "null " + arg, NullPointerException.class,
                        broken(call, a -> a[k] = null), List.of("null")));
                if (k > 0) {
                    out.add(new BadInputCases.Case(op, arg + " on another device", IllegalArgumentException.class,
                            broken(call, a -> a[k] = Inputs.onFakeCuda(a[k])), List.of("different devices", "cuda:0")));
                }
            }
        });
        return out.stream();
    }

    private static Supplier<Runnable> broken(OpCalls.Call call, java.util.function.Consumer<Tensor[]> breakIt) {
        return () -> {
            Tensor[] args = call.args().get();
            breakIt.accept(args);
            return () -> call.invoke().apply(args);
        };
    }

    static Stream<BadInputCases.Case> specificCases() {
        return BadInputCases.all().stream();
    }

    static Stream<String> opNames() {
        return OpCalls.ALL.keySet().stream();
    }

    // ------------------------------------------------------------------ the tests

    @ParameterizedTest(name = "{0}")
    @MethodSource("genericCases")
    void genericBadInput(BadInputCases.Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specificCases")
    void specificBadInput(BadInputCases.Case c) {
        check(c);
    }

    /** The unbroken call works, so the generic failures above come from the broken argument. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("opNames")
    void validCallSucceeds(String op) {
        try (Scope s = Scope.open()) {
            OpCalls.Call call = OpCalls.ALL.get(op);
            assertNotNull(call.invoke().apply(call.args().get()), op);
        }
    }

    @Test
    void everyRegisteredOpHasBadInputCases() {
        Set<String> withSpecific = BadInputCases.all().stream().map(BadInputCases.Case::op).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        for (Op op : OpRegistry.all()) {
            String n = op.name();
            if (!OpCalls.ALL.containsKey(n)) missing.add(n + " (no valid call in OpCalls)");
            if (!ONLY_GENERIC.contains(n) && !withSpecific.contains(n)) missing.add(n + " (no case in BadInputCases)");
        }
        assertTrue(missing.isEmpty(), "ops without bad-input cases: " + missing);
        Set<String> registered = OpRegistry.all().stream().map(Op::name).collect(Collectors.toSet());
        Set<String> stale = new TreeSet<>(ONLY_GENERIC);
        stale.addAll(OpCalls.ALL.keySet());
        stale.removeAll(registered);
        assertTrue(stale.isEmpty(), "bad-input tables name ops that are not registered: " + stale);
    }

    @Test
    void aLongSeriesOfFailuresLeavesNothingBehind() {
        MemoryStats st = MemoryStats.cpu();
        long live = st.liveBytes();
        List<BadInputCases.Case> all = Stream.concat(genericCases(), specificCases()).toList();
        for (int round = 0; round < 20; round++) {
            for (BadInputCases.Case c : all) {
                try (Scope s = Scope.open()) {
                    Runnable call = c.setup().get();
                    assertThrows(RuntimeException.class, call::run, c.toString());
                }
            }
        }
        assertEquals(live, st.liveBytes(), "live bytes after " + 20 * all.size() + " failed calls");
    }

    // ------------------------------------------------------------------ the check

    private static void check(BadInputCases.Case c) {
        MemoryStats st = MemoryStats.cpu();
        try (Scope s = Scope.open()) {
            Runnable call = c.setup().get();
            long live = st.liveBytes();
            int owned = s.size();
            Throwable e = assertThrows(Throwable.class, call::run, c + ": no exception");
            assertTrue(allowed(e), c + ": unexpected exception type " + e);
            assertInstanceOf(c.type(), e, c + ": " + e);
            String msg = e.getMessage();
            assertNotNull(msg, c + ": no message");
            assertTrue(msg.startsWith(c.op() + ":"), c + ": message should start with '" + c.op() + ":' — " + msg);
            for (String f : c.fragments()) assertTrue(msg.contains(f), c + ": message should contain '" + f + "' — " + msg);
            assertEquals(live, st.liveBytes(), c + ": the failed call left memory behind");
            assertEquals(owned, s.size(), c + ": the failed call left tensors in the scope");
        }
    }

    private static boolean allowed(Throwable e) {
        for (Class<?> c : ALLOWED) if (c.isInstance(e)) return true;
        return false;
    }
}
