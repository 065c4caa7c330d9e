package io.privtune.split.attack;

import io.privtune.core.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keyword inference (docs/DESIGN.md §4, AIA 6): multi-label prediction, from each text's mean-pooled upload, of
 * which of the attacker's most frequent content words the text contains. An MLP with sigmoid outputs,
 * trained on 80 % of the attacker's texts; the decision threshold is the one with the best F1 on the
 * other 20 % (an attacker tunes on its own data, never on the victim's).
 */
public final class KeywordAttack {
    public static final int DEFAULT_KEYWORDS = 500;
    private static final int HIDDEN = 256;
    private static final int EPOCHS = 30;
    private static final Set<String> STOP_WORDS = loadStopWords();

    private KeywordAttack() {}

    /** The distinct content words of a text: lower-case letter runs of 3+ characters that are not function words. */
    public static Set<String> contentWords(String text) {
        Set<String> words = new LinkedHashSet<>();
        for (String token : text.toLowerCase(Locale.ROOT).split("[^a-z']+")) {
            String word = token.replaceAll("^'+|'+$", "");
            if (word.length() >= 3 && !STOP_WORDS.contains(word) && !STOP_WORDS.contains(word.replace("'", ""))) {
                words.add(word);
            }
        }
        return words;
    }

    /** The {@code size} content words found in the most attacker texts (ties: alphabetical). */
    public static List<String> vocabulary(List<String> attackerTexts, int size) {
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (String text : attackerTexts) {
            contentWords(text).forEach(w -> documentFrequency.merge(w, 1, Integer::sum));
        }
        return documentFrequency.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(size)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** texts x keywords 0/1 matrix, row-major. */
    public static float[] multiHot(List<String> texts, List<String> keywords) {
        Map<String, Integer> column = new HashMap<>();
        for (int k = 0; k < keywords.size(); k++) {
            column.put(keywords.get(k), k);
        }
        float[] y = new float[texts.size() * keywords.size()];
        for (int t = 0; t < texts.size(); t++) {
            for (String w : contentWords(texts.get(t))) {
                Integer k = column.get(w);
                if (k != null) {
                    y[t * keywords.size() + k] = 1f;
                }
            }
        }
        return y;
    }

    public static KeywordResult run(
            float[] attackerPooled,
            float[] attackerTargets,
            float[] victimPooled,
            float[] victimTargets,
            int keywords,
            int dim,
            long seed) {
        int n = attackerPooled.length / dim;
        int fit = Math.max(1, (int) Math.round(n * 0.8));
        if (fit >= n) {
            throw new IllegalArgumentException(
                    "keyword-mlc: need at least 2 attacker texts (train + threshold), found " + n);
        }
        MlpClassifier.Config config = new MlpClassifier.Config(HIDDEN, EPOCHS, 64, 1e-3f, seed);
        try (MlpClassifier model = MlpClassifier.trainMultiLabel(
                Arrays.copyOf(attackerPooled, fit * dim),
                dim,
                Arrays.copyOf(attackerTargets, fit * keywords),
                keywords,
                config,
                ProgressListener.NONE)) {
            float[] heldOutScores = model.scores(Arrays.copyOfRange(attackerPooled, fit * dim, n * dim));
            float[] heldOutTargets = Arrays.copyOfRange(attackerTargets, fit * keywords, n * keywords);
            double bestThreshold = 0.5;
            double best = -1;
            for (double threshold = 0.05; threshold < 0.96; threshold += 0.05) {
                double f1 = microF1(heldOutScores, heldOutTargets, logit(threshold));
                if (f1 > best) {
                    best = f1;
                    bestThreshold = threshold;
                }
            }
            double f1 = microF1(model.scores(victimPooled), victimTargets, logit(bestThreshold));
            return new KeywordResult(
                    f1,
                    constantGuessF1(attackerTargets, victimTargets, keywords),
                    keywords,
                    victimTargets.length / keywords);
        }
    }

    /** F1 on the victim of guessing the same j most frequent keywords everywhere, j chosen on the attacker's texts. */
    static double constantGuessF1(float[] attackerTargets, float[] victimTargets, int keywords) {
        double[] frequency = new double[keywords];
        for (int i = 0; i < attackerTargets.length; i++) {
            frequency[i % keywords] += attackerTargets[i];
        }
        Integer[] byFrequency = new Integer[keywords];
        for (int k = 0; k < keywords; k++) {
            byFrequency[k] = k;
        }
        Arrays.sort(byFrequency, (a, b) -> Double.compare(frequency[b], frequency[a]));
        int bestJ = 1;
        double best = -1;
        for (int j = 1; j <= keywords; j++) {
            double f1 = microF1(
                    constantScores(byFrequency, j, attackerTargets.length / keywords, keywords), attackerTargets, 0);
            if (f1 > best) {
                best = f1;
                bestJ = j;
            }
        }
        return microF1(constantScores(byFrequency, bestJ, victimTargets.length / keywords, keywords), victimTargets, 0);
    }

    private static float[] constantScores(Integer[] byFrequency, int j, int texts, int keywords) {
        float[] scores = new float[texts * keywords];
        Arrays.fill(scores, -1f);
        for (int t = 0; t < texts; t++) {
            for (int r = 0; r < j; r++) {
                scores[t * keywords + byFrequency[r]] = 1f;
            }
        }
        return scores;
    }

    /** Micro-F1 of predicting "present" where the score exceeds {@code cut}: 2TP / (2TP + FP + FN). */
    static double microF1(float[] scores, float[] targets, double cut) {
        long tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] > cut;
            boolean present = targets[i] > 0.5f;
            tp += predicted && present ? 1 : 0;
            fp += predicted && !present ? 1 : 0;
            fn += !predicted && present ? 1 : 0;
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    private static Set<String> loadStopWords() {
        try (InputStream in = KeywordAttack.class.getResourceAsStream("stopwords-en.txt")) {
            if (in == null) {
                throw new IllegalStateException("stopwords-en.txt missing from the jar");
            }
            Set<String> words = new java.util.HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#")) {
                    words.addAll(Arrays.asList(line.trim().split("\\s+")));
                }
            }
            return words;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
