// TesseraCuda: the JavaCPP bridge to libtessera_cuda, the CUDA library's flat C ABI
// (kernels/include/tessera_cuda.h). Declarations only, in the header's order: device pointers,
// streams and events travel as raw longs, out-parameters as one-element arrays, every function
// returns a status whose message comes from tsc_last_error(). The library is always there: built
// from kernels/ when nvcc was found, else the stub whose every call answers TSC_ERR_NOT_BUILT.
// Callers go through dev.tessera.backend.cuda, which turns statuses into exceptions.
package dev.tessera.bridge;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Platform;

@Platform(include = "tessera_cuda.h", link = "tessera_cuda")
public final class TesseraCuda {
    static {
        TesseraNative.load();
        Loader.load();
    }

    private TesseraCuda() {}

    /** Status codes beyond the CPU library's TS_* (tessera_cuda/device.h). */
    public static final int TSC_ERR_CUDA = 10;
    public static final int TSC_ERR_NOT_BUILT = 11;

    /** Loads the library (idempotent); call before any other member. */
    public static void load() {
        // The static initialiser does the work.
    }

    // ------------------------------------------------------------------ device.h
    public static native @Cast("const char*") String tsc_last_error();
    public static native int tsc_probe(int[] deviceCount);
    public static native int tsc_versions(int[] runtimeVersion, int[] driverVersion);
    public static native int tsc_device_info(int device, @Cast("int64_t*") long[] info, @Cast("char*") byte[] name, int nameLen);
    public static native int tsc_set_device(int device);
    public static native int tsc_device_synchronize();
    public static native int tsc_mem_info(@Cast("int64_t*") long[] freeBytes, @Cast("int64_t*") long[] totalBytes);
    public static native int tsc_malloc(long nbytes, @Cast("int64_t*") long[] ptr);
    public static native int tsc_free(long ptr);
    public static native int tsc_host_alloc(long nbytes, @Cast("int64_t*") long[] ptr);
    public static native int tsc_host_free(long ptr);
    public static native int tsc_memcpy_async(long stream, long dst, long src, long nbytes);
    public static native int tsc_memset_async(long stream, long dst, int value, long nbytes);
    public static native int tsc_stream_create(@Cast("int64_t*") long[] stream);
    public static native int tsc_stream_destroy(long stream);
    public static native int tsc_stream_synchronize(long stream);
    public static native int tsc_stream_wait_event(long stream, long event);
    public static native int tsc_event_create(int timing, @Cast("int64_t*") long[] event);
    public static native int tsc_event_destroy(long event);
    public static native int tsc_event_record(long event, long stream);
    public static native int tsc_event_synchronize(long event);
    public static native int tsc_event_query(long event, int[] done);
    public static native int tsc_event_elapsed_ms(long start, long end, float[] ms);
    public static native int tsc_graph_begin_capture(long stream);
    public static native int tsc_graph_end_capture(long stream, @Cast("int64_t*") long[] graphExec);
    public static native int tsc_graph_launch(long graphExec, long stream);
    public static native int tsc_graph_destroy(long graphExec);

    // ------------------------------------------------------------------ elementwise.h

    // ------------------------------------------------------------------ reduce.h

    // ------------------------------------------------------------------ index.h

    // ------------------------------------------------------------------ loss.h

    // ------------------------------------------------------------------ optim.h

    // ------------------------------------------------------------------ gemm.h

    // ------------------------------------------------------------------ conv.h

    // ------------------------------------------------------------------ pool.h

    // ------------------------------------------------------------------ norm.h

    // ------------------------------------------------------------------ rnn.h
}
