// Tensor: an n-dimensional view (shape, strides, offset, dtype) over a reference-counted Storage.
// This class holds the view and its lifetime; every computation is an op of dev.tessera.ops,
// and the methods here are only the fluent spelling of those ops (a.add(b) == Elementwise.add(a, b)).
package dev.tessera.tensor;

import dev.tessera.autograd.Autograd;
import dev.tessera.autograd.Node;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Backends;
import dev.tessera.memory.Scope;
import dev.tessera.memory.Storage;
import dev.tessera.ops.Creation;
import dev.tessera.ops.Elementwise;
import dev.tessera.ops.Indexing;
import dev.tessera.ops.Joining;
import dev.tessera.ops.LinearAlgebra;
import dev.tessera.ops.Reductions;
import dev.tessera.ops.Views;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

public final class Tensor implements AutoCloseable, Scope.Owned {
    private final Storage storage;
    private final long[] shape;
    private final long[] strides;
    private final long offset;
    private final DType dtype;
    private final Backend backend;
    private final Scope.Slot slot = new Scope.Slot();
    private boolean closed;
    // Autograd state: see dev.tessera.autograd.
    private boolean requiresGrad;
    private Node gradFn;
    private Tensor grad;
    private List<UnaryOperator<Tensor>> hooks;
    private boolean view;
    /** For an alias saved by autograd: the tensor it stands for in the graph. */
    private Tensor origin;

    /**
     * A view over {@code storage} that takes over one reference the caller already holds, and is
     * registered with the current scope. Low level: ops and creation functions use it.
     */
    public Tensor(Storage storage, Backend backend, DType dtype, long[] shape, long[] strides, long offset) {
        this.storage = storage;
        this.backend = backend;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        Scope.track(this);
    }

    /** An uninitialised contiguous tensor on the CPU. */
    public static Tensor empty(DType dtype, long... shape) {
        return empty(Backends.cpu(), dtype, shape);
    }

    /** An uninitialised contiguous tensor on a backend's device. */
    public static Tensor empty(Backend backend, DType dtype, long[] shape) {
        long n = checkedNumel("empty", shape);
        Storage s = Storage.allocate(backend.allocator(), n * dtype.size());
        return new Tensor(s, backend, dtype, shape, Shape.contiguousStrides(shape), 0);
    }

