package io.privtune.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The CUDA driver API, bound by hand in jextract's style: one class for the header, handles built once,
 * typed static wrappers, every {@code CUresult} checked ({@link CudaException} names the call and the
 * driver's own error name and text).
 *
 * <p>Mirrors {@code cuda.h} of CUDA 13.0 ({@code CUDA_VERSION 13000}); the symbols are the ones its
 * macros select: cuInit, cuDriverGetVersion, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName,
 * cuDeviceGetAttribute, cuDeviceTotalMem_v2, cuDevicePrimaryCtxRetain, cuDevicePrimaryCtxRelease_v2,
 * cuCtxSetCurrent, cuCtxSynchronize, cuModuleLoadData, cuModuleUnload, cuModuleGetFunction, cuMemAlloc_v2,
 * cuMemFree_v2, cuMemAllocHost_v2, cuMemFreeHost, cuMemcpyHtoD_v2, cuMemcpyDtoH_v2, cuMemcpyHtoDAsync_v2,
 * cuMemcpyDtoHAsync_v2, cuMemsetD32Async, cuStreamCreate, cuStreamSynchronize, cuStreamDestroy_v2,
 * cuEventCreate, cuEventRecord, cuEventSynchronize, cuEventElapsedTime_v2, cuEventDestroy_v2,
 * cuLaunchKernel, cuGetErrorName, cuGetErrorString. Types: CUdevice = int, CUdeviceptr = unsigned long
 * long (a Java {@code long}), size_t = long, handles (CUcontext, CUmodule, CUfunction, CUstream, CUevent) =
 * addresses.
 *
 * <p>{@code libcuda.so.1} is opened on first use (or {@code -Dprivtune.libcuda=PATH}); without it every
 * call throws {@link CudaUnavailableException} and {@link #isAvailable()} is false.
 */
public final class CudaDriver {
    public static final int MIRRORED_CUDA_VERSION = 13000;
    public static final int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    public static final int CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE = 36;
    public static final int CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH = 37;
    public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    public static final int CU_STREAM_NON_BLOCKING = 1;
    public static final int CU_EVENT_DEFAULT = 0;

    private static final NativeLibrary LIBRARY =
            NativeLibrary.open("the CUDA driver", List.of(System.getProperty("privtune.libcuda", "libcuda.so.1")));

    /** Why the handles could not be built (a symbol missing from an older driver), once H failed. */
    private static volatile String bindFailure = "the CUDA driver did not bind";

    private CudaDriver() {}

    /** Whether the driver library opened and has every symbol these bindings use. */
    public static boolean isAvailable() {
        return unavailableReason() == null;
    }

    /** Why CUDA cannot be used, or null when it can. */
    public static String unavailableReason() {
        return LIBRARY.unavailableReason(() -> H.CU_INIT != null, () -> bindFailure);
    }

    /** Throws the one clear answer when CUDA cannot be used; otherwise the handles in {@link H} are ready. */
    private static void requireAvailable() {
        NativeLibrary.require(unavailableReason());
    }

    /** The downcall handles, built together on first use. */
    private static final class H {
        static final MethodHandle CU_INIT;
        static final MethodHandle CU_DRIVER_GET_VERSION;
        static final MethodHandle CU_DEVICE_GET_COUNT;
        static final MethodHandle CU_DEVICE_GET;
        static final MethodHandle CU_DEVICE_GET_NAME;
        static final MethodHandle CU_DEVICE_GET_ATTRIBUTE;
        static final MethodHandle CU_DEVICE_TOTAL_MEM;
        static final MethodHandle CU_DEVICE_PRIMARY_CTX_RETAIN;
        static final MethodHandle CU_DEVICE_PRIMARY_CTX_RELEASE;
        static final MethodHandle CU_CTX_SET_CURRENT;
        static final MethodHandle CU_CTX_SYNCHRONIZE;
        static final MethodHandle CU_MODULE_LOAD_DATA;
        static final MethodHandle CU_MODULE_UNLOAD;
        static final MethodHandle CU_MODULE_GET_FUNCTION;
        static final MethodHandle CU_MEM_ALLOC;
        static final MethodHandle CU_MEM_FREE;
        static final MethodHandle CU_MEM_ALLOC_HOST;
        static final MethodHandle CU_MEM_FREE_HOST;
        static final MethodHandle CU_MEMCPY_HTOD;
        static final MethodHandle CU_MEMCPY_DTOH;
        static final MethodHandle CU_MEMCPY_HTOD_ASYNC;
        static final MethodHandle CU_MEMCPY_DTOH_ASYNC;
        static final MethodHandle CU_MEMSET_D32_ASYNC;
        static final MethodHandle CU_STREAM_CREATE;
        static final MethodHandle CU_STREAM_SYNCHRONIZE;
        static final MethodHandle CU_STREAM_DESTROY;
        static final MethodHandle CU_EVENT_CREATE;
        static final MethodHandle CU_EVENT_RECORD;
        static final MethodHandle CU_EVENT_SYNCHRONIZE;
        static final MethodHandle CU_EVENT_ELAPSED_TIME;
        static final MethodHandle CU_EVENT_DESTROY;
        static final MethodHandle CU_LAUNCH_KERNEL;
        static final MethodHandle CU_GET_ERROR_NAME;
        static final MethodHandle CU_GET_ERROR_STRING;

        static {
            try {
                CU_INIT = fn("cuInit", JAVA_INT);
                CU_DRIVER_GET_VERSION = fn("cuDriverGetVersion", ADDRESS);
                CU_DEVICE_GET_COUNT = fn("cuDeviceGetCount", ADDRESS);
                CU_DEVICE_GET = fn("cuDeviceGet", ADDRESS, JAVA_INT);
                CU_DEVICE_GET_NAME = fn("cuDeviceGetName", ADDRESS, JAVA_INT, JAVA_INT);
                CU_DEVICE_GET_ATTRIBUTE = fn("cuDeviceGetAttribute", ADDRESS, JAVA_INT, JAVA_INT);
                CU_DEVICE_TOTAL_MEM = fn("cuDeviceTotalMem_v2", ADDRESS, JAVA_INT);
                CU_DEVICE_PRIMARY_CTX_RETAIN = fn("cuDevicePrimaryCtxRetain", ADDRESS, JAVA_INT);
                CU_DEVICE_PRIMARY_CTX_RELEASE = fn("cuDevicePrimaryCtxRelease_v2", JAVA_INT);
                CU_CTX_SET_CURRENT = fn("cuCtxSetCurrent", ADDRESS);
                CU_CTX_SYNCHRONIZE = fn("cuCtxSynchronize");
                CU_MODULE_LOAD_DATA = fn("cuModuleLoadData", ADDRESS, ADDRESS);
                CU_MODULE_UNLOAD = fn("cuModuleUnload", ADDRESS);
                CU_MODULE_GET_FUNCTION = fn("cuModuleGetFunction", ADDRESS, ADDRESS, ADDRESS);
                CU_MEM_ALLOC = fn("cuMemAlloc_v2", ADDRESS, JAVA_LONG);
                CU_MEM_FREE = fn("cuMemFree_v2", JAVA_LONG);
                CU_MEM_ALLOC_HOST = fn("cuMemAllocHost_v2", ADDRESS, JAVA_LONG);
                CU_MEM_FREE_HOST = fn("cuMemFreeHost", ADDRESS);
                CU_MEMCPY_HTOD = fn("cuMemcpyHtoD_v2", JAVA_LONG, ADDRESS, JAVA_LONG);
                CU_MEMCPY_DTOH = fn("cuMemcpyDtoH_v2", ADDRESS, JAVA_LONG, JAVA_LONG);
                CU_MEMCPY_HTOD_ASYNC = fn("cuMemcpyHtoDAsync_v2", JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS);
                CU_MEMCPY_DTOH_ASYNC = fn("cuMemcpyDtoHAsync_v2", ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS);
                CU_MEMSET_D32_ASYNC = fn("cuMemsetD32Async", JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS);
                CU_STREAM_CREATE = fn("cuStreamCreate", ADDRESS, JAVA_INT);
                CU_STREAM_SYNCHRONIZE = fn("cuStreamSynchronize", ADDRESS);
                CU_STREAM_DESTROY = fn("cuStreamDestroy_v2", ADDRESS);
                CU_EVENT_CREATE = fn("cuEventCreate", ADDRESS, JAVA_INT);
                CU_EVENT_RECORD = fn("cuEventRecord", ADDRESS, ADDRESS);
                CU_EVENT_SYNCHRONIZE = fn("cuEventSynchronize", ADDRESS);
                CU_EVENT_ELAPSED_TIME = fn("cuEventElapsedTime_v2", ADDRESS, ADDRESS, ADDRESS);
                CU_EVENT_DESTROY = fn("cuEventDestroy_v2", ADDRESS);
                CU_LAUNCH_KERNEL = fn(
                        "cuLaunchKernel",
                        ADDRESS,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        ADDRESS,
                        ADDRESS,
                        ADDRESS);
                CU_GET_ERROR_NAME = fn("cuGetErrorName", JAVA_INT, ADDRESS);
                CU_GET_ERROR_STRING = fn("cuGetErrorString", JAVA_INT, ADDRESS);
            } catch (CudaUnavailableException e) {
                bindFailure = e.getMessage().replaceFirst("^CUDA unavailable: ", "");
                throw e;
            }
        }

        /** CUresult symbol(arguments...): every driver call returns an int status. */
        private static MethodHandle fn(String symbol, java.lang.foreign.MemoryLayout... arguments) {
            return LIBRARY.function(symbol, FunctionDescriptor.of(JAVA_INT, arguments));
        }
    }

    // ---- typed wrappers -------------------------------------------------------------------------------

    public static void cuInit(int flags) {
        requireAvailable();
        check("cuInit", call(() -> (int) H.CU_INIT.invokeExact(flags)));
    }

    public static int cuDriverGetVersion() {
        requireAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check("cuDriverGetVersion", call(() -> (int) H.CU_DRIVER_GET_VERSION.invokeExact(out)));
            return out.get(JAVA_INT, 0);
        }
    }

    public static int cuDeviceGetCount() {
        requireAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check("cuDeviceGetCount", call(() -> (int) H.CU_DEVICE_GET_COUNT.invokeExact(out)));
            return out.get(JAVA_INT, 0);
        }
    }

    public static int cuDeviceGet(int ordinal) {
        requireAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check("cuDeviceGet", call(() -> (int) H.CU_DEVICE_GET.invokeExact(out, ordinal)));
            return out.get(JAVA_INT, 0);
        }
    }

    public static String cuDeviceGetName(int device) {
        requireAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(256);
            check("cuDeviceGetName", call(() -> (int) H.CU_DEVICE_GET_NAME.invokeExact(name, 256, device)));
            return name.getString(0, StandardCharsets.UTF_8);
        }
    }

    public static int cuDeviceGetAttribute(int attribute, int device) {
        requireAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check("cuDeviceGetAttribute", call(() ->
                    (int) H.CU_DEVICE_GET_ATTRIBUTE.invokeExact(out, attribute, device)));
            return out.get(JAVA_INT, 0);
        }
    }

    public static long cuDeviceTotalMem(int device) {
        requireAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            check("cuDeviceTotalMem_v2", call(() -> (int) H.CU_DEVICE_TOTAL_MEM.invokeExact(out, device)));
            return out.get(JAVA_LONG, 0);
        }
    }

    public static MemorySegment cuDevicePrimaryCtxRetain(int device) {
        requireAvailable();
        return outAddress(
                "cuDevicePrimaryCtxRetain", out -> (int) H.CU_DEVICE_PRIMARY_CTX_RETAIN.invokeExact(out, device));
    }

    public static void cuDevicePrimaryCtxRelease(int device) {
        requireAvailable();
        check("cuDevicePrimaryCtxRelease_v2", call(() -> (int) H.CU_DEVICE_PRIMARY_CTX_RELEASE.invokeExact(device)));
    }

    public static void cuCtxSetCurrent(MemorySegment context) {
        requireAvailable();
        check("cuCtxSetCurrent", call(() -> (int) H.CU_CTX_SET_CURRENT.invokeExact(context)));
    }

    public static void cuCtxSynchronize() {
        requireAvailable();
        check("cuCtxSynchronize", call(() -> (int) H.CU_CTX_SYNCHRONIZE.invokeExact()));
    }

    /** Loads a cubin, fatbin or PTX image held in {@code image} (for PTX: NUL-terminated). */
    public static MemorySegment cuModuleLoadData(MemorySegment image) {
        requireAvailable();
        return outAddress("cuModuleLoadData", out -> (int) H.CU_MODULE_LOAD_DATA.invokeExact(out, image));
    }

    public static void cuModuleUnload(MemorySegment module) {
        requireAvailable();
        check("cuModuleUnload", call(() -> (int) H.CU_MODULE_UNLOAD.invokeExact(module)));
    }

    public static MemorySegment cuModuleGetFunction(MemorySegment module, String name) {
        requireAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocateFrom(name);
            return outAddress("cuModuleGetFunction(" + name + ")", out ->
                    (int) H.CU_MODULE_GET_FUNCTION.invokeExact(out, module, cName));
        }
    }

    /** Device memory of {@code bytes}; returns the CUdeviceptr. */
    public static long cuMemAlloc(long bytes) {
        requireAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            check("cuMemAlloc_v2(" + bytes + " bytes)", call(() -> (int) H.CU_MEM_ALLOC.invokeExact(out, bytes)));
            return out.get(JAVA_LONG, 0);
        }
    }

    public static void cuMemFree(long pointer) {
        requireAvailable();
        check("cuMemFree_v2", call(() -> (int) H.CU_MEM_FREE.invokeExact(pointer)));
    }

    /** Page-locked host memory of {@code bytes}, as a segment of that size (free with {@link #cuMemFreeHost}). */
    public static MemorySegment cuMemAllocHost(long bytes) {
        requireAvailable();
        MemorySegment p = outAddress(
                "cuMemAllocHost_v2(" + bytes + " bytes)", out -> (int) H.CU_MEM_ALLOC_HOST.invokeExact(out, bytes));
        return p.reinterpret(bytes);
    }

    public static void cuMemFreeHost(MemorySegment pointer) {
        requireAvailable();
        check("cuMemFreeHost", call(() -> (int) H.CU_MEM_FREE_HOST.invokeExact(pointer)));
    }

    public static void cuMemcpyHtoD(long destination, MemorySegment source, long bytes) {
        requireAvailable();
        requireSize(source, bytes, "cuMemcpyHtoD_v2");
        check("cuMemcpyHtoD_v2", call(() -> (int) H.CU_MEMCPY_HTOD.invokeExact(destination, source, bytes)));
    }

    public static void cuMemcpyDtoH(MemorySegment destination, long source, long bytes) {
        requireAvailable();
        requireSize(destination, bytes, "cuMemcpyDtoH_v2");
        check("cuMemcpyDtoH_v2", call(() -> (int) H.CU_MEMCPY_DTOH.invokeExact(destination, source, bytes)));
    }

    public static void cuMemcpyHtoDAsync(long destination, MemorySegment source, long bytes, MemorySegment stream) {
        requireAvailable();
        requireSize(source, bytes, "cuMemcpyHtoDAsync_v2");
        check("cuMemcpyHtoDAsync_v2", call(() ->
                (int) H.CU_MEMCPY_HTOD_ASYNC.invokeExact(destination, source, bytes, stream)));
    }

    public static void cuMemcpyDtoHAsync(MemorySegment destination, long source, long bytes, MemorySegment stream) {
        requireAvailable();
        requireSize(destination, bytes, "cuMemcpyDtoHAsync_v2");
        check("cuMemcpyDtoHAsync_v2", call(() ->
                (int) H.CU_MEMCPY_DTOH_ASYNC.invokeExact(destination, source, bytes, stream)));
    }

    public static void cuMemsetD32Async(long destination, int value, long count, MemorySegment stream) {
        requireAvailable();
        check("cuMemsetD32Async", call(() ->
                (int) H.CU_MEMSET_D32_ASYNC.invokeExact(destination, value, count, stream)));
    }

    public static MemorySegment cuStreamCreate(int flags) {
        requireAvailable();
        return outAddress("cuStreamCreate", out -> (int) H.CU_STREAM_CREATE.invokeExact(out, flags));
    }

    public static void cuStreamSynchronize(MemorySegment stream) {
        requireAvailable();
        check("cuStreamSynchronize", call(() -> (int) H.CU_STREAM_SYNCHRONIZE.invokeExact(stream)));
    }

    public static void cuStreamDestroy(MemorySegment stream) {
        requireAvailable();
        check("cuStreamDestroy_v2", call(() -> (int) H.CU_STREAM_DESTROY.invokeExact(stream)));
    }

    public static MemorySegment cuEventCreate(int flags) {
        requireAvailable();
        return outAddress("cuEventCreate", out -> (int) H.CU_EVENT_CREATE.invokeExact(out, flags));
    }

    public static void cuEventRecord(MemorySegment event, MemorySegment stream) {
        requireAvailable();
        check("cuEventRecord", call(() -> (int) H.CU_EVENT_RECORD.invokeExact(event, stream)));
    }

    public static void cuEventSynchronize(MemorySegment event) {
        requireAvailable();
        check("cuEventSynchronize", call(() -> (int) H.CU_EVENT_SYNCHRONIZE.invokeExact(event)));
    }

    /** Milliseconds between two recorded events. */
    public static float cuEventElapsedTime(MemorySegment start, MemorySegment end) {
        requireAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_FLOAT);
            check("cuEventElapsedTime_v2", call(() -> (int) H.CU_EVENT_ELAPSED_TIME.invokeExact(out, start, end)));
            return out.get(JAVA_FLOAT, 0);
        }
    }

    public static void cuEventDestroy(MemorySegment event) {
        requireAvailable();
        check("cuEventDestroy_v2", call(() -> (int) H.CU_EVENT_DESTROY.invokeExact(event)));
    }

    /** @param parameters a {@code void*[]} of pointers to each argument value (see {@link KernelArguments}) */
    public static void cuLaunchKernel(
            MemorySegment function,
            int gridX,
            int gridY,
            int gridZ,
            int blockX,
            int blockY,
            int blockZ,
            int sharedBytes,
            MemorySegment stream,
            MemorySegment parameters) {
        requireAvailable();
        check("cuLaunchKernel", call(() -> (int) H.CU_LAUNCH_KERNEL.invokeExact(
                function,
                gridX,
                gridY,
                gridZ,
                blockX,
                blockY,
                blockZ,
                sharedBytes,
                stream,
                parameters,
                MemorySegment.NULL)));
    }

    /** The driver's name for a status, e.g. CUDA_ERROR_OUT_OF_MEMORY. */
    public static String errorName(int status) {
        return errorText(H.CU_GET_ERROR_NAME, status, "CUresult " + status);
    }

    /** The driver's description of a status. */
    public static String errorString(int status) {
        return errorText(H.CU_GET_ERROR_STRING, status, "");
    }

    // ---- plumbing -------------------------------------------------------------------------------------

    private static String errorText(MethodHandle handle, int status, String fallback) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int result = (int) handle.invokeExact(status, out);
            MemorySegment text = out.get(ADDRESS, 0);
            return result != 0 || text.equals(MemorySegment.NULL)
                    ? fallback
                    : text.reinterpret(512).getString(0, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            return fallback;
        }
    }

    static void check(String what, int status) {
        if (status != 0) {
            throw new CudaException(what, status, errorName(status), errorString(status));
        }
    }

    private static void requireSize(MemorySegment host, long bytes, String what) {
        if (bytes < 0 || host.byteSize() < bytes) {
            throw new IllegalArgumentException(
                    what + ": host buffer holds " + host.byteSize() + " bytes, the copy needs " + bytes);
        }
    }

    @FunctionalInterface
    private interface OutCall {
        int invoke(MemorySegment out) throws Throwable;
    }

    private static int call(NativeLibrary.NativeCall c) {
        return NativeLibrary.call(c);
    }

    /** Calls a {@code CUresult f(T* out, ...)} and returns *out as an address (a handle). */
    private static MemorySegment outAddress(String what, OutCall c) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check(what, call(() -> c.invoke(out)));
            return out.get(ADDRESS, 0);
        }
    }
}
