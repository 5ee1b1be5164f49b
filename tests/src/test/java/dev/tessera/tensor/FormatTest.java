// toString: PyTorch-style, readable output — scalars, vectors, aligned matrix columns, blank lines
// between 3-D blocks, "..." summaries past 1000 elements, the dtype for non-default types, empty
// and closed tensors.
package dev.tessera.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class FormatTest extends ScopedTest {
    @Test
    void scalars() {
        assertEquals("tensor(3.5000)", Tensor.scalar(3.5).toString());
        assertEquals("tensor(2.)", Tensor.scalar(2).toString());
        assertEquals("tensor(7)", Tensor.scalar(DType.I64, 7).toString());
        assertEquals("tensor(true)", Tensor.fromArray(true).toString());
    }

    @Test
    void vectors() {
        assertEquals("tensor([1., 2., 3.])", Tensor.of(1f, 2f, 3f).toString());
        assertEquals("tensor([-1.5000,  2.2500])", Tensor.of(-1.5f, 2.25f).toString());
        assertEquals("tensor([0, 1, 2])", Tensor.arange(3).toString());
        assertEquals("tensor([ true, false])", Tensor.fromArray(new boolean[] {true, false}).toString());
    }

    @Test
    void matrixColumnsAreAligned() {
        Tensor m = Tensor.fromArray(new float[][] {{1, 10}, {100, 1000}});
        assertEquals("tensor([[   1.,   10.],\n"
                   + "        [ 100., 1000.]])", m.toString());
        String[] lines = Tensor.fromArray(new float[][] {{0.5f, -12.25f}, {3, 4}}).toString().split("\n");
        assertEquals(lines[0].indexOf(','), lines[1].indexOf(','), "commas line up:\n" + String.join("\n", lines));
    }

    @Test
    void threeDimensionalBlocksAreSeparated() {
        Tensor t = Tensor.arange(8).view(2, 2, 2);
        assertEquals("tensor([[[0, 1],\n"
                   + "         [2, 3]],\n"
                   + "\n"
                   + "        [[4, 5],\n"
                   + "         [6, 7]]])", t.toString());
    }

    @Test
    void nonDefaultDtypesAreNamed() {
        assertEquals("tensor([1, 2], dtype=i32)", Tensor.fromArray(new int[] {1, 2}).toString());
        assertEquals("tensor([1., 2.], dtype=f64)", Tensor.of(1.0, 2.0).toString());
        assertEquals("tensor([  0, 255], dtype=u8)", Tensor.fromArray(new byte[] {0, (byte) 255}).toString());
        assertFalse(Tensor.ones(2).toString().contains("dtype"));
    }

    @Test
    void smallAndLargeValuesUseScientificNotation() {
        String s = Tensor.of(1e-5f, 1f).toString();
        assertTrue(s.contains("e-05") && s.contains("e+00"), s);
        assertTrue(Tensor.of(1e9f).toString().contains("e+09"));
    }

    @Test
    void specialValues() {
        assertEquals("tensor([ nan,  inf, -inf,   1.])",
                Tensor.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f).toString());
    }

    @Test
    void largeTensorsAreSummarised() {
        String s = Tensor.arange(2000).toString();
        assertEquals("tensor([   0,    1,    2, ..., 1997, 1998, 1999])", s);
        String m = Tensor.zeros(100, 100).toString();
        assertTrue(m.contains("..."), m);
        assertTrue(m.split("\n").length <= 8, "at most 3 + 1 + 3 rows:\n" + m);
        assertTrue(m.length() < 400, "summary stays short: " + m.length() + " chars");
        assertFalse(Tensor.zeros(1000).toString().contains("..."), "1000 elements print in full");
    }

    @Test
    void stridedViewsPrintTheirLogicalLayout() {
        assertEquals("tensor([[0, 2],\n        [1, 3]])", Tensor.arange(4).view(2, 2).t().toString());
    }

    @Test
    void emptyAndClosed() {
        assertEquals("tensor([])", Tensor.zeros(0).toString());
        assertEquals("tensor([], size=[0, 3])", Tensor.zeros(0, 3).toString());
        Tensor t = Tensor.ones(2, 3);
        t.close();
        String s = t.toString();
        assertTrue(s.contains("closed") && s.contains("[2, 3]"), s);
    }
}
