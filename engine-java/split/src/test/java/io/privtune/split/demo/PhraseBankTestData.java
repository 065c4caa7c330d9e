package io.privtune.split.demo;

import io.privtune.split.train.PrivateFineTuner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Seeded samples of the real Financial PhraseBank 50Agree file; a missing corpus fails the test. */
public final class PhraseBankTestData {
    private PhraseBankTestData() {}

    /** Writes {@code sentences} lines of Sentences_50Agree.txt, a seeded sample with its bytes (ISO-8859-1), into {@code folder}. */
    public static Path slice(Path folder, int sentences) throws IOException {
        Path source = Sst2TestData.require(
                        "privtune.financial_phrasebank",
                        "financial_phrasebank",
                        "Sentences_50Agree.txt",
                        "Financial PhraseBank")
                .resolve("Sentences_50Agree.txt");
        List<String> lines = Files.readAllLines(source, StandardCharsets.ISO_8859_1);
        int[] order = PrivateFineTuner.shuffled(lines.size(), 11);
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < sentences; i++) {
            sample.add(lines.get(order[i]));
        }
        Files.createDirectories(folder);
        Files.write(folder.resolve("Sentences_50Agree.txt"), sample, StandardCharsets.ISO_8859_1);
        return folder;
    }
}
