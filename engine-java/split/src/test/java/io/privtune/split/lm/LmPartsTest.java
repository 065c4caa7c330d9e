package io.privtune.split.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.model.llama.DecoderSplit;
import io.privtune.split.model.llama.HfLlamaCheckpoint;
import io.privtune.split.model.llama.Llama2cCheckpoint;
import io.privtune.split.model.llama.Llama2cTokenizer;
import io.privtune.split.model.llama.LlamaSource;
import io.privtune.split.model.llama.LlamaWeights;
import io.privtune.split.model.llama.Stories260kGreedyTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LM pieces around the split: cell specs, gradient noise, text windows, weights files, model folders. */
class LmPartsTest {
    @Test
    void cellsParseAndNameThemselvesInKeyOrder() {
        LmCell cell = LmCell.parse("privtune:kappa=0.5,eta=100,grad-noise=2");
        assertEquals("privtune", cell.mechanism());
        assertEquals(Map.of("eta", "100", "kappa", "0.5"), cell.parameters());
        assertEquals(2.0, cell.gradientNoise().sigma());
        assertEquals("privtune eta=100 kappa=0.5 grad-noise=2.0", cell.id());
        assertEquals("none", LmCell.parse("none").id());
        assertTrue(LmCell.parse("dchi:eta=5").gradientNoise().off());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LmCell.parse("dchi:eta"));
        assertTrue(e.getMessage().contains("'eta' is not key=value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LmCell.parse("none:grad-noise=lots"));
        assertTrue(e.getMessage().contains("grad-noise must be a number"), e.getMessage());
    }

    @Test
    void gradientNoiseClipsEachRowAndDrawsFromTheKeyPerNonce() {
        int dim = 4;
        int predicted = 10;
        float[] gradient = {3f / predicted, 4f / predicted, 0, 0, 0.1f / predicted, 0, 0, 0};
        float[] clipped = gradient.clone();
        new GradientNoise(1, 0).apply(clipped, dim, predicted, null, 1);
        assertArrayEquals(new float[] {0.6f / predicted, 0.8f / predicted, 0, 0}, slice(clipped, 0, dim), 1e-7f);
        assertArrayEquals(slice(gradient, 1, dim), slice(clipped, 1, dim), "a row inside the clip norm is kept");

        float[] untouched = gradient.clone();
        GradientNoise.OFF.apply(untouched, dim, predicted, null, 1);
        assertArrayEquals(gradient, untouched);

        NoiseKey key = NoiseKey.researchSeed(5);
        GradientNoise noise = new GradientNoise(1, 2);
        float[] a = gradient.clone();
        float[] b = gradient.clone();
        float[] c = gradient.clone();
        noise.apply(a, dim, predicted, key, 7);
        noise.apply(b, dim, predicted, key, 7);
        noise.apply(c, dim, predicted, key, 8);
        assertArrayEquals(a, b, "the same key and nonce draw the same noise");
        assertFalse(java.util.Arrays.equals(a, c), "another nonce draws other noise");
        assertNotEquals(0.1f / predicted, b[4], "every row gets noise");
        assertThrows(IllegalArgumentException.class, () -> new GradientNoise(0, 1));
    }

    private static float[] slice(float[] rows, int row, int dim) {
        return java.util.Arrays.copyOfRange(rows, row * dim, row * dim + dim);
    }

    @Test
    void textIsCutIntoWindowsOfItsParagraphsStream(@TempDir Path tmp) throws Exception {
        Path dir = Stories260kGreedyTest.folder();
        Llama2cTokenizer tokenizer = Llama2cTokenizer.read(dir.resolve("tok512.bin"), 512);
        Path text = tmp.resolve("t.txt");
        Files.writeString(text, "Tom had a red ball.\nHe liked it.\n\n\n  Lily saw a cat.  \n");
        List<String> paragraphs = TextWindows.paragraphs(text);
        assertEquals(List.of("Tom had a red ball. He liked it.", "Lily saw a cat."), paragraphs);
        int[] stream = java.util.stream.Stream.of(
                        tokenizer.encode(paragraphs.get(0)), tokenizer.encode(paragraphs.get(1)))
                .flatMapToInt(java.util.Arrays::stream)
                .toArray();
        List<int[]> windows = TextWindows.of(paragraphs, tokenizer, 4, 0, "t.txt");
        assertEquals(stream.length / 4, windows.size());
        for (int w = 0; w < windows.size(); w++) {
            assertArrayEquals(java.util.Arrays.copyOfRange(stream, 4 * w, 4 * w + 4), windows.get(w));
        }
        assertEquals(Llama2cTokenizer.BOS, windows.get(0)[0]);
        assertEquals(2, TextWindows.of(paragraphs, tokenizer, 4, 2, "t.txt").size());

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> TextWindows.of(paragraphs, tokenizer, 500, 0, "t.txt"));
        assertTrue(e.getMessage().contains("t.txt is too short for one window of 500 tokens"), e.getMessage());
        Path latin = tmp.resolve("latin1.txt");
        Files.write(latin, new byte[] {'c', 'a', 'f', (byte) 0xE9});
        e = assertThrows(IllegalArgumentException.class, () -> TextWindows.paragraphs(latin));
        assertTrue(e.getMessage().contains("latin1.txt is not valid UTF-8"), e.getMessage());
    }

