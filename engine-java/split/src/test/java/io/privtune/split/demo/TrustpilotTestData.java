package io.privtune.split.demo;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real TrustPilot files in ../shared/data/trustpilot_en (found by walking up from the build folder). */
public final class TrustpilotTestData {
    private TrustpilotTestData() { }

    public static Path source() {
        String configured = System.getProperty("privtune.trustpilot");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            for (Path candidate : new Path[] {p.resolve("shared/data/trustpilot_en"), p.resolveSibling("shared").resolve("data/trustpilot_en")}) {
                if (Files.isRegularFile(candidate.resolve("test.csv"))) {
                    return candidate;
                }
            }
        }
        Assumptions.abort("TrustPilot not found beside the project (../shared/data/trustpilot_en); set -Dprivtune.trustpilot=FOLDER");
        return null;
    }
}
