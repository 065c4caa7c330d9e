package io.privtune.split.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.privtune.core.io.SafetensorsWriter;
import io.privtune.core.model.BertShape;
import io.privtune.core.model.BundledModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfCheckpointReaderTest {
    @TempDir
    Path dir;

    private static final String MINILM_CONFIG = """
            {"model_type": "bert", "vocab_size": 30522, "hidden_size": 384, "num_hidden_layers": 6,
             "num_attention_heads": 12, "intermediate_size": 1536, "max_position_embeddings": 512,
             "type_vocab_size": 2, "layer_norm_eps": 1e-12}""";

    /** Writes MiniLM as a PyTorch-layout checkpoint: "bert." prefix, Linear weights [out, in], plus a pooler to ignore. */
    private Path checkpoint(String config, String skip, float poison) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("ckpt-" + System.nanoTime()));
        BertWeights w = MiniLmModels.weights();
        SafetensorsWriter writer = new SafetensorsWriter();
        for (String name : w.names()) {
            if (name.equals(skip)) {
                continue;
            }
            float[] v = w.get(name).clone();
            long[] s = w.shapeOf(name);
            if (BertWeights.isLinearWeight(name)) {
                v = HfCheckpointReader.transpose(v, (int) s[0], (int) s[1]);
                s = new long[] {s[1], s[0]};
            }
            if (name.equals("embeddings.LayerNorm.bias")) {
                v[0] += poison;
            }
            writer.addF32("bert." + name, v, s);
        }
        writer.addF32("bert.pooler.dense.weight", new float[384 * 384], 384, 384);
        writer.write(folder.resolve("model.safetensors"));
        Files.writeString(folder.resolve("config.json"), config);
        Files.copy(BundledModel.ALL_MINILM_L6_V2.tokenizerFile(), folder.resolve("tokenizer.json"));
        return folder;
    }

    @Test
    void hfCheckpointGivesTheSameModelAsTheOnnxExport() throws IOException {
        ModelSource source =
                ModelSource.resolve(checkpoint(MINILM_CONFIG, "", 0f).toString());
        assertEquals(BundledModel.ALL_MINILM_L6_V2.shape(), source.shape());
        PaddedBatch batch = PaddedBatch.of(MiniLmModels.encodings());
        try (NDManager manager = MiniLmModels.manager();
                BottomModel fromOnnx = new BottomModel(MiniLmModels.weights(), 6, manager);
                BottomModel fromCheckpoint = new BottomModel(source.weights(), 6, manager)) {
            TransformerParityTest.assertClose(
                    fromOnnx.forward(batch).hidden(),
                    fromCheckpoint.forward(batch).hidden(),
                    1e-6f,
                    "checkpoint");
        }
    }

    @Test
    void robertaConfigsShiftPositionsPastThePaddingId() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("roberta"));
        Files.writeString(folder.resolve("config.json"), """
                {"model_type": "roberta", "vocab_size": 50265, "hidden_size": 768, "num_hidden_layers": 12,
                 "num_attention_heads": 12, "intermediate_size": 3072, "max_position_embeddings": 514,
                 "type_vocab_size": 1, "layer_norm_eps": 1e-5, "pad_token_id": 1}""");
        BertShape shape = HfCheckpointReader.readConfig(folder);
        assertEquals(2, shape.positionOffset());
        assertEquals(512, shape.maxSequence());
        assertEquals(1, shape.typeVocabSize());
        assertEquals(
                "encoder.layer.0.output.dense.weight",
                HfCheckpointReader.stripPrefix("roberta.encoder.layer.0.output.dense.weight"));
    }

    @Test
    void brokenCheckpointsAreRefusedByName() throws IOException {
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> ModelSource.resolve(checkpoint(MINILM_CONFIG, "encoder.layer.3.output.dense.bias", 0f)
                                .toString())
                        .weights());
        assertTrue(
                missing.getMessage().contains("missing weight 'encoder.layer.3.output.dense.bias'"),
                missing.getMessage());
        IllegalArgumentException nan = assertThrows(
                IllegalArgumentException.class,
                () -> ModelSource.resolve(
                                checkpoint(MINILM_CONFIG, "", Float.NaN).toString())
                        .weights());
        assertTrue(
                nan.getMessage().contains("embeddings.LayerNorm.bias")
                        && nan.getMessage().contains("NaN"),
                nan.getMessage());
        IllegalArgumentException wide = assertThrows(
                IllegalArgumentException.class,
                () -> ModelSource.resolve(checkpoint(
                                        MINILM_CONFIG.replace(
                                                "\"intermediate_size\": 1536", "\"intermediate_size\": 1024"),
                                        "",
                                        0f)
                                .toString())
                        .weights());
        assertTrue(wide.getMessage().contains("intermediate.dense"), wide.getMessage());
        Path gpt = Files.createDirectories(dir.resolve("gpt"));
        Files.writeString(gpt.resolve("config.json"), "{\"model_type\": \"gpt2\"}");
        assertThrows(IllegalArgumentException.class, () -> ModelSource.resolve(gpt.toString()));
        assertThrows(IllegalArgumentException.class, () -> ModelSource.resolve("no-such-model"));
        assertEquals(
                "encoder.layer.0.attention.self.query.weight",
                OnnxBertReader.ownerOf("/encoder/layer.0/attention/self/query/MatMul"));
    }
}