    @Test
    void weightsFilesRoundTripAndBelongToOneSplit(@TempDir Path tmp) {
        LlamaWeights weights =
                Llama2cCheckpoint.read(Stories260kGreedyTest.folder().resolve("stories260K.bin"));
        Path file = tmp.resolve("w.safetensors");
        try (NDManager m = NDManager.newBaseManager();
                DecoderSplit trained = new DecoderSplit(weights, "stories260K", 1, 1, m);
                DecoderSplit fresh = new DecoderSplit(weights, "stories260K", 1, 1, m);
                DecoderSplit other = new DecoderSplit(weights, "stories260K", 2, 1, m)) {
            NDArray p = trained.middle().parameters().get(1);
            p.set(java.nio.FloatBuffer.wrap(new float[(int) p.size()])); // a visible change: all zeros
            trained.tail().parameters().get(0).set(java.nio.FloatBuffer.wrap(new float[64]));
            LmWeightsFile.save(file, trained);
            LmWeightsFile.load(file, fresh);
            for (int i = 0; i < trained.middle().parameters().size(); i++) {
                assertArrayEquals(
                        trained.middle().parameters().get(i).toFloatArray(),
                        fresh.middle().parameters().get(i).toFloatArray());
            }
            assertArrayEquals(new float[64], fresh.tail().parameters().get(0).toFloatArray());
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> LmWeightsFile.load(file, other));
            assertTrue(e.getMessage().contains("weights of another model or split point"), e.getMessage());
        }
    }

    @Test
    void modelFoldersAreResolvedOrRefusedByName(@TempDir Path tmp) throws Exception {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LlamaSource.resolve(tmp.resolve("nope").toString()));
        assertTrue(e.getMessage().contains("is not a folder"), e.getMessage());
        Path folder = Files.createDirectories(tmp.resolve("llama2c"));
        Path shipped = Stories260kGreedyTest.folder();
        Files.copy(shipped.resolve("stories260K.bin"), folder.resolve("model.bin"));
        Files.copy(shipped.resolve("tok512.bin"), folder.resolve("tokenizer.bin"));
        Files.copy(shipped.resolve("tok512.bin"), folder.resolve("tok512.bin"));
        e = assertThrows(IllegalArgumentException.class, () -> LlamaSource.resolve(folder.toString()));
        assertTrue(e.getMessage().contains("expected one tokenizer"), e.getMessage());
        Files.delete(folder.resolve("tok512.bin"));
        LlamaSource source = LlamaSource.resolve(folder.toString());
        assertEquals("llama2c", source.name());
        assertEquals(512, source.tokenizer().vocabSize());
    }

    /** A Hugging Face folder with a tokenizer.json: encoded without the tokenizer's own specials, BOS first, and back. */
    @Test
    void aHuggingFaceFolderBringsItsTokenizerJson(@TempDir Path tmp) throws Exception {
        Path hf = tmp.resolve("hf");
        HfLlamaCheckpoint.write(
                Llama2cCheckpoint.read(Stories260kGreedyTest.folder().resolve("stories260K.bin")), hf);
        Files.writeString(hf.resolve("tokenizer.json"), """
                {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [], "normalizer": null,
                 "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null,
                 "model": {"type": "WordLevel", "vocab": {"<unk>": 0, "<s>": 1, "</s>": 2, "the": 3, "cat": 4,
                 "sat": 5}, "unk_token": "<unk>"}}
                """);
        LlamaSource source = LlamaSource.resolve(hf.toString());
        assertArrayEquals(new int[] {1, 3, 4, 5}, source.tokenizer().encode("the cat sat"));
        assertEquals("the cat sat", source.tokenizer().text(new int[] {1, 3, 4, 5}));
        List<int[]> windows = TextWindows.of(List.of("the cat sat", "the cat"), source.tokenizer(), 3, 0, "t");
        assertArrayEquals(new int[] {1, 3, 4}, windows.get(0));

        Path config = hf.resolve("config.json");
        Files.writeString(config, Files.readString(config).replaceFirst("\\{", "{\"bos_token_id\": 5, "));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LlamaSource.resolve(hf.toString()));
        assertTrue(e.getMessage().contains("bos_token_id is 5"), e.getMessage());
    }
}
