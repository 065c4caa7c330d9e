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

class CsvDatasetTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = Files.createTempFile(dir, "data", ".csv");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void readsNamedColumnsWithQuotingAndClassNames() throws IOException {
        Path f = file("text,age,gender\n\"Great, fast service.\",42,M\n\"Not \"\"good\"\".\",30,F\n  ,50,F\nok,22,M\n");
        CsvDataset.Labelled data = CsvDataset.read(f, "text", "gender", null, 0);
        assertEquals(List.of("F", "M"), data.labels());
        assertEquals(new LabelledText("Great, fast service.", 1), data.rows().get(0));
        assertEquals(new LabelledText("Not \"good\".", 0), data.rows().get(1));
        assertEquals(1, data.skippedEmpty(), "the empty text is counted, not kept");
        assertEquals(3, data.rows().size());
        assertEquals(
                2,
                CsvDataset.read(f, "text", "gender", List.of("M", "F"), 2)
                        .rows()
                        .size());
        assertEquals(
                0,
                CsvDataset.read(f, "text", "gender", List.of("M", "F"), 0)
                        .rows()
                        .get(0)
                        .label(),
                "order of the given labels");
    }

    @Test
    void theRealTrustPilotFileReads() {
        Path real = io.privtune.split.demo.Sst2TestData.source().getParent().resolve("trustpilot_en/train.csv");
        CsvDataset.Labelled gender = CsvDataset.read(real, "text", "gender", List.of("F", "M"), 0);
        assertEquals(5004, gender.rows().size() + gender.skippedEmpty());
        assertTrue(
                gender.skippedEmpty() >= 1 && gender.skippedEmpty() < 10,
                "a few empty reviews: " + gender.skippedEmpty());
        assertEquals(
                4, CsvDataset.read(real, "text", "age_cat", null, 0).labels().size());
    }

    @Test
    void badFilesAreRefusedWithFileRecordAndReason() throws IOException {
        assertMessage(
                () -> CsvDataset.read(file("text,gender\nhello,X\n"), "text", "gender", List.of("F", "M"), 0),
                "record 1",
                "'X'");
        assertMessage(
                () -> CsvDataset.read(file("body,gender\nhello,M\n"), "text", "gender", null, 0), "no column 'text'");
        assertMessage(() -> CsvDataset.read(file("text,gender\n ,M\n"), "text", "gender", null, 0), "no examples");
        assertMessage(
                () -> CsvDataset.read(file("text,gender\nhello,M,extra\n"), "text", "gender", null, 0),
                "expected 2 fields");
        assertMessage(() -> CsvDataset.read(file("text,gender\n"), "text", "gender", null, 0), "no examples");
        assertMessage(
                () -> CsvDataset.read(file("text,gender\n\"unclosed,M\n"), "text", "gender", null, 0), "malformed CSV");
        assertMessage(() -> CsvDataset.read(dir.resolve("none.csv"), "text", "gender", null, 0), "no such file");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
        }
    }
}
