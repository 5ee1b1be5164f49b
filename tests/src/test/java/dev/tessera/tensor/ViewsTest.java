// View semantics: which ops share storage (reshape when strides allow, permute, transpose, slice,
// select, expand, squeeze/unsqueeze, flatten, split/chunk, contiguous of a contiguous tensor) and
// which copy (reshape of a non-viewable layout), writes through views, and shape/stride results.
package dev.tessera.tensor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ViewsTest extends ScopedTest {
    /** [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]] as f32. */
    private static Tensor grid() {
        return Tensor.arange(0.0, 12.0, 1.0).view(3, 4);
    }

    @Test
    void reshapeOfAContiguousTensorIsAView() {
        Tensor x = grid();
        Tensor r = x.reshape(2, -1, 2);
        assertShape(r, 2, 3, 2);
        assertSameStorage(x, r);
        r.set(100, 0, 0, 1);
        assertEquals(100, x.get(0, 1), "writes through the view");
    }

    @Test
    void reshapeOfATransposeCopies() {
        Tensor xt = grid().t();
        assertFalse(xt.isContiguous());
        Tensor r = xt.reshape(12);
        assertOwnStorage(xt, r);
        assertValues(r, 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
    }

    @Test
    void reshapeThatKeepsViewableRunsIsAView() {
        // Splitting or merging dims inside a contiguous run works on a transposed tensor too.
        Tensor xt = Tensor.arange(0.0, 24.0, 1.0).view(2, 3, 4).permute(2, 0, 1); // [4, 2, 3]
        Tensor r = xt.reshape(4, 6); // merges the contiguous (2, 3) run
        assertSameStorage(xt, r);
        assertValues(r.select(0, 1), 1, 5, 9, 13, 17, 21);
        Tensor s = xt.reshape(2, 2, 2, 3);
        assertSameStorage(xt, s);
    }

    @Test
    void viewFailsOnNonViewableStridesWithAClearMessage() {
        Tensor xt = grid().t();
        assertFails(IllegalArgumentException.class, () -> xt.view(12),
                "view", "[4, 3] f32", "strides [1, 4]", "[12]", "reshape");
        assertFails(IllegalArgumentException.class, () -> grid().view(5, 2), "view", "[5, 2]", "12 elements");
    }

    @Test
    void viewWithSizeOneDimsOnAStridedTensor() {
        Tensor col = grid().select(1, 2); // stride 4
        Tensor v = col.view(3, 1);
        assertSameStorage(col, v);
        assertValues(v, 2, 6, 10);
        assertValues(col.unsqueeze(0).view(1, 3, 1, 1).squeeze(), 2, 6, 10);
    }

    @Test
    void permuteAndTranspose() {
        Tensor x = Tensor.arange(0.0, 24.0, 1.0).view(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertShape(p, 4, 2, 3);
        assertArrayEquals(new long[] {1, 12, 4}, p.strides());
        assertSameStorage(x, p);
        assertEquals(x.get(1, 2, 3), p.get(3, 1, 2));
        Tensor neg = x.permute(-1, -3, -2);
        assertArrayEquals(p.shape(), neg.shape());
        Tensor tr = x.transpose(0, -1);
        assertShape(tr, 4, 3, 2);
        assertEquals(x.get(1, 0, 3), tr.get(3, 0, 1));
    }

    @Test
    void tOfMatricesVectorsAndScalars() {
        Tensor m = grid().t();
        assertShape(m, 4, 3);
        assertValues(m.select(0, 1), 1, 5, 9);
        assertShape(Tensor.arange(3).t(), 3);
        assertShape(Tensor.scalar(1).t());
        assertFails(IllegalArgumentException.class, () -> Tensor.zeros(2, 2, 2).t(), "t:", "[2, 2, 2]", "transpose");
    }

    @Test
    void sliceWithStepsAndNegativeIndices() {
        Tensor x = Tensor.arange(0.0, 10.0, 1.0);
        assertValues(x.slice(0, 1, 8, 3), 1, 4, 7);
        assertValues(x.slice(0, -3, 10), 7, 8, 9);
        assertValues(x.slice(0, 0, -7), 0, 1, 2);
        assertValues(x.slice(0, -100, 2), 0, 1);
        assertValues(x.slice(0, 8, 100), 8, 9);
        assertEquals(0, x.slice(0, 6, 3).numel(), "start after end is empty");
        assertEquals(0, x.slice(0, 10, 12).numel());
        assertValues(x.slice(0, 0, 10, 4), 0, 4, 8);
        Tensor g = grid().slice(1, 1, 4, 2);
        assertShape(g, 3, 2);
        assertArrayEquals(new long[] {4, 2}, g.strides());
        assertValues(g, 1, 3, 5, 7, 9, 11);
        assertSameStorage(x, x.slice(0, 2, 5));
        assertValues(grid().slice(-1, -2, 4), 2, 3, 6, 7, 10, 11);
    }

    @Test
    void sliceOfASliceComposes() {
        Tensor s = Tensor.arange(0.0, 20.0, 1.0).slice(0, 2, 20, 2).slice(0, 1, 8, 3); // [2,4,...,18] -> 4, 10, 16
        assertValues(s, 4, 10, 16);
    }

    @Test
    void selectRemovesADim() {
        Tensor x = grid();
        assertValues(x.select(0, 1), 4, 5, 6, 7);
        assertValues(x.select(0, -1), 8, 9, 10, 11);
        assertValues(x.select(1, -4), 0, 4, 8);
        Tensor s = x.select(0, 2).select(0, 3);
        assertEquals(0, s.dim());
        assertEquals(11, s.item());
    }

    @Test
    void expandBroadcastsWithZeroStrides() {
        Tensor col = Tensor.of(1f, 2f, 3f).view(3, 1);
        Tensor e = col.expand(3, 4);
        assertShape(e, 3, 4);
        assertArrayEquals(new long[] {1, 0}, e.strides());
        assertSameStorage(col, e);
        assertValues(e.select(0, 2), 3, 3, 3, 3);
        Tensor lead = col.expand(2, -1, 2);
        assertShape(lead, 2, 3, 2);
        assertEquals(0, lead.stride(0));
        assertValues(Tensor.scalar(7).expand(2, 2), 7, 7, 7, 7);
        assertValues(e.contiguous(), 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
    }

    @Test
    void squeezeAndUnsqueeze() {
        Tensor x = Tensor.zeros(1, 3, 1, 2);
        assertShape(x.squeeze(), 3, 2);
        assertShape(x.squeeze(0), 3, 1, 2);
        assertShape(x.squeeze(-2), 1, 3, 2);
        assertShape(x.squeeze(1), 1, 3, 1, 2);
        assertShape(x.unsqueeze(0), 1, 1, 3, 1, 2);
        assertShape(x.unsqueeze(4), 1, 3, 1, 2, 1);
        assertShape(x.unsqueeze(-1), 1, 3, 1, 2, 1);
        assertShape(x.unsqueeze(-5), 1, 1, 3, 1, 2);
        assertShape(Tensor.scalar(1).unsqueeze(0), 1);
        assertShape(Tensor.ones(1, 1).squeeze());
        assertSameStorage(x, x.squeeze().unsqueeze(1));
        Tensor g = grid().t().unsqueeze(1); // strided: the new dim must not break reads
        assertValues(g.select(0, 1), 1, 5, 9);
    }

    @Test
    void flatten() {
        Tensor x = Tensor.arange(0.0, 24.0, 1.0).view(2, 3, 4);
        assertShape(x.flatten(), 24);
        assertSameStorage(x, x.flatten());
        assertShape(x.flatten(1, 2), 2, 12);
        assertShape(x.flatten(0, 1), 6, 4);
        assertShape(x.flatten(-2, -1), 2, 12);
        assertShape(Tensor.scalar(3).flatten(), 1);
        Tensor p = x.permute(2, 1, 0);
        Tensor f = p.flatten();
        assertOwnStorage(p, f);
        assertEquals(x.get(1, 0, 0), f.get(1));
    }

    @Test
    void splitEvenUnevenAndEmpty() {
        Tensor x = Tensor.arange(0.0, 10.0, 1.0);
        List<Tensor> parts = x.split(4, 0);
        assertEquals(3, parts.size());
        assertValues(parts.get(0), 0, 1, 2, 3);
        assertValues(parts.get(2), 8, 9);
        for (Tensor p : parts) assertSameStorage(x, p);
        assertEquals(5, x.split(2, 0).size());
        assertEquals(1, x.split(20, 0).size());
        List<Tensor> cols = grid().split(3, 1);
        assertShape(cols.get(0), 3, 3);
        assertShape(cols.get(1), 3, 1);
        assertValues(cols.get(1), 3, 7, 11);
        List<Tensor> empty = Tensor.zeros(0, 2).split(2, 0);
        assertEquals(1, empty.size());
        assertShape(empty.get(0), 0, 2);
    }

    @Test
    void chunkEvenUnevenAndEmpty() {
        Tensor x = Tensor.arange(0.0, 10.0, 1.0);
        List<Tensor> three = x.chunk(3, 0); // ceil(10 / 3) = 4: 4, 4, 2 as in PyTorch
        assertEquals(3, three.size());
        assertEquals(2, three.get(2).numel());
        List<Tensor> even = x.chunk(5, 0);
        assertEquals(5, even.size());
        for (Tensor c : even) assertEquals(2, c.numel());
        assertEquals(3, Tensor.arange(6).chunk(4, 0).size(), "6 in chunks of ceil(6/4)=2: 3 chunks, as PyTorch");
        assertEquals(10, x.chunk(20, 0).size(), "more chunks than elements: one element each");
        List<Tensor> rows = grid().chunk(2, -2);
        assertShape(rows.get(0), 2, 4);
        assertShape(rows.get(1), 1, 4);
        assertEquals(1, Tensor.zeros(0).chunk(3, 0).size());
    }

    @Test
    void contiguousSharesStorageOnlyWhenAlreadyContiguous() {
        Tensor x = grid();
        assertSameStorage(x, x.contiguous());
        Tensor xt = x.t();
        Tensor c = xt.contiguous();
        assertOwnStorage(xt, c);
        assertTrue(c.isContiguous());
        assertValues(c, 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
        Tensor row = x.select(0, 1); // contiguous slice with an offset
        assertTrue(row.isContiguous());
        assertSameStorage(row, row.contiguous());
        assertEquals(4, row.contiguous().offset());
    }

    @Test
    void copyNeverShares() {
        Tensor x = grid();
        Tensor c = x.copy();
        assertOwnStorage(x, c);
        x.set(-1, 0, 0);
        assertEquals(0, c.get(0, 0));
    }

    @Test
    void asStridedStaysInsideTheStorage() {
        Tensor x = Tensor.zeros(2, 3);
        Tensor diag = x.asStrided(new long[] {2}, new long[] {4}, 0); // elements 0 and 4
        assertSameStorage(x, diag);
        assertShape(x.asStrided(new long[] {0, 100}, new long[] {1000, 1000}, 0), 0, 100);
        assertFails(IllegalArgumentException.class, () -> x.asStrided(new long[] {7}, new long[] {1}, 0),
                "as_strided", "[7]", "outside the storage of 6 elements");
        assertFails(IllegalArgumentException.class, () -> x.asStrided(new long[] {2}, new long[] {1}, 5), "as_strided", "offset 5");
        assertFails(IllegalArgumentException.class, () -> x.asStrided(new long[] {3}, new long[] {-1}, 1), "as_strided", "-1..1");
        assertFails(IllegalArgumentException.class, () -> x.asStrided(new long[] {2, 2}, new long[] {1}, 0), "as_strided", "rank");
        assertFails(IllegalArgumentException.class, () -> x.select(0, 1).asStrided(new long[] {4}, new long[] {1}, 3), "as_strided");
    }

    @Test
    void sizeAndStrideAcceptNegativeDims() {
        Tensor x = Tensor.zeros(2, 3, 4);
        assertEquals(4, x.size(-1));
        assertEquals(2, x.size(-3));
        assertEquals(12, x.stride(0));
        assertFails(IllegalArgumentException.class, () -> x.size(3), "size", "dim 3", "rank 3");
    }
}
