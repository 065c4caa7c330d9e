package io.privtune.split.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.split.data.LabelledText;
import io.privtune.split.demo.Sst2TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every task read from its real corpus beside the project; a missing corpus fails (set -Dprivtune.<folder>=DIR). */
class ClassificationTaskTest {
    private static Path data(ClassificationTask task, String probe) {
        return Sst2TestData.require("privtune." + task.folder(), task.folder(), probe, task.name() + "'s corpus");
    }

    /** Loads the task, checks every label and both parts' sizes, and returns the evaluation part's class counts. */
    private static Map<Integer, Integer> load(ClassificationTask task, String probe, int train, int evaluation) {
        TaskSplits splits = task.load(data(task, probe));
        task.requireLabels(splits.train(), "training");
        task.requireLabels(splits.evaluation(), "evaluation");
        assertEquals(train, splits.train().size(), task.name() + " training examples");
        assertEquals(evaluation, splits.evaluation().size(), task.name() + " evaluation examples");
        assertTrue(splits.evaluation().stream().noneMatch(r -> r.text().isBlank()));
        Map<Integer, Integer> counts = new TreeMap<>();
        splits.evaluation().forEach(r -> counts.merge(r.label(), 1, Integer::sum));
        assertEquals(task.classes(), counts.size(), task.name() + ": every class in the evaluation part " + counts);
        return counts;
    }

    @Test
    void sst2IsGlueTrainAndDev() {
        ClassificationTask t = ClassificationTask.of("sst2");
        assertEquals(2, t.classes());
        assertEquals(UtilityMetric.ACCURACY, t.primaryMetric());
        assertEquals(Path.of("../shared/data/sst2"), t.defaultData());
        assertEquals(Map.of(0, 428, 1, 444), load(t, "dev.tsv", 67_349, 872));
    }

    @Test
    void financialPhraseBankIsAStratified80To20SplitOf50Agree() {
        ClassificationTask t = ClassificationTask.of("fpb");
        assertEquals(List.of("negative", "neutral", "positive"), t.classNames());
        assertEquals(UtilityMetric.MACRO_F1, t.primaryMetric());
        // SOURCE.txt: 604 / 2 879 / 1 363; a fifth of each class held out, rounded
        assertEquals(Map.of(0, 121, 1, 576, 2, 273), load(t, "Sentences_50Agree.txt", 4846 - 970, 970));
        TaskSplits again = t.load(data(t, "Sentences_50Agree.txt"));
        assertEquals(t.load(data(t, "Sentences_50Agree.txt")).evaluation(), again.evaluation(), "a fixed split");
    }

    @Test
    void agNewsIsAStratifiedSplitOfItsTestFile() {
        ClassificationTask t = ClassificationTask.of("ag-news");
        assertEquals(4, t.classes());
        assertEquals(Map.of(0, 380, 1, 380, 2, 380, 3, 380), load(t, "test.csv", 6080, 1520));
    }

    @Test
    void blogTopicIsTheFiveLargestTopicsSplitByBlogger() {
        ClassificationTask t = ClassificationTask.of("blog-topic");
        assertEquals(List.of("Technology", "Arts", "Education", "Internet", "Communications-Media"), t.classNames());
        assertEquals(UtilityMetric.MACRO_F1, t.primaryMetric());
        TaskSplits splits = t.load(data(t, "SOURCE.txt"));
        int all = splits.train().size() + splits.evaluation().size();
        // 6 105 <post> elements in these topics' files, a few of them empty or unclosed
        assertTrue(all > 5_800 && all <= 6_105, "posts: " + all);
        double held = (double) splits.evaluation().size() / all;
        assertTrue(held > 0.08 && held < 0.4, "a fifth of the bloggers holds " + held + " of the posts");
        t.requireLabels(splits.train(), "training");
        t.requireLabels(splits.evaluation(), "evaluation");
        long classesHeldOut = splits.evaluation().stream()
                .mapToInt(LabelledText::label)
                .distinct()
                .count();
        assertEquals(5, classesHeldOut, "every topic has bloggers on the evaluation side");

        // the authors' private attributes, aligned text by text with both splits
        PrivateAttributes attributes = splits.attributes();
        assertTrue(t.carriesPrivateAttributes());
        assertEquals(List.of("female", "male"), attributes.genders());
        assertEquals(List.of("10s", "20s", "30s"), attributes.ageGroups());
        for (int i = 0; i < splits.evaluation().size(); i++) {
            assertEquals(
                    splits.evaluation().get(i).text(),
                    attributes.evaluation().get(i).text());
        }
        assertEquals(splits.train().size(), attributes.train().size());
        for (int gender = 0; gender < 2; gender++) {
            final int g = gender;
            assertTrue(attributes.evaluation().stream().anyMatch(a -> a.gender() == g), "gender " + g + " held out");
        }
        assertTrue(ClassificationTask.of("sst2")
                        .load(data(ClassificationTask.of("sst2"), "dev.tsv"))
                        .attributes()
                == null);
    }

    @Test
    void anUnknownTaskIsOneLineListingTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ClassificationTask.of("squad-v3"));
        assertEquals("unknown task 'squad-v3'; known tasks: sst2, fpb, blog-topic, ag-news", e.getMessage());
        assertEquals(List.of("sst2", "fpb", "blog-topic", "ag-news"), ClassificationTask.names());
    }

    @Test
    void aLabelOutsideTheClassCountIsRefusedByName() {
        ClassificationTask t = ClassificationTask.of("fpb");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> t.requireLabels(List.of(new LabelledText("fine", 2), new LabelledText("odd", 3)), "training"));
        assertEquals(
                "task fpb, training example 1: label 3 is outside 0..2 (3 classes: negative, neutral, positive)",
                e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> t.requireLabels(List.of(new LabelledText("negative", -1)), "evaluation"));
    }
}
