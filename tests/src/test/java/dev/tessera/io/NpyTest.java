// NpyTest: .npy files written by numpy (test resources) load with the right dtype, shape and values
// (v1.0 and v2.0, C and Fortran order, 0-d and empty), our writer produces numpy's exact bytes, and
// save/load round trips through a file for every dtype.
package dev.tessera.io;

import dev.tessera.ops.Creation;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.tessera.io.IoTestFiles.assertSameTensor;
import static dev.tessera.io.IoTestFiles.resource;
import static org.junit.jupiter.api.Assertions.*;

class NpyTest {
    @TempDir
    Path dir;

    static final Object[][] FIXTURES = {
        {"f32_2x3.npy", Creation.fromFlat(new float[] {0, 1.5f, 3, 4.5f, 6, 7.5f}, DType.F32, new long[] {2, 3})},
        {"f64_4.npy", Creation.fromFlat(new double[] {1, -2.5, 1e300, 0}, DType.F64, new long[] {4})},
        {"i64_scalar.npy", Creation.fromFlat(new long[] {-7}, DType.I64, new long[] {})},
        {"i32_empty.npy", Creation.fromFlat(new int[0], DType.I32, new long[] {0, 3})},
        {"u8_3.npy", Creation.fromFlat(new byte[] {0, 7, (byte) 255}, DType.U8, new long[] {3})},
        {"bool_2x2.npy", Creation.fromFlat(new byte[] {1, 0, 0, 1}, DType.BOOL, new long[] {2, 2})},
    };

    @Test
    void loadsNumpyFilesAndWritesTheirExactBytes() {
        for (Object[] f : FIXTURES) {
            String name = (String) f[0];
            Tensor want = (Tensor) f[1];
            assertSameTensor(want, Npy.read(resource(name), name));
            assertArrayEquals(resource(name), Npy.toBytes(want), name + ": same bytes as numpy.save");
        }
    }

    @Test
    void fortranOrderIsTransposedIntoRowMajor() {
        Tensor t = Npy.read(resource("f32_fortran_2x3.npy"), "fortran");
        assertSameTensor(Creation.fromFlat(new float[] {0, 1, 2, 3, 4, 5}, DType.F32, new long[] {2, 3}), t);
    }

    @Test
    void readsVersion2() {
        assertSameTensor(Creation.fromFlat(new int[] {1, 2, 3}, DType.I32, new long[] {3}), Npy.read(resource("i32_v2.npy"), "v2"));
    }

    @Test
    void everyDtypeRoundTripsThroughAFile() {
        for (Object[] f : FIXTURES) {
            Path p = dir.resolve("t_" + f[0]);
            Npy.save(p, (Tensor) f[1]);
            assertSameTensor((Tensor) f[1], Npy.load(p));
        }
        Tensor big = Creation.fromFlat(new double[300_000], DType.F64, new long[] {300, 1000}); // several I/O chunks
        Npy.save(dir.resolve("big.npy"), big);
        assertSameTensor(big, Npy.load(dir.resolve("big.npy")));
    }
}
