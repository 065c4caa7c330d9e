package io.privtune.cuda.backend;

import io.privtune.cuda.CudaDriver;
import io.privtune.cuda.CudaUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

/** The fatbin built from native/src/privtune_kernels.cu, loaded into the current context, and its entry points. */
final class KernelModule implements AutoCloseable {
    // Looked up through the class loader, not Class.getResource: on the module path the fatbin lives in
    // another (automatic, hence open) module, which a Class lookup from this module would not search.
    static final String RESOURCE = "io/privtune/cuda/kernels/privtune.fatbin";

    private final MemorySegment module;
    private final Map<String, MemorySegment> functions = new HashMap<>();

    private KernelModule(MemorySegment module) {
        this.module = module;
    }

    /** Whether this build carries compiled kernels (nvcc was found when it was built). */
    static boolean packaged() {
        return loader().getResource(RESOURCE) != null;
    }

    static KernelModule load() {
        byte[] image;
        try (InputStream in = loader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new CudaUnavailableException("this build has no compiled kernels (" + RESOURCE
                        + " is missing: nvcc was not found when native/ was built)");
            }
            image = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment copy = arena.allocate(image.length + 1L, 16); // the driver reads the image in place
            MemorySegment.copy(image, 0, copy, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, image.length);
            return new KernelModule(CudaDriver.cuModuleLoadData(copy));
        }
    }

    private static ClassLoader loader() {
        ClassLoader loader = KernelModule.class.getClassLoader();
        return loader != null ? loader : ClassLoader.getSystemClassLoader();
    }

    MemorySegment function(String name) {
        return functions.computeIfAbsent(name, n -> CudaDriver.cuModuleGetFunction(module, n));
    }

    @Override
    public void close() {
        CudaDriver.cuModuleUnload(module);
    }
}
