package io.privtune.split.attack;

/**
 * Token recovery of an embedding-inversion attack: top-1 (the ASR) and top-5 rates over {@code attacked}
 * non-special tokens, and which tokens were hit (in the attacked tokens' order; null when not kept), for the
 * bootstrap intervals of the experiment report.
 */
public record AttackRates(int attacked, double top1, double top5, boolean[] top1Hits, boolean[] top5Hits) {
    public AttackRates(int attacked, double top1, double top5) {
        this(attacked, top1, top5, null, null);
    }
}
