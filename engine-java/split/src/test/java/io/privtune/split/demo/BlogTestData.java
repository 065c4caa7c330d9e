package io.privtune.split.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A small copy of the real Blog Authorship subset that the blog-topic task still accepts; a missing corpus fails. */
public final class BlogTestData {
    private BlogTestData() {}

    /**
     * Every blogger of the task's five topics (so the topic ranking by bloggers is the real one), each file cut after
     * its first {@code posts} posts, written to {@code folder}/blogs.
     */
    public static Path slice(Path folder, List<String> topics, int posts) throws IOException {
        Path source = Sst2TestData.require("privtune.blogs", "blog_authorship", "SOURCE.txt", "Blog Authorship Corpus")
                .resolve("blogs");
        Path blogs = Files.createDirectories(folder.resolve("blogs"));
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.sorted().toList()) {
                String[] parts = file.getFileName().toString().split("\\.");
                if (parts.length != 6 || !topics.contains(parts[3])) {
                    continue;
                }
                // bytes as ISO-8859-1 round-trip whatever encoding the file has
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                int cut = -1;
                for (int p = 0, from = 0; p <= posts; p++) {
                    cut = text.indexOf("<post>", from);
                    if (cut < 0) {
                        break;
                    }
                    from = cut + 1;
                }
                String kept = cut < 0 ? text : text.substring(0, cut) + "</Blog>\r\n";
                Files.write(blogs.resolve(file.getFileName()), kept.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return folder;
    }
}
