package io.privtune.split.model.llama;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A Hugging Face tokenizer.json (through DJL's binding of the tokenizers library) for a Llama checkpoint folder:
 * the text is encoded without the tokenizer's own special tokens and BOS put first, so every tokenizer gives the
 * decoder the layout it was trained on; the BOS id must be Llama's (config.json's bos_token_id, 1 when absent).
 */
public final class HfLmTokenizer implements LmTokenizer {
    private final HuggingFaceTokenizer tokenizer;
    private final int vocab;
    private final Path file;

    private HfLmTokenizer(HuggingFaceTokenizer tokenizer, int vocab, Path file) {
        this.tokenizer = tokenizer;
        this.vocab = vocab;
        this.file = file;
    }

    /** The folder's tokenizer.json for a model of {@code vocab} tokens; config.json's bos_token_id is checked. */
    public static HfLmTokenizer read(Path folder, int vocab) {
        Path file = folder.resolve("tokenizer.json");
        Path config = folder.resolve("config.json");
        try {
            if (Files.isRegularFile(config)) {
                JsonNode bos = new ObjectMapper().readTree(config.toFile()).get("bos_token_id");
                if (bos != null && !bos.isNull() && bos.asInt(-1) != BOS) {
                    throw new IllegalArgumentException(
                            config + ": bos_token_id is " + bos + "; the decoder split relies on Llama's BOS = " + BOS);
                }
            }
            return new HfLmTokenizer(
                    HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false")), vocab, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException(
                    file + " is not a tokenizer.json the tokenizers library reads: " + e.getMessage());
        }
    }

    @Override
    public int vocabSize() {
        return vocab;
    }

    @Override
    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[ids.length + 1];
        out[0] = BOS;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new IllegalArgumentException(
                        file + " gave token id " + ids[i] + ", outside the model's vocabulary 0.." + (vocab - 1));
            }
            out[i + 1] = (int) ids[i];
        }
        return out;
    }

    @Override
    public String text(int[] tokens) {
        long[] ids = Arrays.stream(tokens, 1, tokens.length).asLongStream().toArray();
        return tokenizer.decode(ids, true);
    }
}
