// Device: where a tensor's storage lives. The CPU is always there; CUDA devices are named by
// index and become usable when the CUDA backend reports them (dev.tessera.backend.cuda).
package dev.tessera.tensor;

import java.util.Objects;

public final class Device {
    public enum Kind { CPU, CUDA }

    public static final Device CPU = new Device(Kind.CPU, 0);

    private final Kind kind;
    private final int index;

    private Device(Kind kind, int index) {
        this.kind = kind;
        this.index = index;
    }

    public static Device cuda(int index) {
        if (index < 0) throw new IllegalArgumentException("Device.cuda: index must be >= 0, got " + index);
        return new Device(Kind.CUDA, index);
    }

    /** Parses "cpu", "cuda" or "cuda:1". */
    public static Device parse(String name) {
        String s = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("cpu")) return CPU;
        if (s.equals("cuda")) return cuda(0);
        if (s.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(s.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown device '" + name + "' (expected cpu, cuda or cuda:N)");
    }

    public Kind kind() { return kind; }

    public int index() { return index; }

    public boolean isCpu() { return kind == Kind.CPU; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device && ((Device) o).kind == kind && ((Device) o).index == index;
    }

    @Override
    public int hashCode() { return Objects.hash(kind, index); }

    @Override
    public String toString() { return kind == Kind.CPU ? "cpu" : "cuda:" + index; }
}
