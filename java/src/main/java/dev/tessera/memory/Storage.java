// Storage: one reference-counted block of device memory. Tensors are views over a storage; each
// open tensor holds one reference, and the block returns to its allocator when the last one goes.
package dev.tessera.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

public final class Storage {
    private static final VarHandle REFS;

    static {
        try {
            REFS = MethodHandles.lookup().findVarHandle(Storage.class, "refs", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Allocator allocator;
    private final long address;
    private final long nbytes;
    @SuppressWarnings("unused") // updated through REFS
    private volatile int refs = 1;
    /** Bumped by every in-place write, so autograd can tell a saved tensor was modified. */
    private int version;

    private Storage(Allocator allocator, long address, long nbytes) {
        this.allocator = allocator;
        this.address = address;
        this.nbytes = nbytes;
    }

    /** A new block of {@code nbytes} holding one reference (the caller's). Contents are undefined. */
    public static Storage allocate(Allocator allocator, long nbytes) {
        return new Storage(allocator, allocator.allocate(nbytes), nbytes);
    }

    public Allocator allocator() { return allocator; }

    public long nbytes() { return nbytes; }

    /** The block's address; only valid while a reference is held. */
    public long address() { return address; }

    /** How many in-place writes this block has seen. */
    public int version() { return version; }

    /** Records an in-place write (ops that modify a tensor's values call it). */
    public void bumpVersion() { version++; }

    public boolean isFreed() { return (int) REFS.getVolatile(this) <= 0; }

    public void retain() {
        int r;
        do {
            r = (int) REFS.getVolatile(this);
            if (r <= 0) throw new IllegalStateException("storage of " + nbytes + " bytes was already freed");
        } while (!REFS.compareAndSet(this, r, r + 1));
    }

    public void release() {
        int r = (int) REFS.getAndAdd(this, -1) - 1;
        if (r == 0) allocator.free(address, nbytes);
        else if (r < 0) throw new IllegalStateException("storage released more often than retained");
    }
}
