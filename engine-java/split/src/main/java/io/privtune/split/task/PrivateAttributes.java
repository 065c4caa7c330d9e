package io.privtune.split.task;

import java.util.List;

/**
 * The private attributes a task's own texts carry (Blog: the author's gender and age group), for attribute inference
 * on the very uploads the task trains and is evaluated on: one text with a task label and private attributes, the
 * realistic setting. {@code train} and {@code evaluation} are the task's splits' texts, in their order.
 */
public record PrivateAttributes(
        String source, List<String> genders, List<String> ageGroups, List<Text> train, List<Text> evaluation) {
    /**
     * A text with its attributes as class indices into {@link #genders} and {@link #ageGroups}, and its author: the
     * device that uploads it, whose uploads the cloud can link (Blog: the blogger). {@code null} where the corpus does
     * not say who wrote the text (TrustPilot); each such text is then a device of its own.
     */
    public record Text(String text, int gender, int age, String author) {
        public Text(String text, int gender, int age) {
            this(text, gender, age, null);
        }
    }

    public PrivateAttributes {
        train = List.copyOf(train);
        evaluation = List.copyOf(evaluation);
        for (List<Text> part : List.of(train, evaluation)) {
            for (Text t : part) {
                if (t.gender() < 0 || t.gender() >= genders.size() || t.age() < 0 || t.age() >= ageGroups.size()) {
                    throw new IllegalArgumentException(source + ": attribute out of range in '"
                            + t.text().substring(0, Math.min(40, t.text().length())) + "': gender " + t.gender()
                            + " of " + genders + ", age " + t.age() + " of " + ageGroups);
                }
            }
        }
    }
}
