package io.privtune.split.qa;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privtune.split.task.SquadTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A SQuAD-format file about made-up countries (capital, river, in shuffled sentence order) for tests: every
 * paragraph is asked about twice, so a context chunk serves two questions; small enough to fine-tune in seconds.
 */
public final class SyntheticSquad {
    private static final String[] NAMES = {
        "norland", "vesta", "arbor", "calden", "dunmore", "elbury", "farrow", "glenwick", "harlow", "islay",
        "jarrow", "kelso", "lanark", "morven", "nairn", "orkney", "pendle", "quarry", "rydal", "selkirk",
        "tarbet", "ullapool", "varden", "wexley", "yarrow", "zennor", "ashby", "brora", "crail", "dornoch",
        "eyemouth", "fintry", "gairloch", "hawick", "irvine", "jedburgh", "kippen", "lairg", "melrose", "newburgh"
    };

    private SyntheticSquad() {}

    /** 30 articles of 4 paragraphs, each about one country with a capital and a river, asked about both. */
    public static Path write(Path folder) throws IOException {
        Random random = new Random(7);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode articles = root.putArray("data");
        int name = 0;
        for (int a = 0; a < 30; a++) {
            ObjectNode article = articles.addObject();
            article.put("title", "article " + a);
            ArrayNode paragraphs = article.putArray("paragraphs");
            for (int p = 0; p < 4; p++) {
                String country = NAMES[random.nextInt(NAMES.length)] + "ia";
                String capital = NAMES[random.nextInt(NAMES.length)] + "ton";
                String river = NAMES[random.nextInt(NAMES.length)];
                List<String> sentences = new ArrayList<>(List.of(
                        "The capital of " + country + " is " + capital + ".",
                        "The " + river + " river flows through " + country + ".",
                        country + " is known for its mountains.",
                        "Many people visit " + country + " in summer."));
                Collections.shuffle(sentences, random);
                String context = String.join(" ", sentences);
                ObjectNode paragraph = paragraphs.addObject();
                paragraph.put("context", context);
                ArrayNode qas = paragraph.putArray("qas");
                question(qas, "q" + name++, "What is the capital of " + country + "?", capital, context);
                question(qas, "q" + name++, "Which river flows through " + country + "?", river, context);
            }
        }
        Files.createDirectories(folder);
        json.writeValue(folder.resolve(SquadTask.FILE).toFile(), root);
        return folder;
    }

    private static void question(ArrayNode qas, String id, String text, String answer, String context) {
        ObjectNode qa = qas.addObject();
        qa.put("id", id);
        qa.put("question", text);
        ObjectNode a = qa.putArray("answers").addObject();
        a.put("text", answer);
        a.put("answer_start", context.indexOf(answer + (answer.endsWith("ton") ? "." : " river")));
    }
}
