package io.privtune.split.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlueTsvTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = Files.createTempFile(dir, "glue", ".tsv");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void readsSentencesAndLabels() throws IOException {
        List<LabelledText> rows = GlueTsv.read(file("sentence\tlabel\na fine film \t1\n\ndull\t0\n"), 2, 0);
        assertEquals(List.of(new LabelledText("a fine film", 1), new LabelledText("dull", 0)), rows);
        assertEquals(
                1,
                GlueTsv.read(file("label\tsentence\n1\tgood\n0\tbad\n"), 2, 1).size(),
                "column order from the header; limit applies");
    }

    @Test
    void badRowsNameTheFileAndLine() throws IOException {
        assertMessage(file("sentence\tlabel\ngood\t1\nbad\tx\n"), "line 3", "'x' is not an integer");
        assertMessage(file("sentence\tlabel\ngood\t7\n"), "line 2", "outside [0, 2)");
        assertMessage(file("sentence\tlabel\nno label here\n"), "line 2", "tab-separated");
        assertMessage(file("sentence\tlabel\n\t1\n"), "line 2", "empty sentence");
        assertMessage(file("text\ttarget\nx\t1\n"), "header", "'sentence' and 'label'");
        assertMessage(file(""), "empty file");
        assertMessage(file("sentence\tlabel\n"), "no examples");
        assertMessage(dir.resolve("missing.tsv"), "no such file");
    }

    private static void assertMessage(Path f, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GlueTsv.read(f, 2, 0));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
        }
    }
}
