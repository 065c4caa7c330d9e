package io.privtune.split.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * SQuAD v1.1 (Rajpurkar et al. 2016) as its JSON file gives it: articles of paragraphs, each a context
 * with questions and their gold answer spans. Only the development set can be had here, so {@link #split}
 * cuts it by article (never by question: questions on one paragraph share its text).
 */
public final class SquadDataset {
    /**
     * A gold answer; {@code start} indexes the context as a Java string (UTF-16 units). The file's
     * {@code answer_start} counts code points (Python's string indices), which differ past any character outside
     * the Basic Multilingual Plane.
     */
    public record Answer(String text, int start) {}

    public record Question(String id, String question, String context, List<Answer> answers) {}

    public record Article(String title, List<Question> questions) {}

    private SquadDataset() {}

    /** Every article; an answer that is not the context's text at its offset fails with the question's id. */
    public static List<Article> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IllegalArgumentException(file + ": no such file (SQuAD v1.1's dev-v1.1.json)");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a JSON file: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                            ? j.getOriginalMessage()
                            : e.getMessage()));
        }
        JsonNode data = root.path("data");
        if (!data.isArray() || data.isEmpty()) {
            throw new IllegalArgumentException(file + ": expected a non-empty array 'data' of articles");
        }
        List<Article> articles = new ArrayList<>();
        for (JsonNode article : data) {
            String title = text(file, article, "title", "article");
            List<Question> questions = new ArrayList<>();
            for (JsonNode paragraph : array(file, article, "paragraphs", "article '" + title + "'")) {
                String context = text(file, paragraph, "context", "a paragraph of '" + title + "'");
                for (JsonNode qa : array(file, paragraph, "qas", "a paragraph of '" + title + "'")) {
                    String id = text(file, qa, "id", "a question of '" + title + "'");
                    List<Answer> answers = new ArrayList<>();
                    for (JsonNode a : array(file, qa, "answers", "question " + id)) {
                        String answer = text(file, a, "text", "question " + id);
                        int codePoint = a.path("answer_start").asInt(-1);
                        int start = codePoint < 0 || codePoint > context.codePointCount(0, context.length())
                                ? -1
                                : context.offsetByCodePoints(0, codePoint);
                        if (start < 0 || !context.startsWith(answer, start)) {
                            throw new IllegalArgumentException(file + ": question " + id + ": answer '" + answer
                                    + "' is not the context's text at answer_start " + codePoint
                                    + " (code points, as Python counts)");
                        }
                        answers.add(new Answer(answer, start));
                    }
                    if (answers.isEmpty()) {
                        throw new IllegalArgumentException(file + ": question " + id + " has no answer (v1.1 has one "
                                + "or more for every question)");
                    }
                    questions.add(new Question(id, text(file, qa, "question", "question " + id), context, answers));
                }
            }
            articles.add(new Article(title, questions));
        }
        return articles;
    }

    /** A seeded split by article: {@code testArticles} of them (drawn with {@code seed}) for evaluation. */
    public static StratifiedSplit.Parts<Article> split(List<Article> articles, int testArticles, long seed) {
        if (testArticles < 1 || testArticles >= articles.size()) {
            throw new IllegalArgumentException(
                    "test articles must be in [1, " + (articles.size() - 1) + "], found " + testArticles);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < articles.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        boolean[] test = new boolean[articles.size()];
        order.subList(0, testArticles).forEach(i -> test[i] = true);
        List<Article> trainPart = new ArrayList<>();
        List<Article> testPart = new ArrayList<>();
        for (int i = 0; i < articles.size(); i++) {
            (test[i] ? testPart : trainPart).add(articles.get(i));
        }
        return new StratifiedSplit.Parts<>(trainPart, testPart);
    }

    private static String text(Path file, JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(file + ": " + where + ": expected a string '" + field + "', found "
                    + (value == null
                            ? "nothing"
                            : value.getNodeType().toString().toLowerCase()));
        }
        return value.asText();
    }

    private static JsonNode array(Path file, JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException(file + ": " + where + ": expected an array '" + field + "', found "
                    + (value == null
                            ? "nothing"
                            : value.getNodeType().toString().toLowerCase()));
        }
        return value;
    }
}
