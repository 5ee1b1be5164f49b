// KernelVersion: one numbered implementation of a kernel family (0 = the vendor library), with
// the CPU features it needs to run.
package dev.tessera.kernels;

import dev.tessera.backend.cpu.CpuInfo;

import java.util.List;

public record KernelVersion(int number, String name, String source, long requiredFeatures) {
    public boolean supported() { return CpuInfo.has(requiredFeatures); }

    public List<String> requiredFeatureNames() { return CpuInfo.names(requiredFeatures); }

    @Override
    public String toString() { return "v" + number + " " + name; }
}
