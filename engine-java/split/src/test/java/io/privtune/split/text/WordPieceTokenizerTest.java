package io.privtune.split.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.privtune.core.model.BundledModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WordPieceTokenizerTest {
    @Test
    void encodesWithTheModelsOwnVocabulary() {
        try (WordPieceTokenizer tokenizer =
                WordPieceTokenizer.open(BundledModel.ALL_MINILM_L6_V2.tokenizerFile(), 128)) {
            Encoding e = tokenizer.encode("contains no wit , only labored gags");
            assertArrayEquals(new int[] {101, 3397, 2053, 15966, 1010, 2069, 4450, 2098, 18201, 2015, 102}, e.ids());
            assertEquals(true, e.special()[0]);
            assertEquals(false, e.special()[1]);
            assertEquals(true, e.special()[10]);
        }
        try (WordPieceTokenizer shortOne = WordPieceTokenizer.open(BundledModel.ALL_MINILM_L6_V2.tokenizerFile(), 5)) {
            assertEquals(
                    5, shortOne.encode("one two three four five six seven").length(), "truncated to the max length");
        }
    }

    @Test
    void missingTokenizerOrImpossibleLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WordPieceTokenizer.open(Path.of("no/tokenizer.json"), 128));
        assertThrows(
                IllegalArgumentException.class,
                () -> WordPieceTokenizer.open(BundledModel.ALL_MINILM_L6_V2.tokenizerFile(), 2));
    }
}
