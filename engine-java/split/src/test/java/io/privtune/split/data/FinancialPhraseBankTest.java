package io.privtune.split.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.split.demo.Sst2TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinancialPhraseBankTest {
    @TempDir
    Path dir;

    private static Path folder() {
        return Sst2TestData.locate(
                "privtune.fpb", "financial_phrasebank", "Sentences_50Agree.txt", "Financial PhraseBank");
    }

    @Test
    void readsTheRealFileWithItsCountsAndSplitsItStratified() {
        List<LabelledText> rows = FinancialPhraseBank.read(folder().resolve(FinancialPhraseBank.DEFAULT_FILE));
        // SOURCE.txt: 4,846 sentences, 604 negative / 2,879 neutral / 1,363 positive
        assertEquals(4846, rows.size());
        assertEquals(List.of(604L, 2879L, 1363L), counts(rows));
        assertTrue(rows.stream().anyMatch(r -> r.text().chars().anyMatch(c -> c > 127)), "ISO-8859-1 characters kept");

        StratifiedSplit.Parts<LabelledText> parts = StratifiedSplit.of(rows, 0.2, 7);
        assertEquals(rows.size(), parts.train().size() + parts.test().size());
        assertEquals(List.of(121L, 576L, 273L), counts(parts.test()), "20 % of each class, rounded");
        assertEquals(parts.test(), StratifiedSplit.of(rows, 0.2, 7).test(), "one seed, one split");
        assertTrue(!parts.test().equals(StratifiedSplit.of(rows, 0.2, 8).test()), "another seed, another split");
    }

    @Test
    void aBadLineIsNamedWithItsFileAndLine() throws IOException {
        Path noAt = write("Profit rose .@positive\nLoss widened without a label\n");
        assertTrue(message(noAt).contains(noAt + ", line 2: expected 'sentence@label'"), message(noAt));
        Path badLabel = write("Profit rose .@positive\nShares fell .@bearish\n");
        assertTrue(message(badLabel).contains("line 2: label 'bearish' is not one of [negative, neutral, positive]"));
        Path empty = write("@neutral\n");
        assertTrue(message(empty).contains("line 1: empty sentence"));
        assertTrue(message(dir.resolve("missing.txt")).contains("no such file"));
        // a sentence may itself contain '@': the label is after the last one
        Path at = write("Mail ir@company.com for details .@neutral\n");
        assertEquals(
                "Mail ir@company.com for details .",
                FinancialPhraseBank.read(at).get(0).text());
    }

    private Path write(String text) throws IOException {
        Path file = Files.createTempFile(dir, "fpb", ".txt");
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        return file;
    }

    private static String message(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> FinancialPhraseBank.read(file))
                .getMessage();
    }

    private static List<Long> counts(List<LabelledText> rows) {
        return List.of(0, 1, 2).stream()
                .map(c -> rows.stream().filter(r -> r.label() == c).count())
                .toList();
    }
}
