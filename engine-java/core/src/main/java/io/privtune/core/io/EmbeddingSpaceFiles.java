package io.privtune.core.io;

import io.privtune.core.space.EmbeddingSpace;
import java.nio.file.Path;
import java.util.Map;

/** The token dictionary R (or any embedding space) as a safetensors file with one F32 tensor "embeddings" (V x d). */
public final class EmbeddingSpaceFiles {
    public static final String TENSOR = "embeddings";

    private EmbeddingSpaceFiles() {}

    public static void save(EmbeddingSpace space, Path path, Map<String, String> metadata) {
        SafetensorsWriter writer = new SafetensorsWriter()
                .addF32(TENSOR, space.toArray(), space.rows(), space.dim())
                .metadata("kind", "privtune.embedding-space")
                .metadata("name", space.name());
        metadata.forEach(writer::metadata);
        writer.write(path);
    }

    public static EmbeddingSpace load(Path path) {
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            Tensor t = file.tensor(TENSOR);
            if (t.dtype() != DType.F32 || t.shape().length != 2) {
                throw new SafetensorsException(
                        path.toString(),
                        "tensor 'embeddings' must be F32 of shape [V, d], found " + t.dtype() + " "
                                + java.util.Arrays.toString(t.shape()));
            }
            try {
                return EmbeddingSpace.fromSegment(
                        path.getFileName().toString(),
                        t.bytes(),
                        (int) t.shape()[0],
                        (int) t.shape()[1],
                        Tensor.F32_LE);
            } catch (IllegalArgumentException e) {
                throw new SafetensorsException(path.toString(), e.getMessage());
            }
        }
    }
}
