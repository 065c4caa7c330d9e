package io.privtune.split.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped stories260K (a real pre-trained Llama-2-architecture model, llama2.c format) decoded greedily in
 * Java reproduces what the reference implementation, llama2.c's run.c, wrote for three prompts.
 */
public class Stories260kGreedyTest {
    public static Path folder() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            for (Path candidate :
                    new Path[] {p.resolve("shared/models/stories260K"), p.resolveSibling("shared/models/stories260K")
                    }) {
                if (Files.isRegularFile(candidate.resolve("stories260K.bin"))) {
                    return candidate;
                }
            }
        }
        Assumptions.abort("stories260K not found beside the project (../shared/models/stories260K)");
        return null;
    }

    /** "### prompt: P" blocks of reference_greedy.txt: prompt → the text run.c printed. */
    public static Map<String, String> reference(Path file) throws IOException {
        Map<String, String> blocks = new LinkedHashMap<>();
        String prompt = null;
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("### prompt: ")) {
                if (prompt != null) {
                    blocks.put(prompt, String.join("\n", lines).stripTrailing());
                }
                prompt = line.substring("### prompt: ".length());
                lines.clear();
            } else {
                lines.add(line);
            }
        }
        blocks.put(prompt, String.join("\n", lines).stripTrailing());
        return blocks;
    }

    @Test
    void greedyTextMatchesTheReferenceImplementationForEveryPrompt() throws IOException {
        Path dir = folder();
        LlamaWeights weights = Llama2cCheckpoint.read(dir.resolve("stories260K.bin"));
        assertEquals(LlamaConfig.llama2c(64, 172, 5, 8, 4, 512, 512, true), weights.config());
        Llama2cTokenizer tokenizer = Llama2cTokenizer.read(
                dir.resolve("tok512.bin"), weights.config().vocab());
        Map<String, String> expected = reference(dir.resolve("reference_greedy.txt"));
        assertEquals(3, expected.size());
        try (NDManager manager = NDManager.newBaseManager();
                LlamaModel model = new LlamaModel(weights, manager)) {
            GreedyGenerator generator = new GreedyGenerator(model, tokenizer);
            for (Map.Entry<String, String> e : expected.entrySet()) {
                assertEquals(e.getValue(), generator.generate(e.getKey(), 120), "prompt '" + e.getKey() + "'");
            }
        }
    }

    @Test
    void theCheckpointConvertedToTheHuggingFaceLayoutGivesTheSameLogits(@TempDir Path tmp) {
        LlamaWeights original = Llama2cCheckpoint.read(folder().resolve("stories260K.bin"));
        HfLlamaCheckpoint.write(original, tmp.resolve("hf"));
        LlamaWeights converted = HfLlamaCheckpoint.read(tmp.resolve("hf"));
        assertEquals(original.config(), converted.config());
        assertEquals(LlamaWeights.RotaryPairs.HALVES, converted.rotary());
        int[] ids = Llama2cTokenizer.read(folder().resolve("tok512.bin"), 512).encode("The cat sat on the mat.");
        try (NDManager manager = NDManager.newBaseManager();
                LlamaModel a = new LlamaModel(original, manager);
                LlamaModel b = new LlamaModel(converted, manager)) {
            float[] la = a.logits(ids);
            float[] lb = b.logits(ids);
            double largest = 0;
            for (int i = 0; i < la.length; i++) {
                largest = Math.max(largest, Math.abs(la[i] - lb[i]));
            }
            assertTrue(largest < 1e-4, "largest logit difference " + largest);
            // the permutation matters: read with the wrong pair layout, the logits differ
            LlamaWeights wrong =
                    new LlamaWeights(converted.config(), converted.tensors(), LlamaWeights.RotaryPairs.NEIGHBOURS);
            try (LlamaModel c = new LlamaModel(wrong, manager)) {
                float[] lc = c.logits(ids);
                double off = 0;
                for (int i = 0; i < la.length; i++) {
                    off = Math.max(off, Math.abs(la[i] - lc[i]));
                }
                assertTrue(off > 1e-2, "a layout mismatch must show: " + off);
            }
        }
    }

    @Test
    void theTokenizerRoundTripsAndFallsBackToBytes() {
        Path dir = folder();
        Llama2cTokenizer tokenizer = Llama2cTokenizer.read(dir.resolve("tok512.bin"), 512);
        int[] ids = tokenizer.encode("Once upon a time");
        assertEquals(Llama2cTokenizer.BOS, ids[0]);
        assertTrue(ids.length < 1 + "Once upon a time".length(), "pairs were merged: " + ids.length + " tokens");
        assertEquals("Once upon a time", tokenizer.decodeAll(ids));
        assertEquals("café", tokenizer.decodeAll(tokenizer.encode("café")));
        // '😀' (F0 9F 98 80) is in no token of this 512-token vocabulary: its four UTF-8 bytes become byte
        // tokens (byte + 3), and the text comes back ('é' and '€' have tokens of their own)
        int[] smile = tokenizer.encode("5😀");
        assertArrayEquals(
                new int[] {0xF0 + 3, 0x9F + 3, 0x98 + 3, 0x80 + 3},
                java.util.Arrays.copyOfRange(smile, smile.length - 4, smile.length));
        assertEquals("5😀", tokenizer.text(smile));
        assertEquals("café €", tokenizer.text(tokenizer.encode("café €")));
        // run.c prints no lone byte that is not printable ASCII: its output for the same tokens lacks the emoji
        assertEquals("5", tokenizer.decodeAll(smile));
    }

    @Test
    void logitsLeaveNoArraysBehindInTheModel() {
        LlamaWeights weights = Llama2cCheckpoint.read(folder().resolve("stories260K.bin"));
        try (NDManager manager = NDManager.newBaseManager();
                LlamaModel model = new LlamaModel(weights, manager)) {
            int[] ids = {Llama2cTokenizer.BOS, 400, 401, 402};
            model.logits(ids);
            int held = manager.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                model.logits(ids);
            }
            assertEquals(held, manager.getManagedArrays().size(), "arrays left in the model's manager per call");
        }
    }

    @Test
    void aCheckpointOfTheWrongSizeIsRefusedWithItsShape(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("cut.bin");
        byte[] all = Files.readAllBytes(folder().resolve("stories260K.bin"));
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 4));
        String message = assertThrows(IllegalArgumentException.class, () -> Llama2cCheckpoint.read(file))
                .getMessage();
        assertTrue(message.contains("1056536 bytes, expected 1056540"), message);
    }
}
