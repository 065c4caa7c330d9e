package io.privtune.split.lm;

import ai.djl.ndarray.NDArray;
import io.privtune.core.io.DType;
import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.io.SafetensorsWriter;
import io.privtune.split.model.llama.DecoderSplit;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A fine-tuned split decoder's trained weights in one safetensors file: the cloud's middle ({@code cloud.*}) and
 * the device's tail ({@code tail.*}), projections in the [in, out] layout the blocks compute with. The frozen
 * bottom and head are the base model's, so the file names the split it belongs to and is refused by any other.
 * In a deployment each side keeps its own part; the in-process tuner holds both, so writes both.
 */
public final class LmWeightsFile {
    private LmWeightsFile() {}

    public static void save(Path file, DecoderSplit split) {
        SafetensorsWriter writer = new SafetensorsWriter()
                .metadata("kind", "privtune.lm-weights")
                .metadata("split", split.bottom().identity() + " tail=" + split.tailBlocks());
        add(writer, "cloud.", split.middle().parameters());
        add(writer, "tail.", split.tail().parameters());
        writer.write(file);
    }

    /** Loads the trained weights into {@code split}; refuses a file of another model or split point. */
    public static void load(Path file, DecoderSplit split) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("weights file " + file + " does not exist");
        }
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            String found = st.metadata().get("split");
            if (!"privtune.lm-weights".equals(st.metadata().get("kind"))
                    || !(split.bottom().identity() + " tail=" + split.tailBlocks()).equals(found)) {
                throw new IllegalArgumentException(file + ": weights of another model or split point\n  file:  " + found
                        + "\n  asked: " + split.bottom().identity() + " tail=" + split.tailBlocks());
            }
            read(st, "cloud.", split.middle().parameters());
            read(st, "tail.", split.tail().parameters());
        }
    }

    private static void add(SafetensorsWriter writer, String prefix, List<NDArray> parameters) {
        for (NDArray p : parameters) {
            writer.addF32(prefix + p.getName(), p.toFloatArray(), p.getShape().getShape());
        }
    }

    private static void read(SafetensorsFile st, String prefix, List<NDArray> parameters) {
        for (NDArray p : parameters) {
            float[] values = st.tensor(
                            prefix + p.getName(), DType.F32, p.getShape().getShape())
                    .toFloatArray();
            p.set(FloatBuffer.wrap(values));
        }
    }
}
