// Small tensor factories for the bad-input tests, including tensors on a fake "cuda:0" device
// (a Backend proxy whose kernels all refuse to run) to check device-mismatch errors without a GPU.
package dev.tessera.badinput;

import dev.tessera.backend.Backend;
import dev.tessera.memory.CpuAllocator;
import dev.tessera.memory.Storage;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Device;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.lang.reflect.Proxy;

final class Inputs {
    private Inputs() {}

    /** A backend that claims to be cuda:0, allocates host memory, and runs nothing. */
    static final Backend FAKE_CUDA = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
            new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "device": return Device.cuda(0);
                    case "allocator": return CpuAllocator.INSTANCE;
                    case "toString": return "fake cuda:0 backend";
                    case "hashCode": return 0;
                    case "equals": return proxy == args[0];
                    default: throw new UnsupportedOperationException("fake cuda:0: " + method.getName() + " must not be reached");
                }
            });

    static Tensor f32(long... shape) {
        return Tensor.ones(shape);
    }

    static Tensor i64(long... shape) {
        return Tensor.zeros(DType.I64, shape);
    }

    static Tensor bool(long... shape) {
        return Tensor.ones(DType.BOOL, shape);
    }

    /** An I64 index tensor holding the given values, viewed with the given shape. */
    static Tensor index(long[] values, long... shape) {
        return Tensor.of(values).reshape(shape);
    }

    static Tensor closed(Tensor t) {
        t.close();
        return t;
    }

    /** A tensor with t's dtype and shape on the fake cuda:0 device. */
    static Tensor onFakeCuda(Tensor t) {
        long[] shape = t.shape();
        Storage s = Storage.allocate(CpuAllocator.INSTANCE, Math.max(1, t.numel()) * t.dtype().size());
        return new Tensor(s, FAKE_CUDA, t.dtype(), shape, Shape.contiguousStrides(shape), 0);
    }
}
