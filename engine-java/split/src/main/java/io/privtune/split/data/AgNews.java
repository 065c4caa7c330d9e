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
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * AG News (Zhang et al. 2015): a headerless CSV of "class index (1-4)","title","description"; the class
 * names are the lines of classes.txt beside it. The text is title and description joined by a space.
 * Only the test split exists here, so use it through {@link StratifiedSplit}.
 */
public final class AgNews {
    private AgNews() {}

    /** The rows of {@code folder}/test.csv with class indices 0-3, and the class names. */
    public static CsvDataset.Labelled read(Path folder) {
        Path classesFile = folder.resolve("classes.txt");
        Path file = folder.resolve("test.csv");
        List<String> classes;
        try {
            classes = Files.readAllLines(classesFile, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(classesFile + ": no such file (AG News' class names, one a line)");
        } catch (IOException e) {
            throw new UncheckedIOException(classesFile + ": " + e.getMessage(), e);
        }
        List<LabelledText> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(in, CSVFormat.RFC4180)) {
            for (CSVRecord record : parser) {
                String where = file + ", record " + record.getRecordNumber();
                if (record.size() != 3) {
                    throw new IllegalArgumentException(
                            where + ": expected 3 fields (class, title, description), found " + record.size());
                }
                int label;
                try {
                    label = Integer.parseInt(record.get(0).strip()) - 1;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + ": class '" + record.get(0) + "' is not an integer");
                }
                if (label < 0 || label >= classes.size()) {
                    throw new IllegalArgumentException(where + ": class " + (label + 1) + " is outside 1.."
                            + classes.size() + " (" + classesFile.getFileName() + ")");
                }
                // the corpus writes line breaks inside descriptions as a backslash
                String text = (record.get(1).strip() + " " + record.get(2).strip())
                        .replace('\\', ' ')
                        .strip();
                rows.add(new LabelledText(text, label));
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file (AG News' test.csv)");
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(file + ": not a readable CSV file: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no rows");
        }
        return new CsvDataset.Labelled(rows, classes, 0);
    }
}
