package io.privtune.core.internal.hop;

/** The tokens a token's target may be drawn from: its n-hop set ({@link HopSets}) or a part of it. */
public interface TargetCandidates {
    /** The vocabulary size the candidates are defined over. */
    int vertices();

    /** Token {@code token}'s candidates, sorted by id, never empty. */
    int[] members(int token);
}
