// Backends: finds the backend of a device. The CPU backend always exists; CUDA devices go through
// dev.tessera.backend.cuda.CudaStatus, which says why they can't be used yet.
package dev.tessera.backend;

import dev.tessera.backend.cpu.CpuBackend;
import dev.tessera.backend.cuda.CudaStatus;
import dev.tessera.tensor.Device;

public final class Backends {
    private Backends() {}

    public static Backend cpu() { return CpuBackend.INSTANCE; }

    public static Backend of(Device device) {
        if (device.isCpu()) return CpuBackend.INSTANCE;
        CudaStatus status = CudaStatus.get();
        throw new UnsupportedOperationException("device " + device + " is not available: "
                + (status.available() ? "the CUDA backend's kernels are not implemented yet" : status.reason()));
    }
}
