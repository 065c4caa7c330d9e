package io.privtune.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A shared library opened on first use: the first candidate that {@code dlopen} accepts (a bare name is
 * searched on the loader path, a path is taken as given). When none opens, {@link #reason} says which
 * names were tried, and every binding built on it answers {@link CudaUnavailableException}.
 */
final class NativeLibrary {
    private final String what;
    private final SymbolLookup lookup;
    private final String loadedFrom;
    private final String reason;

    private NativeLibrary(String what, SymbolLookup lookup, String loadedFrom, String reason) {
        this.what = what;
        this.lookup = lookup;
        this.loadedFrom = loadedFrom;
        this.reason = reason;
    }

    static NativeLibrary open(String what, List<String> candidates) {
        List<String> failures = new ArrayList<>();
        for (String candidate : candidates) {
            try {
                // global arena: the library stays loaded for the life of the process, like the driver itself
                return new NativeLibrary(what, SymbolLookup.libraryLookup(candidate, Arena.global()), candidate, null);
            } catch (IllegalArgumentException | IllegalCallerException e) {
                failures.add(candidate + " (" + e.getMessage() + ")");
            }
        }
        return new NativeLibrary(what, null, null, what + " not found; tried " + String.join(", ", failures));
    }

    boolean available() {
        return lookup != null;
    }

    String reason() {
        return reason;
    }

    String loadedFrom() {
        return loadedFrom;
    }

    /** A downcall handle for {@code symbol}; a missing symbol (an older library) is reported as unavailability. */
    MethodHandle function(String symbol, FunctionDescriptor descriptor) {
        if (lookup == null) {
            throw new CudaUnavailableException(reason);
        }
        return Linker.nativeLinker()
                .downcallHandle(
                        lookup.find(symbol)
                                .orElseThrow(() -> new CudaUnavailableException(what + " at " + loadedFrom
                                        + " has no symbol " + symbol + " (too old for the bindings?)")),
                        descriptor);
    }

    /** A native call returning a status code; checked exceptions from invokeExact cannot happen with exact types. */
    @FunctionalInterface
    interface NativeCall {
        int invoke() throws Throwable;
    }

    static int call(NativeCall c) {
        try {
            return c.invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed: " + t, t);
        }
    }

    /**
     * Why a binding cannot be used, or null: the library did not open, or building its handles (touched by
     * {@code handlesBuilt}, which runs a holder class's initialiser once) failed with {@code bindFailure}.
     */
    String unavailableReason(
            java.util.function.BooleanSupplier handlesBuilt, java.util.function.Supplier<String> bindFailure) {
        if (lookup == null) {
            return reason;
        }
        try {
            return handlesBuilt.getAsBoolean() ? null : what + " did not bind";
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            return bindFailure.get();
        }
    }

    /** Throws the one clear answer, {@code CUDA unavailable: reason}, when {@code reason} is not null. */
    static void require(String reason) {
        if (reason != null) {
            throw new CudaUnavailableException(reason);
        }
    }
}
