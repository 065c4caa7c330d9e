package io.privtune.split.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * A seeded stratified split for corpora without an official one: each class is shuffled on its own and
 * cut at the same fraction, so both parts keep the class balance. The same seed gives the same split.
 */
public final class StratifiedSplit {
    /** The two parts, each in the corpus's order. */
    public record Parts<T>(List<T> train, List<T> test) {}

    private StratifiedSplit() {}

    public static Parts<LabelledText> of(List<LabelledText> rows, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), found " + testFraction);
        }
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            byClass.computeIfAbsent(rows.get(i).label(), c -> new ArrayList<>()).add(i);
        }
        boolean[] test = new boolean[rows.size()];
        Random random = new Random(seed);
        for (List<Integer> members : byClass.values()) {
            Collections.shuffle(members, random);
            long cut = Math.round(members.size() * testFraction);
            for (int j = 0; j < cut; j++) {
                test[members.get(j)] = true;
            }
        }
        List<LabelledText> trainPart = new ArrayList<>();
        List<LabelledText> testPart = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            (test[i] ? testPart : trainPart).add(rows.get(i));
        }
        return new Parts<>(trainPart, testPart);
    }
}
