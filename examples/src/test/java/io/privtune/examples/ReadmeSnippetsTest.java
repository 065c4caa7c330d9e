package io.privtune.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's Java snippets are these files: every tagged region of an example appears in README.md verbatim. */
class ReadmeSnippetsTest {
    private static final Pattern REGION = Pattern.compile("(?s)// tag::([a-z-]+)\\[]\\n(.*?)\\n\\s*// end::\\1\\[]");

    @Test
    void everyTaggedRegionIsQuotedInTheReadme() throws IOException {
        Path examples = Path.of("src/main/java/io/privtune/examples");
        String readme = Files.readString(Path.of("../README.md"));
        List<String> tags = new ArrayList<>();
        try (Stream<Path> files = Files.list(examples)) {
            for (Path file : files.sorted().toList()) {
                Matcher m = REGION.matcher(Files.readString(file));
                while (m.find()) {
                    tags.add(m.group(1));
                    String snippet = dedent(m.group(2));
                    assertTrue(
                            readme.contains(snippet),
                            "README.md lacks the '" + m.group(1) + "' snippet of " + file.getFileName()
                                    + " (copy it verbatim, dedented):\n" + snippet);
                }
            }
        }
        assertEquals(
                List.of("graph", "perturb", "setup", "finetune").stream()
                        .sorted()
                        .toList(),
                tags.stream().sorted().toList());
    }

    private static String dedent(String block) {
        List<String> lines = block.lines().toList();
        int indent = lines.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        return String.join(
                "\n",
                lines.stream()
                        .map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
                        .toList());
    }
}
