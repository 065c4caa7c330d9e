package io.privtune.core.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes tensors as a safetensors file, readable by the Python safetensors library and by
 * {@link SafetensorsFile}. The file is written to a temporary sibling and moved into place, so a
 * crash never leaves a half-written dictionary or graph behind for the cache to pick up.
 */
public final class SafetensorsWriter {
    private record Entry(String name, DType dtype, long[] shape, ByteBuffer bytes) {}

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public SafetensorsWriter addF32(String name, float[] values, long... shape) {
        ByteBuffer buffer = allocate(name, values.length, 4, shape);
        buffer.asFloatBuffer().put(values);
        entries.add(new Entry(name, DType.F32, shape.clone(), buffer));
        return this;
    }

    public SafetensorsWriter addI32(String name, int[] values, long... shape) {
        ByteBuffer buffer = allocate(name, values.length, 4, shape);
        buffer.asIntBuffer().put(values);
        entries.add(new Entry(name, DType.I32, shape.clone(), buffer));
        return this;
    }

    public SafetensorsWriter addI64(String name, long[] values, long... shape) {
        ByteBuffer buffer = allocate(name, values.length, 8, shape);
        buffer.asLongBuffer().put(values);
        entries.add(new Entry(name, DType.I64, shape.clone(), buffer));
        return this;
    }

    private ByteBuffer allocate(String name, int length, int elementBytes, long[] shape) {
        long expected = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': negative dimension in shape");
            }
            expected *= s;
        }
        if (expected != length) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + java.util.Arrays.toString(shape)
                    + " holds " + expected + " elements, but " + length + " were given");
        }
        for (Entry e : entries) {
            if (e.name.equals(name)) {
                throw new IllegalArgumentException("tensor '" + name + "' added twice");
            }
        }
        return ByteBuffer.allocate(Math.multiplyExact(length, elementBytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * CRC-32C of the data section {@link #write} lays out (every tensor's bytes, in the order added), for a caller to
     * keep in the metadata: safetensors has no checksum of its own, and a flipped data byte still reads as valid.
     */
    public long dataCrc32c() {
        CRC32C crc = new CRC32C();
        for (Entry e : entries) {
            crc.update(e.bytes.array());
        }
        return crc.getValue();
    }

    public void write(Path path) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Entry e : entries) {
            ObjectNode node = header.putObject(e.name);
            node.put("dtype", e.dtype.name());
            var shape = node.putArray("shape");
            for (long s : e.shape) {
                shape.add(s);
            }
            var offsets = node.putArray("data_offsets");
            offsets.add(offset);
            offset += e.bytes.capacity();
            offsets.add(offset);
        }
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (headerBytes.length + 7) / 8 * 8; // keeps the data section 8-byte aligned
        byte[] headerPadded = new byte[padded];
        java.util.Arrays.fill(headerPadded, (byte) ' ');
        System.arraycopy(headerBytes, 0, headerPadded, 0, headerBytes.length);
        try {
            ReplacedFile.write(path, temporary -> {
                try (OutputStream out = Files.newOutputStream(temporary)) {
                    out.write(ByteBuffer.allocate(8)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .putLong(padded)
                            .array());
                    out.write(headerPadded);
                    for (Entry e : entries) {
                        out.write(e.bytes.array());
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
