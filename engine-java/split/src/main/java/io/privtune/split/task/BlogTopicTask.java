package io.privtune.split.task;

import io.privtune.split.data.BlogAuthorship;
import io.privtune.split.data.BlogPost;
import io.privtune.split.data.BloggerSplit;
import io.privtune.split.data.LabelledText;
import io.privtune.split.data.StratifiedSplit;
import java.nio.file.Path;
import java.util.List;

/**
 * Blog Authorship topic: a post's label is its author's industry, over the {@value #TOPICS} topics with the
 * most bloggers ({@link BlogAuthorship.Corpus#topTopics}: indUnk and Student left out). Five keeps 35-69
 * bloggers per class, so a by-blogger split still leaves several authors of each topic on both sides.
 * The split is by blogger over the whole corpus (20 % of the bloggers held out), the same partition an
 * attribute attack on these posts would use; posts of other topics are then dropped. Authors write
 * unequally much, so a topic's share of the held-out posts depends on which few bloggers fall there
 * (10-26 % here): unbalanced, macro-F1 decides.
 */
record BlogTopicTask() implements ClassificationTask {
    static final int TOPICS = 5;
    /** Posts are long; the loader does not read the corpus twice to learn the class names. */
    private static final List<String> CLASS_NAMES =
            List.of("Technology", "Arts", "Education", "Internet", "Communications-Media");

    @Override
    public String name() {
        return "blog-topic";
    }

    @Override
    public List<String> classNames() {
        return CLASS_NAMES;
    }

    @Override
    public String folder() {
        return "blog_authorship";
    }

    @Override
    public String evaluationSplit() {
        return "the posts of 20 % of the bloggers (seed " + SPLIT_SEED + ")";
    }

    @Override
    public boolean carriesPrivateAttributes() {
        return true;
    }

    @Override
    public UtilityMetric primaryMetric() {
        return UtilityMetric.MACRO_F1;
    }

    @Override
    public TaskSplits load(Path data) {
        BlogAuthorship.Corpus corpus = BlogAuthorship.read(data.resolve("blogs"));
        List<String> top = corpus.topTopics(TOPICS);
        if (!top.equals(CLASS_NAMES)) {
            // another subset of the corpus ranks topics differently: the head's classes would not mean the same
            throw new IllegalArgumentException(data.resolve("blogs") + ": expected the " + TOPICS
                    + " topics with the most bloggers to be " + CLASS_NAMES + ", found " + top);
        }
        StratifiedSplit.Parts<BlogPost> parts = BloggerSplit.of(corpus.posts(), EVALUATION_FRACTION, SPLIT_SEED);
        List<BlogPost> train = ofTopics(parts.train());
        List<BlogPost> evaluation = ofTopics(parts.test());
        return new TaskSplits(
                labelled(train),
                labelled(evaluation),
                new PrivateAttributes(
                        "Blog Authorship (the authors of the task's posts)",
                        GENDERS,
                        AGE_GROUPS,
                        attributed(train),
                        attributed(evaluation)));
    }

    /** The author's gender as the corpus names it, and Schler et al.'s age groups ({@link BlogPost#ageGroup}). */
    static final List<String> GENDERS = List.of("female", "male");

    static final List<String> AGE_GROUPS = List.of("10s", "20s", "30s");

    private static List<BlogPost> ofTopics(List<BlogPost> posts) {
        return posts.stream().filter(p -> CLASS_NAMES.contains(p.topic())).toList();
    }

    private static List<LabelledText> labelled(List<BlogPost> posts) {
        return posts.stream()
                .map(p -> new LabelledText(p.text(), CLASS_NAMES.indexOf(p.topic())))
                .toList();
    }

    private static List<PrivateAttributes.Text> attributed(List<BlogPost> posts) {
        return posts.stream()
                .map(p -> new PrivateAttributes.Text(
                        p.text(), GENDERS.indexOf(p.gender()), AGE_GROUPS.indexOf(p.ageGroup()), p.blogger()))
                .toList();
    }
}
