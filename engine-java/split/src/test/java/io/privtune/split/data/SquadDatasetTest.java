package io.privtune.split.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.split.demo.Sst2TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SquadDatasetTest {
    @Test
    void readsTheRealDevSetAndSplitsItByArticle() {
        Path file = Sst2TestData.locate("privtune.squad", "squad_v1.1", "dev-v1.1.json", "SQuAD v1.1")
                .resolve("dev-v1.1.json");
        List<SquadDataset.Article> articles = SquadDataset.read(file);
        // SOURCE.txt: 48 articles, 10,570 questions, 34,726 answer spans
        assertEquals(48, articles.size());
        assertEquals(
                10570, articles.stream().mapToInt(a -> a.questions().size()).sum());
        assertEquals(
                34726,
                articles.stream()
                        .flatMap(a -> a.questions().stream())
                        .mapToInt(q -> q.answers().size())
                        .sum());
        StratifiedSplit.Parts<SquadDataset.Article> parts = SquadDataset.split(articles, 10, 0);
        assertEquals(38, parts.train().size());
        assertEquals(10, parts.test().size());
        Set<String> trainTitles = new HashSet<>(
                parts.train().stream().map(SquadDataset.Article::title).toList());
        assertTrue(parts.test().stream().noneMatch(a -> trainTitles.contains(a.title())), "no article on both sides");
    }

    @Test
    void answerStartCountsCodePointsAsPythonDoes(@TempDir Path dir) throws IOException {
        // U+1F600 is one code point (Python: one index) but two UTF-16 units in Java
        Path file = dir.resolve("squad.json");
        Files.writeString(file, """
                {"data": [{"title": "T", "paragraphs": [{"context": "\ud83d\ude00 Paris is in France.",
                  "qas": [{"id": "q1", "question": "Where?", "answers": [{"text": "France", "answer_start": 14}]}]}]}]}
                """);
        SquadDataset.Answer answer =
                SquadDataset.read(file).get(0).questions().get(0).answers().get(0);
        assertEquals(15, answer.start(), "the Java index of the same character");
        assertEquals("France", "\ud83d\ude00 Paris is in France.".substring(answer.start(), answer.start() + 6));
    }

    @Test
    void malformedFilesAreNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("squad.json");
        Files.writeString(file, """
                {"data": [{"title": "T", "paragraphs": [{"context": "Paris is in France.",
                  "qas": [{"id": "q1", "question": "Where?", "answers": [{"text": "Spain", "answer_start": 12}]}]}]}]}
                """);
        String message = assertThrows(IllegalArgumentException.class, () -> SquadDataset.read(file))
                .getMessage();
        assertTrue(
                message.contains("question q1: answer 'Spain' is not the context's text at answer_start 12"), message);
        Files.writeString(file, """
                {"data": [{"title": "T", "paragraphs": [{"context": "Paris",
                  "qas": [{"id": "q2", "question": "Where?", "answers": [{"text": "Paris", "answer_start": 99}]}]}]}]}
                """);
        message = assertThrows(IllegalArgumentException.class, () -> SquadDataset.read(file))
                .getMessage();
        assertTrue(
                message.contains("question q2: answer 'Paris' is not the context's text at answer_start 99"), message);
        Files.writeString(file, "{\"data\": [{\"title\": \"T\", \"paragraphs\": 3}]}");
        message = assertThrows(IllegalArgumentException.class, () -> SquadDataset.read(file))
                .getMessage();
        assertTrue(message.contains("article 'T': expected an array 'paragraphs', found number"), message);
        Files.writeString(file, "{\"data\": [");
        message = assertThrows(IllegalArgumentException.class, () -> SquadDataset.read(file))
                .getMessage();
        assertTrue(message.contains("not a JSON file"), message);
    }
}
