package io.privtune.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The {@code void** kernelParams} of cuLaunchKernel: each argument's value in its own native cell and an
 * array of pointers to the cells, in the kernel's parameter order. Lives in the caller's arena.
 */
public final class KernelArguments {
    private final Arena arena;
    private final MemorySegment[] cells;
    private int count;

    public KernelArguments(Arena arena, int capacity) {
        this.arena = arena;
        this.cells = new MemorySegment[capacity];
    }

    /** A device pointer (CUdeviceptr, 64-bit). */
    public KernelArguments pointer(long devicePointer) {
        return add(arena.allocateFrom(JAVA_LONG, devicePointer));
    }

    public KernelArguments i32(int value) {
        return add(arena.allocateFrom(JAVA_INT, value));
    }

    public KernelArguments i64(long value) {
        return add(arena.allocateFrom(JAVA_LONG, value));
    }

    public KernelArguments f64(double value) {
        return add(arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_DOUBLE, value));
    }

    /** A struct of 32-bit words passed by value (e.g. {@code struct StreamKeys { uint32_t direction[8], radius[8]; }}). */
    public KernelArguments words(int... values) {
        return add(arena.allocateFrom(JAVA_INT, values));
    }

    public KernelArguments f32(float value) {
        return add(arena.allocateFrom(JAVA_FLOAT, value));
    }

    private KernelArguments add(MemorySegment cell) {
        if (count == cells.length) {
            throw new IllegalStateException("more kernel arguments than the " + cells.length + " declared");
        }
        cells[count++] = cell;
        return this;
    }

    /** The pointer array to pass as kernelParams. */
    public MemorySegment array() {
        MemorySegment array = arena.allocate(ADDRESS, count);
        for (int i = 0; i < count; i++) {
            array.setAtIndex(ADDRESS, i, cells[i]);
        }
        return array;
    }
}
