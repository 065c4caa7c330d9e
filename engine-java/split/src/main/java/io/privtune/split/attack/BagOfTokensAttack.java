package io.privtune.split.attack;

import io.privtune.core.progress.ProgressListener;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Attribute inference from decoded words (docs/DESIGN.md §4, AIA 5): logistic regression on the bag of tokens
 * of each text. The victim's bags are what the knn attack decodes from the upload; the attacker trains on
 * the bags of its own texts, either their true tokens ({@code naive}) or what knn decodes from the same
 * mechanism's output ({@code adaptive}). Features: presence of each token that occurs in at least two of
 * the attacker's texts (rarer tokens cannot generalise, and they would multiply the weights).
 */
public final class BagOfTokensAttack {
    private static final int EPOCHS = 30;
    private static final int MIN_TEXTS = 2;

    private BagOfTokensAttack() {}

    /** @param attackerBags token ids per attacker text; {@code victimBags} the decoded ids per victim text */
    public static AttributeScores run(
            int[][] attackerBags, int[] attackerLabels, int[][] victimBags, int classes, long seed) {
        Map<Integer, Integer> textsWith = new HashMap<>();
        for (int[] bag : attackerBags) {
            for (int id : distinct(bag)) {
                textsWith.merge(id, 1, Integer::sum);
            }
        }
        Map<Integer, Integer> feature = new HashMap<>();
        textsWith.entrySet().stream()
                .filter(e -> e.getValue() >= MIN_TEXTS)
                .map(Map.Entry::getKey)
                .sorted()
                .forEach(id -> feature.put(id, feature.size()));
        if (feature.isEmpty()) {
            throw new IllegalArgumentException(
                    "attribute-bow: no token occurs in two of the attacker's texts; too little text");
        }
        MlpClassifier.Config config = new MlpClassifier.Config(0, EPOCHS, 64, 1e-2f, seed);
        try (MlpClassifier model = MlpClassifier.trainSingleLabel(
                presence(attackerBags, feature),
                feature.size(),
                attackerLabels,
                classes,
                config,
                ProgressListener.NONE)) {
            return new AttributeScores(model.scores(presence(victimBags, feature)), classes, attackerLabels);
        }
    }

    private static float[] presence(int[][] bags, Map<Integer, Integer> feature) {
        float[] x = new float[bags.length * feature.size()];
        for (int t = 0; t < bags.length; t++) {
            for (int id : bags[t]) {
                Integer f = feature.get(id);
                if (f != null) {
                    x[t * feature.size() + f] = 1f;
                }
            }
        }
        return x;
    }

    private static Set<Integer> distinct(int[] bag) {
        Set<Integer> out = new HashSet<>();
        for (int id : bag) {
            out.add(id);
        }
        return out;
    }
}
