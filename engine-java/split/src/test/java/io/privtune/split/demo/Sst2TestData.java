package io.privtune.split.demo;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small slices of the real SST-2 files in ../shared/data/sst2 (found by walking up from the build folder). */
public final class Sst2TestData {
    private Sst2TestData() { }

    public static Path source() {
        String configured = System.getProperty("privtune.sst2");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/data/sst2");
            if (Files.isRegularFile(candidate.resolve("dev.tsv"))) {
                return candidate;
            }
            Path sibling = p.resolveSibling("shared").resolve("data/sst2");
            if (Files.isRegularFile(sibling.resolve("dev.tsv"))) {
                return sibling;
            }
        }
        Assumptions.abort("SST-2 not found beside the project (../shared/data/sst2); set -Dprivtune.sst2=FOLDER");
        return null;
    }

    /** Copies the header and the first rows of train.tsv and dev.tsv into {@code folder}. */
    public static Path copy(Path folder, int trainRows, int devRows) throws IOException {
        Path source = source();
        Files.createDirectories(folder);
        write(source.resolve("train.tsv"), folder.resolve("train.tsv"), trainRows);
        write(source.resolve("dev.tsv"), folder.resolve("dev.tsv"), devRows);
        return folder;
    }

    private static void write(Path from, Path to, int rows) throws IOException {
        List<String> lines;
        try (var stream = Files.lines(from)) {
            lines = stream.limit(rows + 1L).toList();
        }
        Files.write(to, lines);
    }
}
