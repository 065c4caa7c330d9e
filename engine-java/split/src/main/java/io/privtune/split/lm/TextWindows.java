package io.privtune.split.lm;

import io.privtune.split.model.llama.LmTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Running text cut into fixed windows for a causal LM, as llama2.c prepares TinyStories: each paragraph
 * (texts are separated by blank lines) is encoded with its BOS, the encodings are concatenated in file order,
 * and the stream is cut into consecutive windows of {@code length} tokens; a last partial window is dropped.
 * A window never spans two files, so a train/evaluation split by file never mixes.
 */
public final class TextWindows {
    /** The LM commands' default texts: the device's training text and the held-out text (../shared/data). */
    public static final String TINYSTORIES_TRAIN = "../shared/data/tinystories/tinystories_train_head.txt";

    public static final String TINYSTORIES_VAL = "../shared/data/tinystories/tinystories_val.txt";

    private TextWindows() {}

    /** The paragraphs of a UTF-8 text file, in order (blank-line separated, trimmed, empty ones skipped). */
    public static List<String> paragraphs(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("text file " + file + " does not exist or is not a file");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text file " + file + " is not valid UTF-8: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read text file " + file, e);
        }
        List<String> out = new ArrayList<>();
        for (String p : text.split("\\R\\s*\\R")) {
            String trimmed = p.strip();
            if (!trimmed.isEmpty()) {
                out.add(trimmed.replaceAll("\\s*\\R\\s*", " "));
            }
        }
        return out;
    }

    /**
     * Windows of {@code length} tokens from {@code paragraphs} (the first {@code maxWindows} of them; 0 = all).
     *
     * @throws IllegalArgumentException when the text is too short for one window
     */
    public static List<int[]> of(
            List<String> paragraphs, LmTokenizer tokenizer, int length, int maxWindows, String source) {
        if (length < 2) {
            throw new IllegalArgumentException("a window needs at least 2 tokens (one to predict), found " + length);
        }
        List<int[]> windows = new ArrayList<>();
        int[] current = new int[length];
        int filled = 0;
        for (String paragraph : paragraphs) {
            for (int id : tokenizer.encode(paragraph)) {
                current[filled++] = id;
                if (filled == length) {
                    windows.add(current);
                    if (maxWindows > 0 && windows.size() == maxWindows) {
                        return windows;
                    }
                    current = new int[length];
                    filled = 0;
                }
            }
        }
        if (windows.isEmpty()) {
            throw new IllegalArgumentException(
                    source + " is too short for one window of " + length + " tokens (" + filled + " tokens)");
        }
        return windows;
    }
}
