package io.privtune.split.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Hugging Face checkpoint that asks for more than plain Llama is refused, naming the file and the field. */
class HfLlamaCheckpointTest {
    @TempDir
    Path tmp;

    private Path converted() {
        Path folder = tmp.resolve("hf");
        HfLlamaCheckpoint.write(
                Llama2cCheckpoint.read(Stories260kGreedyTest.folder().resolve("stories260K.bin")), folder);
        return folder;
    }

    private String refusal(Consumer<ObjectNode> edit) throws IOException {
        Path folder = converted();
        Path config = folder.resolve("config.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = (ObjectNode) json.readTree(config.toFile());
        edit.accept(node);
        json.writeValue(config.toFile(), node);
        String message = assertThrows(IllegalArgumentException.class, () -> HfLlamaCheckpoint.read(folder))
                .getMessage();
        assertTrue(message.startsWith(config.toString()), message);
        return message;
    }

    @Test
    void theUnchangedConversionIsAccepted() {
        assertEquals(5, HfLlamaCheckpoint.read(converted()).config().layers());
    }

    @Test
    void configFieldsThatChangeTheArchitectureAreRefused() throws IOException {
        assertTrue(
                refusal(n -> n.putObject("rope_scaling").put("type", "llama3").put("factor", 8.0))
                        .contains("rope_scaling"));
        assertTrue(refusal(n -> n.put("hidden_act", "gelu")).contains("hidden_act is 'gelu', expected 'silu'"));
        assertTrue(refusal(n -> n.put("attention_bias", true)).contains("attention_bias is true"));
        assertTrue(refusal(n -> n.put("head_dim", 16)).contains("head_dim is 16"));
        // the defaults written out explicitly are fine
        Path folder = converted();
        ObjectMapper json = new ObjectMapper();
        ObjectNode node =
                (ObjectNode) json.readTree(folder.resolve("config.json").toFile());
        node.putNull("rope_scaling");
        node.put("head_dim", 8);
        node.put("mlp_bias", false);
        json.writeValue(folder.resolve("config.json").toFile(), node);
        assertEquals(8, HfLlamaCheckpoint.read(folder).config().headSize());
    }

    @Test
    void aTensorTheModelWouldIgnoreIsRefused() {
        LlamaWeights original =
                Llama2cCheckpoint.read(Stories260kGreedyTest.folder().resolve("stories260K.bin"));
        Map<String, float[]> tensors = new HashMap<>(original.tensors());
        tensors.put(
                "model.layers.0.self_attn.q_proj.bias",
                new float[original.config().dim()]);
        Path folder = tmp.resolve("biased");
        HfLlamaCheckpoint.write(new LlamaWeights(original.config(), tensors, original.rotary()), folder);
        String message = assertThrows(IllegalArgumentException.class, () -> HfLlamaCheckpoint.read(folder))
                .getMessage();
        assertTrue(
                message.contains("model.safetensors: tensors this Llama model does not use: "
                        + "[model.layers.0.self_attn.q_proj.bias]"),
                message);
    }
}
