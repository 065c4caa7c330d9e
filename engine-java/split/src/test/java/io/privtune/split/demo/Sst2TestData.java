package io.privtune.split.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Small slices of the real SST-2 files in ../shared/data/sst2 (found by walking up from the build folder). */
public final class Sst2TestData {
    private Sst2TestData() {}

    public static Path source() {
        return locate("privtune.sst2", "sst2", "dev.tsv", "SST-2");
    }

    /**
     * A data set in ../shared/data/{folder} (found by walking up from the build folder and looking beside
     * each parent), or the folder named by system property {@code property}; tests that need it are skipped otherwise.
     */
    public static Path locate(String property, String folder, String probe, String what) {
        Path found = find(property, folder, probe);
        if (found == null) {
            Assumptions.abort(what + " not found beside the project (../shared/data/" + folder + "); set -D" + property
                    + "=FOLDER");
        }
        return found;
    }

    /** As {@link #locate}, but a missing data set fails the test: for tests whose point is the real data. */
    public static Path require(String property, String folder, String probe, String what) {
        Path found = find(property, folder, probe);
        if (found == null) {
            Assertions.fail(what + " not found beside the project (../shared/data/" + folder + "); set -D" + property
                    + "=FOLDER");
        }
        return found;
    }

    private static Path find(String property, String folder, String probe) {
        String configured = System.getProperty(property);
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            for (Path candidate : new Path[] {
                p.resolve("shared/data").resolve(folder),
                p.resolveSibling("shared").resolve("data").resolve(folder)
            }) {
                if (Files.isRegularFile(candidate.resolve(probe))) {
                    return candidate;
                }
            }
        }
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
