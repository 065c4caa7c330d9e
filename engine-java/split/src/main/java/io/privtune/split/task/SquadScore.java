package io.privtune.split.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SQuAD v1.1's official exact match and F1 (evaluate-v1.1.py): both compare normalised answers — lower
 * case, ASCII punctuation removed, the articles a/an/the removed, white space collapsed — and take the
 * best over the gold answers. F1 is over the normalised tokens' multiset.
 */
public final class SquadScore {
    /** Python's string.punctuation, which the official script removes character by character. */
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /** Python 3's re is Unicode-aware: "é" is a word character, so "éthe" keeps its "the". */
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);

    private SquadScore() {}

    public static String normalise(String answer) {
        StringBuilder kept = new StringBuilder(answer.length());
        for (char c : answer.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (PUNCTUATION.indexOf(c) < 0) {
                kept.append(c);
            }
        }
        String noArticles = ARTICLES.matcher(kept).replaceAll(" ");
        return String.join(" ", tokens(noArticles));
    }

    /** 1 when the normalised prediction equals a normalised gold answer, else 0. */
    public static double exactMatch(String prediction, List<String> gold) {
        String p = normalise(prediction);
        return gold.stream().anyMatch(g -> normalise(g).equals(p)) ? 1 : 0;
    }

    /** The best token F1 of the prediction against any gold answer. */
    public static double f1(String prediction, List<String> gold) {
        return gold.stream().mapToDouble(g -> f1(prediction, g)).max().orElse(0);
    }

    static double f1(String prediction, String gold) {
        List<String> p = tokens(normalise(prediction));
        List<String> g = tokens(normalise(gold));
        Map<String, Integer> counts = new HashMap<>();
        g.forEach(t -> counts.merge(t, 1, Integer::sum));
        int common = 0;
        for (String t : p) {
            Integer left = counts.get(t);
            if (left != null && left > 0) {
                common++;
                counts.put(t, left - 1);
            }
        }
        if (common == 0) {
            return 0;
        }
        double precision = (double) common / p.size();
        double recall = (double) common / g.size();
        return 2 * precision * recall / (precision + recall);
    }

    /** Python's str.split(): runs of white space (as str.isspace() sees it, no-break spaces included) separate. */
    private static List<String> tokens(CharSequence text) {
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean space = i == text.length() || isPythonSpace(text.charAt(i));
            if (space && start >= 0) {
                tokens.add(text.subSequence(start, i).toString());
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return tokens;
    }

    private static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }
}
