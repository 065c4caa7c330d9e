package io.privtune.split.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A GLUE single-sentence TSV file (header {@code sentence\tlabel}, e.g. SST-2). Every row is checked:
 * a bad row fails with its file and line number, never silently skipped.
 */
public final class GlueTsv {
    private GlueTsv() {}

    /** Reads at most {@code limit} rows (all when limit <= 0); labels must lie in [0, classes). */
    public static List<LabelledText> read(Path file, int classes, int limit) {
        List<LabelledText> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + ": empty file; expected a header 'sentence<TAB>label'");
            }
            List<String> columns = Arrays.asList(header.strip().split("\t"));
            int textColumn = columns.indexOf("sentence");
            int labelColumn = columns.indexOf("label");
            if (textColumn < 0 || labelColumn < 0) {
                throw new IllegalArgumentException(
                        file + ": header must name the columns 'sentence' and 'label', found " + columns);
            }
            String line;
            int lineNumber = 1;
            while ((line = in.readLine()) != null && (limit <= 0 || rows.size() < limit)) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length <= Math.max(textColumn, labelColumn)) {
                    throw new IllegalArgumentException(file + ", line " + lineNumber + ": expected " + columns.size()
                            + " tab-separated fields, found " + fields.length);
                }
                String labelText = fields[labelColumn].strip();
                int label;
                try {
                    label = Integer.parseInt(labelText);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            file + ", line " + lineNumber + ": label '" + labelText + "' is not an integer");
                }
                if (label < 0 || label >= classes) {
                    throw new IllegalArgumentException(
                            file + ", line " + lineNumber + ": label " + label + " is outside [0, " + classes + ")");
                }
                String text = fields[textColumn].strip();
                if (text.isEmpty()) {
                    throw new IllegalArgumentException(file + ", line " + lineNumber + ": empty sentence");
                }
                rows.add(new LabelledText(text, label));
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file (set the data folder with --data)");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no examples");
        }
        return rows;
    }
}
