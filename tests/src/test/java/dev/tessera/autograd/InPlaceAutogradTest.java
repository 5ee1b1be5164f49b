// In-place updates and autograd: addInPlace/subInPlace on a non-leaf are recorded and give the
// right gradients; in-place changes that would make a gradient wrong are refused with a clear
// message (leaves that require grad, views, ops autograd does not record), and a tensor saved for
// backward that was modified in place afterwards makes backward fail (the version counter).
package dev.tessera.autograd;

import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static dev.tessera.autograd.Grads.assertGrad;
import static dev.tessera.autograd.Grads.assertValues;
import static dev.tessera.autograd.Grads.leaf;
import static org.junit.jupiter.api.Assertions.*;

class InPlaceAutogradTest {
    private Scope scope;
    private long liveBefore;

    @BeforeEach
    void open() {
        liveBefore = MemoryStats.cpu().liveBytes();
        scope = Scope.open();
    }

    @AfterEach
    void close() {
        scope.close();
        assertTrue(GradMode.isEnabled());
        assertEquals(liveBefore, MemoryStats.cpu().liveBytes(), "the test's scope left live bytes");
    }

    private static String fails(Executable e) {
        return assertThrows(IllegalStateException.class, e).getMessage();
    }

    // ------------------------------------------------------------------ recorded in-place ops

    @Test
    void addInPlaceOnANonLeafIsRecorded() {
        Tensor x = leaf(1, 2, 3);
        Tensor b = leaf(10, 20, 30);
        Tensor y = x.mul(2.0);
        assertEquals("mul", y.gradFn().op().name());
        assertSame(y, y.addInPlace(b));
        assertEquals("add", y.gradFn().op().name(), "y's history now ends with the in-place add");
        assertValues(new double[] {12, 24, 36}, y, "values");
        // L = sum(y^2): dL/dy = 2y; dy/dx = 2, dy/db = 1.
        y.mul(y).sum().backward();
        assertGrad(x, new long[] {3}, 48, 96, 144);
        assertGrad(b, new long[] {3}, 24, 48, 72);
    }

