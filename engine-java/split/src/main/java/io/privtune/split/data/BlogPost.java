package io.privtune.split.data;

/**
 * One post of the Blog Authorship Corpus with its author's labels: the topic (the blogger's industry, the
 * task) and the private attributes gender and age group that attribute inference attacks.
 */
public record BlogPost(String blogger, String text, String topic, String gender, int age) {
    /** Schler et al.'s age groups: the corpus has ages 13-17, 23-27 and 33-48 only. */
    public String ageGroup() {
        return age <= 17 ? "10s" : age <= 27 ? "20s" : "30s";
    }
}
