package io.privtune.core.internal.hop;

/** How the target point c_u is chosen from N_n(u) (docs/DESIGN.md §3.3). */
public enum TargetMode {
    /** The mean of R_v over the hop set: a fixed point per token. */
    CENTROID,
    /** A uniformly random member, drawn afresh for every occurrence. */
    MEMBER,
    /** A member drawn with probability softmax(cos(R_u, R_v) / T). */
    WEIGHTED;

    public static TargetMode parse(String text) {
        for (TargetMode m : values()) {
            if (m.name().equalsIgnoreCase(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown target mode '" + text + "'; expected centroid, member or weighted");
    }
}
