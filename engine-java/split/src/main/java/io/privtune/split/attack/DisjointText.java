package io.privtune.split.attack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Keeps the attacker's training text apart from the victim's evaluation text (docs/DESIGN.md §4): an attack that
 * had seen the victim's sentences would measure memory, not leakage. Texts are compared after lower-casing
 * and collapsing white space, so a re-spaced copy counts as the same text.
 */
public final class DisjointText {
    /** The attacker rows that survive, and how many were dropped because the victim has the same text. */
    public record Filtered<T>(List<T> rows, int dropped) {}

    private DisjointText() {}

    public static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
    }

    /** The attacker rows whose text the victim does not have. */
    public static <T> Filtered<T> excluding(
            List<T> attacker, Function<T, String> text, Collection<String> victimTexts) {
        Set<String> victim = normalised(victimTexts);
        List<T> kept = new ArrayList<>(attacker.size());
        for (T row : attacker) {
            if (!victim.contains(normalise(text.apply(row)))) {
                kept.add(row);
            }
        }
        return new Filtered<>(kept, attacker.size() - kept.size());
    }

    /** Refuses to go on when any attacker text is also a victim text, naming one and the count. */
    public static void requireDisjoint(String what, Collection<String> attackerTexts, Collection<String> victimTexts) {
        Set<String> victim = normalised(victimTexts);
        List<String> shared = attackerTexts.stream()
                .map(DisjointText::normalise)
                .filter(victim::contains)
                .distinct()
                .toList();
        if (!shared.isEmpty()) {
            throw new IllegalStateException(
                    what + ": " + shared.size() + " attacker training text(s) are also victim evaluation text, e.g. \""
                            + shared.get(0) + "\"; the attacker must not train on the victim's data");
        }
    }

    private static Set<String> normalised(Collection<String> texts) {
        Set<String> out = new HashSet<>(texts.size() * 2);
        for (String t : texts) {
            out.add(normalise(t));
        }
        return out;
    }
}
