// Scope: explicit, hierarchical lifetime for tensors. Every tensor created while a scope is open
// on the thread belongs to the innermost one and is freed when it closes, unless it was kept
// (moved to the parent scope, or out of all scopes). Tensors created outside any scope are
// watched by a Cleaner; if the GC has to free one, MemoryStats counts it as a leak.
package dev.tessera.memory;

import java.lang.ref.Cleaner;
import java.util.Arrays;

public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Owned[] NONE = new Owned[0];

    /** A resource a scope can own: in practice, a tensor. */
    public interface Owned {
        /** Frees the resource because its owner closed (no leak). */
        void closeFromOwner();

        /** The storage to release if the GC ever finds the resource unreachable. */
        Storage storage();

        Slot slot();
    }

    /** Where an owned resource is registered: a scope's slot, or a Cleaner registration. */
    public static final class Slot {
        Scope scope;
        int index;
        Cleaner.Cleanable cleanable;
        GcRelease gcRelease;
    }

    private final Scope parent;
    private final Thread thread;
    private Owned[] owned = NONE;
    private int count;
    private boolean closed;

    private Scope(Scope parent) {
        this.parent = parent;
        this.thread = Thread.currentThread();
    }

    /** Opens a scope nested in the current one on this thread. Use with try-with-resources. */
    public static Scope open() {
        Scope s = new Scope(CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** The innermost open scope of this thread, or null. */
    public static Scope current() { return CURRENT.get(); }

    public Scope parent() { return parent; }

    public boolean isClosed() { return closed; }

    /** Number of resources this scope will free when it closes. */
    public int size() { return count; }

    /** True when this scope owns the resource (and so will free it when it closes). */
    public boolean owns(Owned o) { return o.slot().scope == this; }

    /** Registers a new resource with the current scope, or with the Cleaner when there is none. */
    public static void track(Owned o) {
        Scope s = CURRENT.get();
        if (s != null) s.add(o);
        else watch(o);
    }

    /** Moves a resource to the parent of the scope that owns it (out of all scopes at the top). */
    public static void keep(Owned o) {
        Slot slot = o.slot();
        Scope s = slot.scope;
        if (s == null) return; // not scoped: already survives every scope
        s.confined("keep");
        s.remove(o);
        if (s.parent != null) s.parent.add(o);
        else watch(o);
    }

    /**
     * Moves a resource to the scope that owns {@code owner} (or out of all scopes when the owner has
     * none): a parameter's gradient lives as long as the parameter.
     */
    public static void moveTo(Owned o, Owned owner) {
        moveInto(o, owner.slot().scope);
    }

    /**
     * Moves a resource into {@code target}, a scope saved earlier (out of all scopes when null): an
     * optimizer's state goes to the scope the optimizer was made in, not the step's scope.
     */
    public static void moveInto(Owned o, Scope target) {
        if (target != null && target.closed) {
            throw new IllegalStateException("moveInto: the target scope is closed (its owner outlived the scope it was made in)");
        }
        Slot slot = o.slot();
        if (slot.scope == target && (target != null || slot.cleanable != null)) return;
        untrack(o);
        if (target != null) target.add(o);
        else watch(o);
    }

    /** Stops tracking a resource that its user is closing explicitly. */
    public static void untrack(Owned o) {
        Slot slot = o.slot();
        if (slot.scope != null) {
            slot.scope.confined("close");
            slot.scope.remove(o);
        } else if (slot.cleanable != null) {
            slot.gcRelease.closedByOwner = true;
            slot.cleanable.clean();
            slot.cleanable = null;
            slot.gcRelease = null;
        }
    }

    private static void watch(Owned o) {
        Slot slot = o.slot();
        GcRelease release = new GcRelease(o.storage());
        slot.gcRelease = release;
        slot.cleanable = CLEANER.register(o, release);
    }

    private void add(Owned o) {
        if (closed) throw new IllegalStateException("Scope is closed");
        confined("add");
        if (count == owned.length) owned = Arrays.copyOf(owned, Math.max(8, count * 2));
        Slot slot = o.slot();
        slot.scope = this;
        slot.index = count;
        owned[count++] = o;
    }

    /** Throws before any change when this scope is touched from a thread other than its own. */
    private void confined(String action) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(action + ": scope opened on thread '" + thread.getName() + "' used from '"
                    + Thread.currentThread().getName() + "': scopes are confined to their thread"
                    + " (keep() a tensor out of its scope before handing it to another thread)");
        }
    }

    private void remove(Owned o) {
        Slot slot = o.slot();
        int i = slot.index;
        Owned last = owned[--count];
        owned[i] = last;
        last.slot().index = i;
        owned[count] = null;
        slot.scope = null;
    }

    /** Frees every resource still owned (closing any inner scope still open first). */
    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("Scope opened on thread '" + thread.getName() + "' closed from '"
                    + Thread.currentThread().getName() + "'");
        }
        Scope top = CURRENT.get();
        while (top != null && top != this) {
            top.close();
            top = CURRENT.get();
        }
        closed = true;
        for (int i = count - 1; i >= 0; i--) {
            Owned o = owned[i];
            owned[i] = null;
            o.slot().scope = null;
            o.closeFromOwner();
        }
        count = 0;
        CURRENT.set(parent);
    }

    /** The Cleaner's action: releases the storage reference of a tensor nobody closed. */
    static final class GcRelease implements Runnable {
        private final Storage storage;
        volatile boolean closedByOwner;

        GcRelease(Storage storage) { this.storage = storage; }

        @Override
        public void run() {
            if (!closedByOwner) {
                MemoryStats stats = storage.allocator().stats();
                stats.leaked();
                storage.release();
            }
        }
    }
}
