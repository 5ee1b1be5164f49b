// Transforms: one-hot rows, label range checks, u8 to [0, 1], mean/std and standardisation.
package dev.tessera.data;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TransformsTest {
    private Scope scope;

    @BeforeEach void open() { scope = Scope.open(); }
    @AfterEach void close() { scope.close(); }

    @Test
    void oneHot() {
        Tensor h = Transforms.oneHot(Tensor.of(2L, 0L, 3L, 2L), 4);
        assertEquals(DType.F32, h.dtype());
        assertArrayEquals(new long[] {4, 4}, h.shape());
        assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0}, h.toFloatArray());
        Tensor fromU8 = Transforms.oneHot(Tensor.fromArray(new byte[] {1, 0}), 2);
        assertArrayEquals(new float[] {0, 1, 1, 0}, fromU8.toFloatArray());
        assertArrayEquals(new long[] {0, 3}, Transforms.oneHot(Tensor.of(new long[0]), 3).shape());
    }

    @Test
    void oneHotRejectsBadLabels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transforms.oneHot(Tensor.of(0L, 5L), 5));
        assertTrue(e.getMessage().contains("0..4") && e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Transforms.oneHot(Tensor.of(-1L, 0L), 5));
        assertThrows(IllegalArgumentException.class, () -> Transforms.oneHot(Tensor.of(0.5f), 2));
        assertThrows(IllegalArgumentException.class, () -> Transforms.oneHot(Tensor.of(1L, 0L).reshape(1, 2), 2));
    }

    @Test
    void unitRangeAndStandardize() {
        Tensor u = Transforms.toUnitRange(Tensor.fromArray(new byte[] {0, (byte) 255, 51}));
        assertEquals(DType.F32, u.dtype());
        assertArrayEquals(new float[] {0, 1, 0.2f}, u.toFloatArray(), 1e-7f);
        Transforms.MeanStd ms = Transforms.meanStd(Tensor.of(1f, 2f, 3f, 4f));
        assertEquals(2.5, ms.mean(), 1e-12);
        assertEquals(Math.sqrt(1.25), ms.std(), 1e-12);
        Tensor z = Transforms.standardize(Tensor.of(1f, 2f, 3f, 4f), ms);
        Transforms.MeanStd after = Transforms.meanStd(z);
        assertEquals(0, after.mean(), 1e-6);
        assertEquals(1, after.std(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Transforms.standardize(z, 0, 0));
    }
}
