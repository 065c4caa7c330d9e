package io.privtune.split.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.split.demo.Sst2TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgNewsTest {
    @Test
    void readsTheRealTestSplit() {
        CsvDataset.Labelled news =
                AgNews.read(Sst2TestData.locate("privtune.agnews", "ag_news", "test.csv", "AG News"));
        assertEquals(7600, news.rows().size());
        assertEquals(java.util.List.of("World", "Sports", "Business", "Sci/Tech"), news.labels());
        for (int c = 0; c < 4; c++) {
            int label = c;
            assertEquals(
                    1900, news.rows().stream().filter(r -> r.label() == label).count());
        }
        assertTrue(news.rows().get(0).text().startsWith("Fears for T N pension after talks Unions representing"));
        assertFalse(news.rows().stream().anyMatch(r -> r.text().contains("\\")), "the corpus's backslash line breaks");
    }

    @Test
    void badRowsAreNamed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("classes.txt"), "World\nSports\n");
        Files.writeString(dir.resolve("test.csv"), "\"1\",\"a\",\"b\"\n\"3\",\"c\",\"d\"\n");
        String message = assertThrows(IllegalArgumentException.class, () -> AgNews.read(dir))
                .getMessage();
        assertTrue(message.endsWith("record 2: class 3 is outside 1..2 (classes.txt)"), message);
        Files.writeString(dir.resolve("test.csv"), "\"1\",\"a\"\n");
        message = assertThrows(IllegalArgumentException.class, () -> AgNews.read(dir))
                .getMessage();
        assertTrue(message.contains("record 1: expected 3 fields"), message);
    }
}
