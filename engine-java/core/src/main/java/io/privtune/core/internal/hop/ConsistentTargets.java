package io.privtune.core.internal.hop;

import io.privtune.core.importance.CtiScores;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Prediction-consistent targets (docs/DESIGN.md §3.3, the PrivTune paper's utility constraint): of a token's n-hop
 * set, only the share ρ whose class profiles are nearest its own (total variation of P(c | t), {@link
 * CtiScores#profileDistance}), at least one member. The mean shift then moves a token toward neighbours the training
 * labels cannot tell apart from it, so the cloud's model reads the same evidence for the label from the shifted
 * upload. The profiles come from the training labels; the set is a deterministic function of them, so an attacker
 * who knows the mechanism and the labels' statistics can compute it too (the adaptive attacks use the victim's own).
 */
public final class ConsistentTargets implements TargetCandidates {
    private final HopSets hops;
    private final CtiScores profiles;
    private final double share;
    private final AtomicReferenceArray<int[]> kept;

    public ConsistentTargets(HopSets hops, CtiScores profiles, double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("the consistent share of the hop set must be in (0, 1], found " + share);
        }
        if (profiles.vocabulary() != hops.graph().vertices()) {
            throw new IllegalArgumentException("class profiles cover " + profiles.vocabulary()
                    + " tokens but the kNN graph has " + hops.graph().vertices() + " vertices");
        }
        this.hops = hops;
        this.profiles = profiles;
        this.share = share;
        this.kept = new AtomicReferenceArray<>(hops.graph().vertices());
    }

    @Override
    public int vertices() {
        return hops.vertices();
    }

    @Override
    public int[] members(int token) {
        int[] set = kept.get(token);
        if (set == null) {
            set = nearest(token, hops.members(token));
            kept.compareAndSet(token, null, set);
        }
        return set;
    }

    /** The ⌈ρ·|S|⌉ members nearest {@code token} in class profile, ties by id; sorted by id. */
    private int[] nearest(int token, int[] members) {
        int keep = Math.max(1, (int) Math.ceil(share * members.length));
        if (keep >= members.length) {
            return members;
        }
        Integer[] order = Arrays.stream(members).boxed().toArray(Integer[]::new);
        Arrays.sort(
                order,
                Comparator.<Integer>comparingDouble(v -> profiles.profileDistance(token, v))
                        .thenComparingInt(v -> v));
        int[] out = new int[keep];
        for (int i = 0; i < keep; i++) {
            out[i] = order[i];
        }
        Arrays.sort(out);
        return out;
    }
}
