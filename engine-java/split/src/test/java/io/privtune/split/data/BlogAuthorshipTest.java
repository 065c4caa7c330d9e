package io.privtune.split.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.split.demo.Sst2TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlogAuthorshipTest {
    @TempDir
    Path dir;

    @Test
    void readsTheRealSubsetAndSplitsByBlogger() {
        Path blogs = Sst2TestData.locate("privtune.blogs", "blog_authorship", "SOURCE.txt", "Blog Authorship Corpus")
                .resolve("blogs");
        BlogAuthorship.Corpus corpus = BlogAuthorship.read(blogs);
        assertEquals(1000, corpus.bloggers());
        // SOURCE.txt: about 22,900 posts in the 1,000 files
        assertTrue(
                corpus.posts().size() > 21_000 && corpus.posts().size() < 23_500,
                "posts: " + corpus.posts().size());
        assertTrue(corpus.skippedPosts() >= 0
                && corpus.skippedPosts() < corpus.posts().size() / 10);
        assertTrue(corpus.posts().stream()
                .noneMatch(p -> p.text().isBlank() || p.text().contains("<post>")));
        BlogPost first = corpus.posts().get(0);
        assertEquals("1000331", first.blogger());
        assertEquals("indUnk", first.topic());
        assertEquals("female", first.gender());
        assertEquals("30s", first.ageGroup());
        assertTrue(first.text().startsWith("Well, everyone got up and going this morning."), first.text());
        // the five largest topics by bloggers, neither 'indUnk' nor 'Student'
        assertEquals(
                List.of("Technology", "Arts", "Education", "Internet", "Communications-Media"), corpus.topTopics(5));

        StratifiedSplit.Parts<BlogPost> parts = BloggerSplit.of(corpus.posts(), 0.2, 3);
        Set<String> trainBloggers =
                new HashSet<>(parts.train().stream().map(BlogPost::blogger).toList());
        Set<String> testBloggers =
                new HashSet<>(parts.test().stream().map(BlogPost::blogger).toList());
        assertTrue(trainBloggers.stream().noneMatch(testBloggers::contains), "no blogger on both sides");
        assertEquals(1000, trainBloggers.size() + testBloggers.size());
        assertEquals(200, testBloggers.size());
    }

    @Test
    void lenientWithPostsStrictWithNames() throws IOException {
        Path blogs = Files.createDirectories(dir.resolve("blogs"));
        Files.write(
                blogs.resolve("7.male.15.Student.Aries.xml"),
                ("<Blog>\r\n<date>1,May,2004</date>\r\n<post>\r\n caf\u00e9 &amp; more \r\n</post>\r\n"
                                + "<post>   </post>\r\n<post> never closed\r\n<post>B &c</post>\r\n</Blog>")
                        .getBytes(StandardCharsets.ISO_8859_1)); // not UTF-8: read as ISO-8859-1
        BlogAuthorship.Corpus corpus = BlogAuthorship.read(blogs);
        assertEquals(
                List.of("café & more", "B &c"),
                corpus.posts().stream().map(BlogPost::text).toList());
        assertEquals(2, corpus.skippedPosts(), "the empty post and the one never closed");
        assertEquals(1, corpus.latin1Files());
        assertEquals("10s", corpus.posts().get(0).ageGroup());

        Files.writeString(blogs.resolve("notes.xml"), "<Blog></Blog>");
        String message = assertThrows(IllegalArgumentException.class, () -> BlogAuthorship.read(blogs))
                .getMessage();
        assertTrue(message.contains("notes.xml: expected a name ID.GENDER.AGE.INDUSTRY.SIGN.xml"), message);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BlogAuthorship.read(dir.resolve("none")))
                .getMessage()
                .contains("no such folder"));
    }
}
