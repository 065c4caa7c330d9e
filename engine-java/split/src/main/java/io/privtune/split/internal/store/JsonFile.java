package io.privtune.split.internal.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.privtune.core.io.ReplacedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** A run's JSON record (summary.json, a cell's result), indented, replacing the file whole or not at all. */
public final class JsonFile {
    private JsonFile() {}

    public static void write(Path file, Object value) {
        try {
            ReplacedFile.write(
                    file,
                    temporary -> new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValue(temporary.toFile(), value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
