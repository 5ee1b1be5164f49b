// Backends: finds the backend of a device. The CPU backend always exists; a CUDA device's backend
// (dev.tessera.backend.cuda.CudaBackend) exists when CudaStatus finds a usable GPU, and asking
// for one otherwise throws with the reason.
package dev.tessera.backend;

import dev.tessera.backend.cpu.CpuBackend;
import dev.tessera.backend.cuda.CudaBackend;
import dev.tessera.tensor.Device;

public final class Backends {
    private Backends() {}

    public static Backend cpu() { return CpuBackend.INSTANCE; }

    public static Backend of(Device device) {
        if (device.isCpu()) return CpuBackend.INSTANCE;
        return CudaBackend.of(device.index());
    }
}
