package io.privtune.split.experiment;

import io.privtune.split.data.CsvDataset;
import io.privtune.split.data.LabelledText;
import io.privtune.split.task.PrivateAttributes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where attribute inference reads: the victim's texts and the pool the attacker's labelled texts are drawn from, with
 * the attributes' class names. TrustPilot (test.csv against train.csv) when the task's own texts carry no attributes;
 * else the task's own (Blog: its evaluation posts, the uploads the task is measured on, against its training posts).
 * {@code taskTexts}: the pool is the task's own training texts, so the victim's fine-tuning samples must leave it too.
 */
record AttributeCorpus(
        String source,
        List<String> genders,
        List<String> ageGroups,
        List<PrivateAttributes.Text> victim,
        List<PrivateAttributes.Text> pool,
        boolean taskTexts) {
    /** TrustPilot's labels as its files name them. */
    static final List<String> TRUSTPILOT_GENDERS = List.of("F", "M");

    static final List<String> TRUSTPILOT_AGE_GROUPS = List.of("15-24", "25-54", "55-64", "65+");

    /** The task's own texts. */
    static AttributeCorpus of(PrivateAttributes attributes) {
        return new AttributeCorpus(
                attributes.source(),
                attributes.genders(),
                attributes.ageGroups(),
                attributes.evaluation(),
                attributes.train(),
                true);
    }

    /** TrustPilot in {@code folder}: test.csv is the victim, train.csv the attacker's pool. */
    static AttributeCorpus trustpilot(Path folder) {
        return new AttributeCorpus(
                "TrustPilot",
                TRUSTPILOT_GENDERS,
                TRUSTPILOT_AGE_GROUPS,
                trustpilotRows(folder.resolve("test.csv")),
                trustpilotRows(folder.resolve("train.csv")),
                false);
    }

    private static List<PrivateAttributes.Text> trustpilotRows(Path file) {
        CsvDataset.Labelled gender = CsvDataset.read(file, "text", "gender", TRUSTPILOT_GENDERS, 0);
        CsvDataset.Labelled age = CsvDataset.read(file, "text", "age_cat", TRUSTPILOT_AGE_GROUPS, 0);
        List<PrivateAttributes.Text> rows = new ArrayList<>(gender.rows().size());
        for (int i = 0; i < gender.rows().size(); i++) {
            LabelledText g = gender.rows().get(i);
            LabelledText a = age.rows().get(i);
            if (!g.text().equals(a.text())) {
                throw new IllegalStateException(file + ": gender and age rows disagree at row " + i);
            }
            rows.add(new PrivateAttributes.Text(g.text(), g.label(), a.label()));
        }
        return rows;
    }
}
