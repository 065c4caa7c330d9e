package io.privtune.core.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The initializers and nodes of an ONNX model file, read from a memory mapping with a small protobuf
 * walker. Field numbers (onnx.proto): ModelProto.graph = 7; GraphProto node = 1, initializer = 5;
 * NodeProto input = 1, output = 2, name = 3, op_type = 4; TensorProto dims = 1, data_type = 2,
 * float_data = 4, name = 8, raw_data = 9, data_location = 14.
 */
public final class OnnxModelFile implements AutoCloseable {
    private final String file;
    private final Arena arena;
    private final Map<String, OnnxTensor> initializers;
    private final List<OnnxNode> nodes;

    private OnnxModelFile(String file, Arena arena, Map<String, OnnxTensor> initializers, List<OnnxNode> nodes) {
        this.file = file;
        this.arena = arena;
        this.initializers = initializers;
        this.nodes = nodes;
    }

    public static OnnxModelFile open(Path path) {
        String file = path.toString();
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            ProtobufReader model = new ProtobufReader(file, whole);
            MemorySegment graph = null;
            while (model.hasMore()) {
                int tag = model.readTag();
                if (tag >>> 3 == 7 && (tag & 7) == ProtobufReader.LENGTH_DELIMITED) {
                    graph = model.readLengthDelimited();
                } else {
                    model.skip(tag & 7);
                }
            }
            if (graph == null) {
                throw new IllegalArgumentException(
                        file + ": no graph (ModelProto field 7) found; is this an ONNX model?");
            }
            Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
            List<OnnxNode> nodes = new ArrayList<>();
            ProtobufReader g = new ProtobufReader(file, graph);
            while (g.hasMore()) {
                int tag = g.readTag();
                int field = tag >>> 3;
                if (field == 1 && (tag & 7) == ProtobufReader.LENGTH_DELIMITED) {
                    nodes.add(readNode(file, g.readLengthDelimited()));
                } else if (field == 5 && (tag & 7) == ProtobufReader.LENGTH_DELIMITED) {
                    OnnxTensor t = readTensor(file, g.readLengthDelimited());
                    initializers.put(t.name(), t);
                } else {
                    g.skip(tag & 7);
                }
            }
            return new OnnxModelFile(
                    file, arena, Collections.unmodifiableMap(initializers), Collections.unmodifiableList(nodes));
        } catch (NoSuchFileException e) {
            arena.close();
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            arena.close();
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static OnnxNode readNode(String file, MemorySegment message) {
        ProtobufReader r = new ProtobufReader(file, message);
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String opType = "";
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1 -> inputs.add(r.readString());
                case 2 -> outputs.add(r.readString());
                case 3 -> name = r.readString();
                case 4 -> opType = r.readString();
                default -> r.skip(tag & 7);
            }
        }
        return new OnnxNode(name, opType, List.copyOf(inputs), List.copyOf(outputs));
    }

    private static OnnxTensor readTensor(String file, MemorySegment message) {
        ProtobufReader r = new ProtobufReader(file, message);
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        MemorySegment data = null;
        List<Float> looseFloats = null;
        boolean external = false;
        while (r.hasMore()) {
            int tag = r.readTag();
            int wire = tag & 7;
            switch (tag >>> 3) {
                case 1 -> {
                    if (wire == ProtobufReader.LENGTH_DELIMITED) {
                        ProtobufReader packed = new ProtobufReader(file, r.readLengthDelimited());
                        while (packed.hasMore()) {
                            dims.add(packed.readVarint());
                        }
                    } else {
                        dims.add(r.readVarint());
                    }
                }
                case 2 -> dataType = (int) r.readVarint();
                case 4 -> {
                    if (wire == ProtobufReader.LENGTH_DELIMITED) {
                        data = r.readLengthDelimited();
                    } else {
                        if (looseFloats == null) {
                            looseFloats = new ArrayList<>();
                        }
                        looseFloats.add(Float.intBitsToFloat(r.readFixed32()));
                    }
                }
                case 8 -> name = r.readString();
                case 9 -> data = r.readLengthDelimited();
                case 14 -> external = r.readVarint() == 1;
                default -> r.skip(wire);
            }
        }
        if (external) {
            throw new IllegalArgumentException(file + ": initializer '" + name
                    + "' keeps its data in an external file, which this reader does not follow");
        }
        if (looseFloats != null) {
            float[] values = new float[looseFloats.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = looseFloats.get(i);
            }
            data = MemorySegment.ofArray(values);
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        OnnxTensor tensor = new OnnxTensor(name, dataType, shape, data == null ? MemorySegment.NULL : data);
        if (dataType == OnnxTensor.FLOAT && tensor.data().byteSize() != tensor.elementCount() * Float.BYTES) {
            throw new IllegalArgumentException(file + ": initializer '" + name + "' has dims " + Arrays.toString(shape)
                    + " (" + tensor.elementCount() * Float.BYTES + " bytes of float32) but carries "
                    + tensor.data().byteSize() + " bytes");
        }
        return tensor;
    }

    public Map<String, OnnxTensor> initializers() {
        return initializers;
    }

    public List<OnnxNode> nodes() {
        return nodes;
    }

    /** The initializer {@code name}, required to be float32 with the given dims. */
    public OnnxTensor floatTensor(String name, long... dims) {
        OnnxTensor t = initializers.get(name);
        if (t == null) {
            throw new IllegalArgumentException(file + ": no initializer named '" + name + "'");
        }
        if (t.dataType() != OnnxTensor.FLOAT) {
            throw new IllegalArgumentException(
                    file + ": initializer '" + name + "' has data type " + t.dataType() + ", expected float32 (1)");
        }
        if (dims.length > 0 && !Arrays.equals(dims, t.dims())) {
            throw new IllegalArgumentException(file + ": initializer '" + name + "' has dims "
                    + Arrays.toString(t.dims()) + ", expected " + Arrays.toString(dims));
        }
        return t;
    }

    public String fileName() {
        return file;
    }

    @Override
    public void close() {
        arena.close();
    }
}