    /** A view must stay inside the storage: kernels trust it, so a bad one would read foreign memory. */
    private void checkInStorage(long[] shape, long[] strides, long offset) {
        if (shape == null || strides == null) throw new NullPointerException("as_strided: shape or strides is null");
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("as_strided: shape " + Shape.str(shape) + " and strides " + Shape.str(strides)
                    + " differ in rank");
        }
        long lo = offset;
        long hi = offset;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) throw new IllegalArgumentException("as_strided: negative dimension in shape " + Shape.str(shape));
            if (shape[i] == 0) return; // no element is ever read
            long span = (shape[i] - 1) * strides[i];
            if (span < 0) lo += span;
            else hi += span;
        }
        long capacity = storage.nbytes() / dtype.size();
        if (lo < 0 || hi >= capacity) {
            throw new IllegalArgumentException("as_strided: shape " + Shape.str(shape) + ", strides " + Shape.str(strides)
                    + " and offset " + offset + " reach elements " + lo + ".." + hi + " outside the storage of " + capacity
                    + " elements of tensor " + describe());
        }
    }

    private static long checkedNumel(String op, long[] shape) {
        if (shape == null) throw new NullPointerException(op + ": shape is null");
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException(op + ": negative dimension in shape " + Shape.str(shape));
        }
        try {
            return Shape.numel(shape);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(op + ": shape " + Shape.str(shape) + " has too many elements");
        }
    }

    /** A new view of the same storage (takes its own storage reference). */
    public Tensor asStrided(long[] shape, long[] strides, long offset) {
        checkOpen("as_strided");
        checkInStorage(shape, strides, offset);
        storage.retain();
        Tensor t = new Tensor(storage, backend, dtype, shape, strides, offset);
        t.view = true;
        return t;
    }

    // ---------------------------------------------------------------- creation (see ops.Creation)

    public static Tensor zeros(long... shape) { return Creation.full(DType.DEFAULT_FLOAT, 0, shape); }
    public static Tensor zeros(DType dtype, long... shape) { return Creation.full(dtype, 0, shape); }
    public static Tensor ones(long... shape) { return Creation.full(DType.DEFAULT_FLOAT, 1, shape); }
    public static Tensor ones(DType dtype, long... shape) { return Creation.full(dtype, 1, shape); }
    public static Tensor full(double value, long... shape) { return Creation.full(DType.DEFAULT_FLOAT, value, shape); }
    public static Tensor full(DType dtype, double value, long... shape) { return Creation.full(dtype, value, shape); }
    /** 0-d tensor holding one value (F32 default). */
    public static Tensor scalar(double value) { return Creation.full(DType.DEFAULT_FLOAT, value, Shape.SCALAR); }
    public static Tensor scalar(DType dtype, double value) { return Creation.full(dtype, value, Shape.SCALAR); }
    /** 0, 1, ..., end-1 as I64. */
    public static Tensor arange(long end) { return Creation.arange(DType.I64, 0, end, 1); }
    /** start, start+step, ... < end as I64 (as torch.arange with integer arguments). */
    public static Tensor arange(long start, long end, long step) { return Creation.arange(DType.I64, start, end, step); }
    public static Tensor arange(double start, double end, double step) { return Creation.arange(DType.DEFAULT_FLOAT, start, end, step); }
    public static Tensor arange(DType dtype, double start, double end, double step) { return Creation.arange(dtype, start, end, step); }
    public static Tensor linspace(double start, double end, long steps) { return Creation.linspace(DType.DEFAULT_FLOAT, start, end, steps); }
    public static Tensor eye(long n) { return Creation.eye(DType.DEFAULT_FLOAT, n, n); }
    public static Tensor eye(DType dtype, long rows, long cols) { return Creation.eye(dtype, rows, cols); }
    public static Tensor rand(Generator g, long... shape) { return Creation.rand(g, DType.DEFAULT_FLOAT, shape); }
    public static Tensor randn(Generator g, long... shape) { return Creation.randn(g, DType.DEFAULT_FLOAT, shape); }
    public static Tensor randint(Generator g, long low, long high, long... shape) { return Creation.randint(g, DType.I64, low, high, shape); }
    /** From a 0-4-D Java array (float, double, int, long, byte, boolean), or a boxed scalar. */
    public static Tensor fromArray(Object array) { return Creation.fromArray(array); }
    public static Tensor of(float... values) { return Creation.fromArray(values); }
    public static Tensor of(double... values) { return Creation.fromArray(values); }
    public static Tensor of(long... values) { return Creation.fromArray(values); }
    public static Tensor zerosLike(Tensor t) { return Creation.full(t.dtype(), 0, t.shape()); }
    public static Tensor onesLike(Tensor t) { return Creation.full(t.dtype(), 1, t.shape()); }

    // ---------------------------------------------------------------- metadata

    public DType dtype() { return dtype; }
    public Device device() { return backend.device(); }
    public Backend backend() { return backend; }
    public Storage storage() { return storage; }
    /** The shape (a copy). */
    public long[] shape() { return shape.clone(); }
    /** The strides in elements (a copy). */
    public long[] strides() { return strides.clone(); }
    /** Offset of element [0, ..., 0] from the storage start, in elements. */
    public long offset() { return offset; }
    public int dim() { return shape.length; }
    public long numel() { return Shape.numel(shape); }

    public long size(int dim) {
        return shape[Shape.axis("size", dim, shape.length)];
    }

    public long stride(int dim) {
        return strides[Shape.axis("stride", dim, shape.length)];
    }

    public boolean isContiguous() { return Shape.isContiguous(shape, strides); }

    /** Shape array shared without copying; callers must never modify it. */
    public long[] shapeRef() { return shape; }

    /** Strides array shared without copying; callers must never modify it. */
    public long[] stridesRef() { return strides; }

    /** Address of element [0, ..., 0]; checks that the tensor is open. */
    public long address(String op) {
        checkOpen(op);
        return storage.address() + offset * dtype.size();
    }

    // ---------------------------------------------------------------- lifetime

    public boolean isClosed() { return closed; }

    /** Throws IllegalStateException naming {@code op} if this tensor was closed. */
    public void checkOpen(String op) {
        if (closed) {
            throw new IllegalStateException(op + ": tensor " + Shape.str(shape) + " " + dtype + " is closed (freed by close() or when its scope closed;"
                    + " keep() it to use it after its scope)");
        }
    }

    /**
     * Moves this tensor to the parent of its scope (or out of all scopes) so it outlives the scope;
     * its gradient, which lives with it, goes along.
     */
    public Tensor keep() {
        checkOpen("keep");
        Scope.keep(this);
        if (grad != null && !grad.isClosed()) Scope.moveTo(grad, this);
        return this;
    }

    /** Frees this view now; closing twice is a no-op. Other views of the storage stay valid. */
    @Override
    public void close() {
        if (closed) return;
        Scope.untrack(this);
        closed = true;
        storage.release();
        if (grad != null) grad.close();
    }

    @Override
    public void closeFromOwner() {
        if (closed) return;
        closed = true;
        storage.release();
    }

    // ---------------------------------------------------------------- autograd

    /** True when gradients flow to this tensor (a leaf marked requiresGrad, or a result computed from one). */
    public boolean requiresGrad() { return requiresGrad; }

    /** Marks a leaf tensor as a variable whose gradient backward() computes. Floating dtypes only. */
    public Tensor requiresGrad(boolean on) {
        checkOpen("requires_grad");
        if (gradFn != null) {
            throw new IllegalStateException("requires_grad: tensor " + describe() + " is the result of " + gradFn.op().name()
                    + "; only leaf tensors can change requiresGrad (use detach() for a new leaf)");
        }
        if (on && !dtype.isFloat()) {
            throw new IllegalArgumentException("requires_grad: only floating-point tensors can require grad, got " + describe());
        }
        requiresGrad = on;
        return this;
    }

    /** The accumulated gradient of a leaf (null before the first backward). */
    public Tensor grad() { return grad; }

    /** The node that produced this tensor, or null for a leaf. */
    public Node gradFn() { return gradFn; }

    public boolean isLeaf() { return gradFn == null; }

    /** True when this tensor shares its storage with a tensor it was derived from (a view or alias). */
    public boolean isView() { return view; }

    /** Backward from a one-element tensor (typically a loss). */
    public void backward() { Autograd.backward(this, null, false, false); }

    /** Backward with an explicit gradient of this tensor's shape. */
    public void backward(Tensor gradient) { Autograd.backward(this, gradient, false, false); }

    /**
     * Backward keeping the graph for another pass ({@code retainGraph}) and/or recording the backward
     * pass itself so gradients can be differentiated again ({@code createGraph}).
     */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Autograd.backward(this, gradient, retainGraph, createGraph);
    }

    /** Zeroes the accumulated gradient in place (keeps its memory for the next step). */
    public void zeroGrad() {
        if (grad != null && !grad.isClosed()) {
            if (grad.requiresGrad()) {
                grad.close();
                grad = null;
            } else {
                backend.fill(grad, 0);
                grad.storage().bumpVersion();
            }
        }
    }

    /** Drops the gradient (frees it). */
    public void clearGrad() {
        if (grad != null) grad.close();
        grad = null;
    }

    /** A new leaf sharing this tensor's storage, cut off from the graph. */
    public Tensor detach() {
        checkOpen("detach");
        return asStrided(shape, strides, offset);
    }

    /**
     * Calls {@code hook} with the gradient flowing into this tensor during backward; a non-null
     * return value replaces the gradient.
     */
    public Tensor registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad) throw new IllegalStateException("register_hook: tensor " + describe() + " does not require grad");
        if (gradFn != null) gradFn.addHook(hook);
        else {
            if (hooks == null) hooks = new ArrayList<>();
            hooks.add(hook);
        }
        return this;
    }

    /** Hooks of a leaf (autograd internal). */
    public List<UnaryOperator<Tensor>> hooks() { return hooks; }

    /** Autograd internal: makes this tensor the output of a recorded node. */
    public void attachGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    /** Autograd internal: installs a new gradient tensor, owned like this tensor (same scope). */
    public void adoptGrad(Tensor g) {
        if (grad != null && grad != g) grad.close();
        grad = g;
        Scope.moveTo(g, this);
    }

    /**
     * Autograd internal: an alias that keeps this tensor's values alive for backward and stands for
     * this tensor in the graph, so backward formulas that use it can be differentiated again.
     */
    public Tensor aliasForAutograd() {
        Tensor a = asStrided(shape, strides, offset);
        a.requiresGrad = requiresGrad;
        a.gradFn = gradFn;
        a.origin = graphIdentity();
        return a;
    }

    /** Autograd internal: the tensor whose gradient this one's gradient is (itself, unless a saved alias). */
    public Tensor graphIdentity() { return origin != null ? origin : this; }

    @Override
    public Scope.Slot slot() { return slot; }

    // ---------------------------------------------------------------- reading values

    /** The single value of a one-element tensor. */
    public double item() {
        checkOpen("item");
        if (numel() != 1) {
            throw new IllegalArgumentException("item: tensor " + describe() + " has " + numel() + " elements, expected 1");
        }
        return backend.readDouble(this, offset);
    }

    /** Element at the given indices (negative indices count from the end). */
    public double get(long... index) {
        return backend.readDouble(this, elementOffset("get", index));
    }

    /** Element at the given indices as a long (exact for I64). */
    public long getLong(long... index) {
        return backend.readLong(this, elementOffset("getLong", index));
    }

    /** Writes one element in place. */
    public void set(double value, long... index) {
        if (requiresGrad && dev.tessera.autograd.GradMode.isEnabled()) {
            throw new IllegalStateException("set: tensor " + describe() + " requires grad; writing an element in place is not"
                    + " recorded by autograd (do it under GradMode.noGrad(), or build a new tensor)");
        }
        backend.writeDouble(this, elementOffset("set", index), value);
        storage.bumpVersion();
    }

    private long elementOffset(String op, long[] index) {
        checkOpen(op);
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": " + index.length + " indices for tensor " + describe());
        }
        long off = offset;
        for (int i = 0; i < index.length; i++) {
            long ix = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (ix < 0 || ix >= shape[i]) {
                throw new IndexOutOfBoundsException(op + ": index " + index[i] + " out of range for dim " + i + " of tensor " + describe());
            }
            off += ix * strides[i];
        }
        return off;
    }

    /** All elements as a flat array in row-major order, converted to float. */
    public float[] toFloatArray() { return (float[]) Creation.toFlatArray(this, DType.F32); }
    public double[] toDoubleArray() { return (double[]) Creation.toFlatArray(this, DType.F64); }
    public int[] toIntArray() { return (int[]) Creation.toFlatArray(this, DType.I32); }
    public long[] toLongArray() { return (long[]) Creation.toFlatArray(this, DType.I64); }
    public boolean[] toBooleanArray() { return (boolean[]) Creation.toFlatArray(this, DType.BOOL); }

    /** A nested Java array of this tensor's dtype and rank (0-D: a boxed scalar), e.g. float[][] for a 2-D F32. */
    public Object toArray() { return Creation.toArray(this); }

    @Override
    public String toString() { return TensorFormat.format(this); }

    /** Short description for messages: "[2, 3] f32" (and "closed"). */
    public String describe() {
        return Shape.str(shape) + " " + dtype + (device().isCpu() ? "" : " " + device()) + (closed ? " (closed)" : "");
    }

    // ---------------------------------------------------------------- in place (see Elementwise.inPlace)

    /** this += other (broadcast to this tensor's shape); returns this. */
    public Tensor addInPlace(Tensor other) { return Elementwise.inPlace(Elementwise.ADD, this, other); }
    public Tensor subInPlace(Tensor other) { return Elementwise.inPlace(Elementwise.SUB, this, other); }
    public Tensor mulInPlace(Tensor other) { return Elementwise.inPlace(Elementwise.MUL, this, other); }
    public Tensor divInPlace(Tensor other) { return Elementwise.inPlace(Elementwise.DIV, this, other); }
    public Tensor mulInPlace(double scalar) { return Elementwise.inPlace(Elementwise.MUL, this, scalar); }
    public Tensor addInPlace(double scalar) { return Elementwise.inPlace(Elementwise.ADD, this, scalar); }
    /** Copies other's values (broadcast, converted to this dtype) into this tensor; returns this. */
    public Tensor copyFrom(Tensor other) { return Elementwise.copyInto(other, this); }
    /** Sets every element to value; returns this. */
    public Tensor fill(double value) { return Elementwise.fillInPlace(this, value); }

    // ---------------------------------------------------------------- conversion and copies

    public Tensor to(DType target) { return Elementwise.cast(this, target); }
    public Tensor contiguous() { return Elementwise.contiguous(this); }
    public Tensor copy() { return Elementwise.copy(this); }

    // ---------------------------------------------------------------- views

    public Tensor reshape(long... newShape) { return Views.reshape(this, newShape); }
    public Tensor view(long... newShape) { return Views.view(this, newShape); }
    public Tensor permute(int... dims) { return Views.permute(this, dims); }
    public Tensor transpose(int dim0, int dim1) { return Views.transpose(this, dim0, dim1); }
    /** Transpose of a 2-D tensor (1-D and 0-D are returned as views unchanged). */
    public Tensor t() { return Views.t(this); }
    public Tensor slice(int dim, long start, long end) { return Views.slice(this, dim, start, end, 1); }
    public Tensor slice(int dim, long start, long end, long step) { return Views.slice(this, dim, start, end, step); }
    public Tensor select(int dim, long index) { return Views.select(this, dim, index); }
    public Tensor expand(long... newShape) { return Views.expand(this, newShape); }
    public Tensor squeeze() { return Views.squeeze(this); }
    public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }
    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }
    public Tensor flatten() { return Views.flatten(this, 0, -1); }
    public Tensor flatten(int startDim, int endDim) { return Views.flatten(this, startDim, endDim); }
    public List<Tensor> split(long splitSize, int dim) { return Views.split(this, splitSize, dim); }
    public List<Tensor> chunk(int chunks, int dim) { return Views.chunk(this, chunks, dim); }

    public static Tensor cat(int dim, Tensor... tensors) { return Joining.cat(dim, tensors); }
    public static Tensor cat(int dim, List<Tensor> tensors) { return Joining.cat(dim, tensors.toArray(new Tensor[0])); }
    public static Tensor stack(int dim, Tensor... tensors) { return Joining.stack(dim, tensors); }
    public static Tensor stack(int dim, List<Tensor> tensors) { return Joining.stack(dim, tensors.toArray(new Tensor[0])); }

    // ---------------------------------------------------------------- indexing

    public Tensor gather(int dim, Tensor index) { return Indexing.gather(this, dim, index); }
    public Tensor scatter(int dim, Tensor index, Tensor src) { return Indexing.scatter(this, dim, index, src); }
    public Tensor indexSelect(int dim, Tensor index) { return Indexing.indexSelect(this, dim, index); }
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return Indexing.scatterAdd(this, dim, index, src); }
    public Tensor indexAdd(int dim, Tensor index, Tensor src) { return Indexing.indexAdd(this, dim, index, src); }
    public Tensor maskedFill(Tensor mask, double value) { return Indexing.maskedFill(this, mask, value); }
    public static Tensor where(Tensor condition, Tensor a, Tensor b) { return Indexing.where(condition, a, b); }

    // ---------------------------------------------------------------- elementwise unary

    public Tensor neg() { return Elementwise.unary(Elementwise.NEG, this); }
    public Tensor abs() { return Elementwise.unary(Elementwise.ABS, this); }
    public Tensor exp() { return Elementwise.unary(Elementwise.EXP, this); }
    public Tensor log() { return Elementwise.unary(Elementwise.LOG, this); }
    public Tensor sqrt() { return Elementwise.unary(Elementwise.SQRT, this); }
    public Tensor rsqrt() { return Elementwise.unary(Elementwise.RSQRT, this); }
    public Tensor sigmoid() { return Elementwise.unary(Elementwise.SIGMOID, this); }
    public Tensor tanh() { return Elementwise.unary(Elementwise.TANH, this); }
    public Tensor relu() { return Elementwise.unary(Elementwise.RELU, this); }
    public Tensor leakyRelu(double slope) { return Elementwise.leakyRelu(this, slope); }
    public Tensor elu(double alpha) { return Elementwise.elu(this, alpha); }
    public Tensor gelu() { return Elementwise.unary(Elementwise.GELU, this); }
    public Tensor softplus() { return Elementwise.unary(Elementwise.SOFTPLUS, this); }
    public Tensor sin() { return Elementwise.unary(Elementwise.SIN, this); }
    public Tensor cos() { return Elementwise.unary(Elementwise.COS, this); }
    public Tensor sign() { return Elementwise.unary(Elementwise.SIGN, this); }
    /** Clamps into [min, max]; pass Double.NEGATIVE_INFINITY / POSITIVE_INFINITY for one-sided. */
    public Tensor clamp(double min, double max) { return Elementwise.clamp(this, min, max); }

    // ---------------------------------------------------------------- elementwise binary

    public Tensor add(Tensor other) { return Elementwise.binary(Elementwise.ADD, this, other); }
    public Tensor add(double scalar) { return Elementwise.binary(Elementwise.ADD, this, scalar); }
    public Tensor add(long scalar) { return Elementwise.binary(Elementwise.ADD, this, scalar); }
    public Tensor sub(Tensor other) { return Elementwise.binary(Elementwise.SUB, this, other); }
    public Tensor sub(double scalar) { return Elementwise.binary(Elementwise.SUB, this, scalar); }
    public Tensor sub(long scalar) { return Elementwise.binary(Elementwise.SUB, this, scalar); }
    public Tensor mul(Tensor other) { return Elementwise.binary(Elementwise.MUL, this, other); }
    public Tensor mul(double scalar) { return Elementwise.binary(Elementwise.MUL, this, scalar); }
    public Tensor mul(long scalar) { return Elementwise.binary(Elementwise.MUL, this, scalar); }
    public Tensor div(Tensor other) { return Elementwise.binary(Elementwise.DIV, this, other); }
    public Tensor div(double scalar) { return Elementwise.binary(Elementwise.DIV, this, scalar); }
    public Tensor pow(Tensor other) { return Elementwise.binary(Elementwise.POW, this, other); }
    public Tensor pow(double scalar) { return Elementwise.binary(Elementwise.POW, this, scalar); }
    public Tensor pow(long scalar) { return Elementwise.binary(Elementwise.POW, this, scalar); }
    public Tensor maximum(Tensor other) { return Elementwise.binary(Elementwise.MAXIMUM, this, other); }
    public Tensor minimum(Tensor other) { return Elementwise.binary(Elementwise.MINIMUM, this, other); }
    public Tensor eq(Tensor other) { return Elementwise.binary(Elementwise.EQ, this, other); }
    public Tensor eq(double scalar) { return Elementwise.binary(Elementwise.EQ, this, scalar); }
    public Tensor ne(Tensor other) { return Elementwise.binary(Elementwise.NE, this, other); }
    public Tensor ne(double scalar) { return Elementwise.binary(Elementwise.NE, this, scalar); }
    public Tensor lt(Tensor other) { return Elementwise.binary(Elementwise.LT, this, other); }
    public Tensor lt(double scalar) { return Elementwise.binary(Elementwise.LT, this, scalar); }
    public Tensor le(Tensor other) { return Elementwise.binary(Elementwise.LE, this, other); }
    public Tensor le(double scalar) { return Elementwise.binary(Elementwise.LE, this, scalar); }
    public Tensor gt(Tensor other) { return Elementwise.binary(Elementwise.GT, this, other); }
    public Tensor gt(double scalar) { return Elementwise.binary(Elementwise.GT, this, scalar); }
    public Tensor ge(Tensor other) { return Elementwise.binary(Elementwise.GE, this, other); }
    public Tensor ge(double scalar) { return Elementwise.binary(Elementwise.GE, this, scalar); }

    // ---------------------------------------------------------------- reductions

    public Tensor sum() { return Reductions.reduce(Reductions.SUM, this, null, false, 0); }
    public Tensor sum(int dim) { return sum(new int[] {dim}, false); }
    public Tensor sum(int[] dims, boolean keepdim) { return Reductions.reduce(Reductions.SUM, this, dims, keepdim, 0); }
    public Tensor mean() { return Reductions.reduce(Reductions.MEAN, this, null, false, 0); }
    public Tensor mean(int dim) { return mean(new int[] {dim}, false); }
    public Tensor mean(int[] dims, boolean keepdim) { return Reductions.reduce(Reductions.MEAN, this, dims, keepdim, 0); }
    public Tensor prod() { return Reductions.reduce(Reductions.PROD, this, null, false, 0); }
    public Tensor prod(int[] dims, boolean keepdim) { return Reductions.reduce(Reductions.PROD, this, dims, keepdim, 0); }
    public Tensor max() { return Reductions.reduce(Reductions.MAX, this, null, false, 0); }
    public Tensor max(int dim) { return max(new int[] {dim}, false); }
    public Tensor max(int[] dims, boolean keepdim) { return Reductions.reduce(Reductions.MAX, this, dims, keepdim, 0); }
    public Tensor min() { return Reductions.reduce(Reductions.MIN, this, null, false, 0); }
    public Tensor min(int dim) { return min(new int[] {dim}, false); }
    public Tensor min(int[] dims, boolean keepdim) { return Reductions.reduce(Reductions.MIN, this, dims, keepdim, 0); }
    /** Index of the largest element of the flattened tensor. */
    public Tensor argmax() { return Reductions.argReduce(Reductions.ARGMAX, this, null, false); }
    public Tensor argmax(int dim, boolean keepdim) { return Reductions.argReduce(Reductions.ARGMAX, this, dim, keepdim); }
    public Tensor argmin() { return Reductions.argReduce(Reductions.ARGMIN, this, null, false); }
    public Tensor argmin(int dim, boolean keepdim) { return Reductions.argReduce(Reductions.ARGMIN, this, dim, keepdim); }
    /** Unbiased variance (correction 1) of all elements. */
    public Tensor var() { return Reductions.reduce(Reductions.VAR, this, null, false, 1); }
    public Tensor var(int[] dims, double correction, boolean keepdim) { return Reductions.reduce(Reductions.VAR, this, dims, keepdim, correction); }
    public Tensor std() { return Reductions.reduce(Reductions.STD, this, null, false, 1); }
    public Tensor std(int[] dims, double correction, boolean keepdim) { return Reductions.reduce(Reductions.STD, this, dims, keepdim, correction); }
    public Tensor logsumexp(int[] dims, boolean keepdim) { return Reductions.reduce(Reductions.LOGSUMEXP, this, dims, keepdim, 0); }
    public Tensor logsumexp(int dim) { return logsumexp(new int[] {dim}, false); }
    /** 2-norm of all elements. */
    public Tensor norm() { return Reductions.reduce(Reductions.NORM, this, null, false, 2); }
    public Tensor norm(double p, int[] dims, boolean keepdim) { return Reductions.reduce(Reductions.NORM, this, dims, keepdim, p); }
    public Tensor softmax(int dim) { return Reductions.softmax(this, dim, false); }
    public Tensor logSoftmax(int dim) { return Reductions.softmax(this, dim, true); }

    // ---------------------------------------------------------------- linear algebra

    public Tensor matmul(Tensor other) { return LinearAlgebra.matmul(this, other); }
}
