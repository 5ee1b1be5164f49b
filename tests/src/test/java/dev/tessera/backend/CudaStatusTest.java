// CUDA status: on a machine without a usable GPU the backend must say exactly why, and CUDA
// tensors must fail with that reason; with a GPU these checks run instead of being skipped.
package dev.tessera.backend;

import dev.tessera.backend.cuda.CudaStatus;
import dev.tessera.tensor.Device;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CudaStatusTest {
    private static final CudaStatus STATUS = CudaStatus.get();

    @Test
    void unavailableCudaNamesItsReason() {
        assumeFalse(STATUS.available(), "a CUDA device is available here: " + STATUS);
        assertFalse(STATUS.reason().isBlank(), "an unavailable CUDA backend must give a reason");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> Backends.of(Device.cuda(0)));
        assertTrue(e.getMessage().contains(STATUS.reason()), e.getMessage());
    }

    @Test
    void availableCudaCountsItsDevices() {
        if (!STATUS.available()) System.out.println("SKIPPED (no GPU): CUDA unavailable: " + STATUS.reason());
        assumeTrue(STATUS.available(), "CUDA unavailable: " + STATUS.reason());
        assertTrue(STATUS.deviceCount() > 0);
        assertTrue(STATUS.reason().isEmpty());
    }
}
