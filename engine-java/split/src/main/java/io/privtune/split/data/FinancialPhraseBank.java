package io.privtune.split.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Financial PhraseBank (Malo et al. 2014): one {@code sentence@label} per line, ISO-8859-1, labels
 * negative / neutral / positive (class indices 0, 1, 2). The file chooses the annotator agreement
 * (Sentences_50Agree.txt by default: every sentence at least half the annotators agreed on). There is no
 * official split: {@link StratifiedSplit} makes the seeded 80/20 one papers use.
 */
public final class FinancialPhraseBank {
    public static final List<String> LABELS = List.of("negative", "neutral", "positive");
    public static final String DEFAULT_FILE = "Sentences_50Agree.txt";

    private FinancialPhraseBank() {}

    /** Every sentence of {@code file}; a line without a known label after its last '@' fails with file and line. */
    public static List<LabelledText> read(Path file) {
        List<LabelledText> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                int at = line.lastIndexOf('@'); // a sentence may contain '@'; the label is after the last one
                if (at < 0) {
                    throw new IllegalArgumentException(
                            file + ", line " + lineNumber + ": expected 'sentence@label', found no '@'");
                }
                String label = line.substring(at + 1).strip();
                int index = LABELS.indexOf(label);
                if (index < 0) {
                    throw new IllegalArgumentException(
                            file + ", line " + lineNumber + ": label '" + label + "' is not one of " + LABELS);
                }
                String text = line.substring(0, at).strip();
                if (text.isEmpty()) {
                    throw new IllegalArgumentException(file + ", line " + lineNumber + ": empty sentence");
                }
                rows.add(new LabelledText(text, index));
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file (Financial PhraseBank's Sentences_XXAgree.txt)");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no sentences");
        }
        return rows;
    }
}