    @Test
    void subInPlaceWithBroadcastingReducesTheOtherGradient() {
        Tensor x = leaf(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = leaf(1, 1, 1);
        Tensor y = x.mul(x);                // mul saves x, not y: y may change in place
        y.subInPlace(b);
        y.sum().backward();
        assertGrad(b, new long[] {3}, -2, -2, -2);
        assertGrad(x, new long[] {2, 3}, 2, 4, 6, 8, 10, 12);
    }

    @Test
    void scalarAddInPlaceOnANonLeaf() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x);
        y.addInPlace(5.0);
        assertValues(new double[] {6, 9}, y, "values");
        y.mul(3.0).sum().backward();
        assertGrad(x, new long[] {2}, 6, 12);
    }

    @Test
    void inPlaceIntoATensorWithoutGradFromOneWithGrad() {
        Tensor acc = Tensor.zeros(DType.F64, 3);
        Tensor x = leaf(1, 2, 3);
        acc.addInPlace(x.mul(x));
        assertTrue(acc.requiresGrad(), "acc now depends on x");
        assertFalse(acc.isLeaf());
        acc.sum().backward();
        assertGrad(x, new long[] {3}, 2, 4, 6);
    }

    @Test
    void twoRecordedInPlaceOpsInARow() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3.0);
        y.addInPlace(x);
        y.subInPlace(x.mul(x));   // y = 3x + x - x^2
        y.sum().backward();
        assertGrad(x, new long[] {2}, 4 - 2, 4 - 4);
    }

    // ------------------------------------------------------------------ refused in-place changes

    @Test
    void inPlaceOnALeafThatRequiresGradFails() {
        Tensor x = leaf(1, 2, 3);
        String m = fails(() -> x.addInPlace(1.0));
        assertTrue(m.contains("add_") && m.contains("leaf that requires grad") && m.contains("noGrad"), m);
        assertTrue(fails(() -> x.subInPlace(Tensor.ones(DType.F64, 3))).contains("leaf"));
        assertTrue(fails(() -> x.mulInPlace(2.0)).contains("leaf"));
        assertTrue(fails(() -> x.fill(0)).contains("fill_"));
        assertTrue(fails(() -> x.copyFrom(Tensor.zeros(DType.F64, 3))).contains("copy_"));
        assertValues(new double[] {1, 2, 3}, x, "refused changes leave the values alone");
        // Under noGrad (as an optimizer step) it is allowed.
        try (GradMode.Guard g = GradMode.noGrad()) {
            x.addInPlace(1.0);
            x.mulInPlace(2.0);
        }
        assertValues(new double[] {4, 6, 8}, x, "after the no-grad update");
        assertTrue(x.isLeaf() && x.requiresGrad());
    }

    @Test
    void inPlaceOnAViewOfATensorThatRequiresGradFails() {
        Tensor x = leaf(1, 2, 3, 4);
        Tensor y = x.mul(2.0);
        Tensor v = y.slice(0, 0, 2);
        String m = fails(() -> v.addInPlace(1.0));
        assertTrue(m.contains("add_") && m.contains("view"), m);
        Tensor lv = x.reshape(2, 2);
        String m2 = fails(() -> lv.select(0, 1).subInPlace(Tensor.ones(DType.F64, 2)));
        assertTrue(m2.contains("view"), m2);
        assertValues(new double[] {2, 4, 6, 8}, y, "unchanged");
        assertValues(new double[] {1, 2, 3, 4}, x, "unchanged");
    }

    @Test
    void unrecordedInPlaceOpsOnATensorThatRequiresGradFail() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(2.0);
        String m = fails(() -> y.mulInPlace(2.0));
        assertTrue(m.contains("mul_") && m.contains("out-of-place"), m);
        assertTrue(fails(() -> y.mulInPlace(Tensor.of(1.0, 2.0, 3.0))).contains("mul_"));
        assertTrue(fails(() -> y.divInPlace(Tensor.of(1.0, 2.0, 3.0))).contains("div_"));
        assertTrue(fails(() -> y.fill(1)).contains("fill_"));
        assertTrue(fails(() -> y.copyFrom(Tensor.zeros(DType.F64, 3))).contains("copy_"));
        // Multiplying a plain tensor by one that requires grad in place would need a record too.
        Tensor plain = Tensor.ones(DType.F64, 3);
        assertTrue(fails(() -> plain.mulInPlace(y)).contains("mul_"));
        assertValues(new double[] {1, 1, 1}, plain, "unchanged");
        assertValues(new double[] {2, 4, 6}, y, "unchanged");
        // The graph is intact after the refusals.
        y.sum().backward();
        assertGrad(x, new long[] {3}, 2, 2, 2);
    }

    // ------------------------------------------------------------------ version counter

    @Test
    void modifyingASavedOutputUnderNoGradMakesBackwardFail() {
        Tensor x = leaf(0.1, 0.2);
        Tensor y = x.exp();                 // exp saves its output
        try (GradMode.Guard g = GradMode.noGrad()) {
            y.addInPlace(1.0);
        }
        String m = fails(() -> y.backward(Tensor.ones(DType.F64, 2)));
        assertTrue(m.startsWith("exp:") && m.contains("modified by an in-place operation") && m.contains("version"), m);
        assertNull(x.grad());
    }

    @Test
    void modifyingASavedInputByARecordedInPlaceOpMakesBackwardFail() {
        Tensor x = leaf(0.1, 0.2);
        Tensor y = x.mul(2.0);
        Tensor z = y.sin().sum();           // sin saves its input y
        y.addInPlace(1.0);                  // recorded, but bumps y's version
        String m = fails(z::backward);
        assertTrue(m.startsWith("sin:") && m.contains("modified by an in-place operation") && m.contains("[2] f64"), m);
    }

    @Test
    void modifyingASavedOutputByARecordedInPlaceOpMakesBackwardFail() {
        Tensor x = leaf(0.1, 0.2);
        Tensor y = x.sigmoid();             // saves its output
        y.addInPlace(1.0);
        String m = fails(() -> y.sum().backward());
        assertTrue(m.startsWith("sigmoid:") && m.contains("modified by an in-place operation"), m);
    }

    @Test
    void anOptimizerStepBeforeBackwardIsCaught() {
        Tensor w = leaf(1, 2, 3);
        Tensor loss = w.mul(w).sum();      // mul saves w
        try (GradMode.Guard g = GradMode.noGrad()) {
            w.subInPlace(Tensor.full(DType.F64, 0.1, 3));
        }
        String m = fails(loss::backward);
        assertTrue(m.startsWith("mul:") && m.contains("modified by an in-place operation"), m);
    }

    @Test
    void setOnASavedTensorIsCaughtToo() {
        Tensor w = leaf(1, 2, 3);
        Tensor loss = w.mul(w).sum();
        try (GradMode.Guard g = GradMode.noGrad()) {
            w.set(5.0, 0);
        }
        assertTrue(fails(loss::backward).contains("modified by an in-place operation"));
    }

    @Test
    void modifyingAViewOfASavedTensorIsCaught() {
        // Versions belong to the storage: a change through any view counts.
        Tensor x = leaf(0.1, 0.2, 0.3, 0.4);
        Tensor y = x.mul(1.0);
        Tensor z = y.sin().sum();           // sin saves y
        try (GradMode.Guard g = GradMode.noGrad()) {
            y.slice(0, 1, 2).addInPlace(1.0);
        }
        assertTrue(fails(z::backward).contains("modified by an in-place operation"));
    }

    @Test
    void inPlaceChangesThatNoBackwardReadsAreFine() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);              // mul by a scalar: backward reads the scalar, not y
        Tensor z = y.add(1.0).sum();        // add reads nothing it saved
        try (GradMode.Guard g = GradMode.noGrad()) {
            Tensor other = Tensor.ones(DType.F64, 2);
            other.addInPlace(1.0);          // unrelated tensor
        }
        z.backward();
        assertGrad(x, new long[] {2}, 2, 2);
    }

    @Test
    void versionCounterCountsInPlaceWrites() {
        Tensor t = Tensor.zeros(DType.F64, 3);
        int v0 = t.storage().version();
        t.addInPlace(1.0);
        t.fill(2);
        t.copyFrom(Tensor.ones(DType.F64, 3));
        t.set(4.0, 1);
        assertEquals(v0 + 4, t.storage().version());
        t.add(1.0).close();
        assertEquals(v0 + 4, t.storage().version(), "out-of-place ops don't bump it");
    }
}
