package io.privtune.split.demo;

import java.nio.file.Path;

/** The real TrustPilot files in ../shared/data/trustpilot_en (or -Dprivtune.trustpilot=FOLDER). */
public final class TrustpilotTestData {
    private TrustpilotTestData() {}

    public static Path source() {
        return Sst2TestData.locate("privtune.trustpilot", "trustpilot_en", "test.csv", "TrustPilot");
    }
}
