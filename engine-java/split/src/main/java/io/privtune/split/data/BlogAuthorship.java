package io.privtune.split.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Blog Authorship Corpus (Schler et al. 2006): one file per blogger named
 * {@code ID.GENDER.AGE.INDUSTRY.SIGN.xml} holding {@code <post>...</post>} elements. The files are not
 * well-formed XML (bare '&amp;', stray bytes, other encodings), so posts are cut out leniently: a file
 * that is not UTF-8 is read as ISO-8859-1, a post without its closing tag or without text is skipped and
 * counted, a file whose name does not carry the labels fails with its name.
 */
public final class BlogAuthorship {
    /** Topics that are not a task: unknown industry, and "Student", which is the age attribute in disguise. */
    public static final Set<String> NOT_TOPICS = Set.of("indUnk", "Student");

    private static final Pattern NAME = Pattern.compile("(\\d+)\\.(male|female)\\.(\\d+)\\.([^.]+)\\.([^.]+)\\.xml");
    private static final Pattern POST = Pattern.compile("(?s)<post>(.*?)(</post>|(?=<post>)|\\z)");

    /** The posts and what was passed over. */
    public record Corpus(List<BlogPost> posts, int bloggers, int skippedPosts, int latin1Files) {
        /** The {@code count} topics with the most bloggers, {@link #NOT_TOPICS} left out; ties by name. */
        public List<String> topTopics(int count) {
            Map<String, Set<String>> bloggersByTopic = new LinkedHashMap<>();
            for (BlogPost p : posts) {
                bloggersByTopic
                        .computeIfAbsent(p.topic(), t -> new java.util.HashSet<>())
                        .add(p.blogger());
            }
            return bloggersByTopic.entrySet().stream()
                    .filter(e -> !NOT_TOPICS.contains(e.getKey()))
                    .sorted(Comparator.<Map.Entry<String, Set<String>>>comparingInt(
                                    e -> -e.getValue().size())
                            .thenComparing(Map.Entry::getKey))
                    .limit(count)
                    .map(Map.Entry::getKey)
                    .toList();
        }
    }

    private BlogAuthorship() {}

    /** Every post of every blogger file in {@code folder} (the corpus's blogs/), bloggers in name order. */
    public static Corpus read(Path folder) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".xml"))
                    .sorted()
                    .toList();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(folder + ": no such folder (the Blog Authorship Corpus's blogs/)");
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(folder + ": no ID.GENDER.AGE.INDUSTRY.SIGN.xml files");
        }
        List<BlogPost> posts = new ArrayList<>();
        int skipped = 0;
        int latin1 = 0;
        for (Path file : files) {
            Matcher name = NAME.matcher(file.getFileName().toString());
            if (!name.matches()) {
                throw new IllegalArgumentException(file + ": expected a name ID.GENDER.AGE.INDUSTRY.SIGN.xml "
                        + "(e.g. 1000331.female.37.indUnk.Leo.xml)");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
            String text;
            try {
                text = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                text = new String(bytes, StandardCharsets.ISO_8859_1); // every byte is a character there
                latin1++;
            }
            Matcher post = POST.matcher(text);
            while (post.find()) {
                String body = clean(post.group(1));
                if (!post.group(2).equals("</post>") || body.isEmpty()) {
                    skipped++;
                    continue;
                }
                posts.add(new BlogPost(
                        name.group(1), body, name.group(4), name.group(2), Integer.parseInt(name.group(3))));
            }
        }
        return new Corpus(posts, files.size(), skipped, latin1);
    }

    /** White space collapsed, the corpus's "urlLink" placeholders and the commonest entities undone. */
    static String clean(String raw) {
        return raw.replace("urlLink", " ")
                .replace("&nbsp;", " ")
                .replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replaceAll("\\s+", " ")
                .strip();
    }
}
