package io.privtune.split.model;

import io.privtune.core.model.BertShape;
import io.privtune.core.model.BundledModel;
import io.privtune.split.internal.store.ModelFingerprint;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a model comes from: a bundled id (all-minilm-l6-v2, bge-small-en-v1.5: ONNX from Maven Central)
 * or a Hugging Face checkpoint folder. The fingerprint keys every cache entry derived from the weights.
 */
public record ModelSource(String name, BertShape shape, Path weightsFile, Path tokenizer, boolean onnx) {

    public static ModelSource resolve(String model) {
        for (BundledModel bundled : BundledModel.values()) {
            if (bundled.id().equals(model)) {
                return new ModelSource(
                        bundled.id(), bundled.shape(), bundled.onnxFile(), bundled.tokenizerFile(), true);
            }
        }
        Path folder = Path.of(model);
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(
                    "model '" + model + "' is neither a bundled model (all-minilm-l6-v2, bge-small-en-v1.5) "
                            + "nor a checkpoint folder with model.safetensors, config.json and tokenizer.json");
        }
        return new ModelSource(
                folder.getFileName().toString(),
                HfCheckpointReader.readConfig(folder),
                folder.resolve("model.safetensors"),
                folder.resolve("tokenizer.json"),
                false);
    }

    /** Refuses a split point outside 0..layers, naming this model, before any work. */
    public void requireSplitPoint(int splitPoint) {
        if (splitPoint < 0 || splitPoint > shape.layers()) {
            throw new IllegalArgumentException(
                    "split point m must be in [0, " + shape.layers() + "] for " + name + ", found " + splitPoint);
        }
    }

    public BertWeights weights() {
        return onnx
                ? OnnxBertReader.read(weightsFile, shape)
                : HfCheckpointReader.readWeights(weightsFile.getParent(), shape);
    }

    /** name-hash, e.g. "all-minilm-l6-v2-3f2a…": the key of cached dictionaries and graphs. */
    public String key() {
        return name + "-" + ModelFingerprint.of(weightsFile);
    }
}
