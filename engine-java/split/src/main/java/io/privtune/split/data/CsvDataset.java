package io.privtune.split.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file with a header, read by named columns: one text column and one label column whose values
 * are class names (e.g. TrustPilot's {@code text} and {@code gender} = M/F). Class indices follow
 * {@code labels} when given, else the sorted distinct values; a value outside {@code labels} is an
 * error naming the file and record, as are missing columns and malformed records. Rows with an empty
 * text (real corpora have a few: TrustPilot's train.csv has one) carry nothing to learn or attack: they
 * are skipped and counted in {@link Labelled#skippedEmpty}, never dropped silently.
 */
public final class CsvDataset {
    /** The rows and the class name of each index. */
    public record Labelled(List<LabelledText> rows, List<String> labels, int skippedEmpty) {}

    private CsvDataset() {}

    public static Labelled read(Path file, String textColumn, String labelColumn, List<String> labels, int limit) {
        List<String[]> raw = new ArrayList<>();
        int skipped = 0;
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(in, format)) {
            List<String> header = parser.getHeaderNames();
            for (String column : List.of(textColumn, labelColumn)) {
                if (!header.contains(column)) {
                    throw new IllegalArgumentException(file + ": no column '" + column + "'; the header has " + header);
                }
            }
            for (CSVRecord record : parser) {
                if (limit > 0 && raw.size() >= limit) {
                    break;
                }
                if (!record.isConsistent()) {
                    throw new IllegalArgumentException(file + ", record " + record.getRecordNumber() + ": expected "
                            + header.size() + " fields, found " + record.size());
                }
                String text = record.get(textColumn).strip();
                if (text.isEmpty()) {
                    skipped++;
                    continue;
                }
                raw.add(new String[] {text, record.get(labelColumn).strip(), Long.toString(record.getRecordNumber())});
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(file + ": malformed CSV: " + e.getMessage());
        }
        if (raw.isEmpty()) {
            throw new IllegalArgumentException(file + ": no examples");
        }
        List<String> classes = labels != null
                ? List.copyOf(labels)
                : List.copyOf(new TreeSet<>(raw.stream().map(r -> r[1]).toList()));
        List<LabelledText> rows = new ArrayList<>(raw.size());
        for (String[] r : raw) {
            int label = classes.indexOf(r[1]);
            if (label < 0) {
                throw new IllegalArgumentException(file + ", record " + r[2] + ": label '" + r[1] + "' in column '"
                        + labelColumn + "' is not one of " + classes);
            }
            rows.add(new LabelledText(r[0], label));
        }
        return new Labelled(rows, classes, skipped);
    }
}
