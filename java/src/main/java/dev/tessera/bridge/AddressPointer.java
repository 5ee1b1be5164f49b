// AddressPointer: wraps a raw address as a JavaCPP Pointer, for the few vendor calls (OpenBLAS
// presets) whose bindings take Pointer objects instead of addresses.
package dev.tessera.bridge;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

public final class AddressPointer extends Pointer {
    private AddressPointer(long address) {
        this.address = address;
    }

    public static FloatPointer floats(long address) { return new FloatPointer(new AddressPointer(address)); }

    public static DoublePointer doubles(long address) { return new DoublePointer(new AddressPointer(address)); }
}
