package io.privtune.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads a safetensors file (8-byte little-endian header length, JSON header, raw data) by mapping it.
 * The whole layout is validated on open: header bounds, dtypes, shapes against byte ranges, ranges
 * inside the data section and not overlapping, so a truncated or mismatched file fails here with the
 * file and tensor named, never later inside a kernel.
 */
public final class SafetensorsFile implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER_BYTES = 100L << 20;
    /** Bytes checksummed at a time: a ByteBuffer view holds at most 2 GiB. */
    private static final long CRC_CHUNK = 1L << 30;

    private final String fileName;
    private final Arena arena;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;
    private final MemorySegment data;

    private SafetensorsFile(
            String fileName,
            Arena arena,
            Map<String, Tensor> tensors,
            Map<String, String> metadata,
            MemorySegment data) {
        this.fileName = fileName;
        this.arena = arena;
        this.tensors = tensors;
        this.metadata = metadata;
        this.data = data;
    }

    public static SafetensorsFile open(Path path) {
        String file = path.toString();
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new SafetensorsException(
                        file, "file has " + size + " bytes; a safetensors file starts with an 8-byte header length");
            }
            MemorySegment whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long headerLength = whole.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > size) {
                throw new SafetensorsException(
                        file,
                        "header length field says " + headerLength + " bytes but the file has " + size
                                + " bytes (truncated or not safetensors)");
            }
            byte[] headerBytes = whole.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
            MemorySegment data = whole.asSlice(8 + headerLength);
            SafetensorsFile result = parse(file, arena, new String(headerBytes, StandardCharsets.UTF_8), data);
            return result;
        } catch (NoSuchFileException e) {
            arena.close();
            throw new SafetensorsException(file, "no such file");
        } catch (IOException e) {
            arena.close();
            throw new SafetensorsException(file, "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static SafetensorsFile parse(String file, Arena arena, String header, MemorySegment data) {
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(file, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsException(file, "header must be a JSON object");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode node = entry.getValue();
            if (name.equals("__metadata__")) {
                node.properties()
                        .forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            DType dtype = DType.parse(
                    file, name, requireField(file, name, node, "dtype").asText());
            JsonNode shapeNode = requireField(file, name, node, "shape");
            JsonNode offsets = requireField(file, name, node, "data_offsets");
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw new SafetensorsException(file, "tensor '" + name + "' needs an array shape and two data_offsets");
            }
            long[] shape = new long[shapeNode.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong(-1);
                if (shape[i] < 0) {
                    throw new SafetensorsException(
                            file, "tensor '" + name + "' has a negative or non-integer dimension");
                }
                elements = Math.multiplyExact(elements, shape[i]);
            }
            long begin = offsets.get(0).asLong(-1);
            long end = offsets.get(1).asLong(-1);
            if (begin < 0 || end < begin || end > data.byteSize()) {
                throw new SafetensorsException(
                        file,
                        "tensor '" + name + "' spans bytes [" + begin + ", " + end + ") but the data section has "
                                + data.byteSize() + " bytes (truncated?)");
            }
            if (end - begin != elements * dtype.bytes()) {
                throw new SafetensorsException(
                        file,
                        "tensor '" + name + "' has shape " + java.util.Arrays.toString(shape)
                                + " of " + dtype + " = " + (elements * dtype.bytes())
                                + " bytes, but its data_offsets span "
                                + (end - begin) + " bytes");
            }
            ranges.add(new long[] {begin, end});
            tensors.put(name, new Tensor(name, dtype, shape, data.asSlice(begin, end - begin)));
        }
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i)[0] < ranges.get(i - 1)[1]) {
                throw new SafetensorsException(file, "two tensors share bytes at offset " + ranges.get(i)[0]);
            }
        }
        return new SafetensorsFile(
                file, arena, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata), data);
    }

    private static JsonNode requireField(String file, String tensor, JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null) {
            throw new SafetensorsException(file, "tensor '" + tensor + "' has no '" + field + "' in the header");
        }
        return value;
    }

    public String fileName() {
        return fileName;
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensor called {@code name}, failing with the names that do exist. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new SafetensorsException(fileName, "no tensor named '" + name + "'; it has " + tensors.keySet());
        }
        return t;
    }

    /** The tensor called {@code name}, required to be of {@code dtype} with {@code shape}. */
    public Tensor tensor(String name, DType dtype, long... shape) {
        Tensor t = tensor(name);
        if (t.dtype() != dtype) {
            throw new SafetensorsException(fileName, "tensor '" + name + "' is " + t.dtype() + ", expected " + dtype);
        }
        return t.requireShape(fileName, shape);
    }

    /**
     * CRC-32C of the whole data section (everything after the header), to compare with what
     * {@link SafetensorsWriter#dataCrc32c} gave the writer's caller.
     */
    public long dataCrc32c() {
        CRC32C crc = new CRC32C();
        for (long from = 0; from < data.byteSize(); from += CRC_CHUNK) {
            crc.update(data.asSlice(from, Math.min(CRC_CHUNK, data.byteSize() - from))
                    .asByteBuffer());
        }
        return crc.getValue();
    }

    @Override
    public void close() {
        arena.close();
    }
}
