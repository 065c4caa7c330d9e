package io.privtune.core.mechanism;

import io.privtune.core.importance.ImportanceScaling;
import io.privtune.core.internal.hop.TargetMode;
import io.privtune.core.internal.opt.ConstrainedParameters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every mechanism parameter, validated when built. All of them are public: the cloud is assumed to know
 * them. The randomness is keyed by a secret {@link io.privtune.core.random.NoiseKey}, which is not a parameter.
 * The defaults (η = 30, κ = 1, λ = 0, member targets, attention importance) are the measured frontier point nearest
 * the privacy goal against the strongest attacker (experiments/2026-12-03-frontier-three-seeds: knn 0 %, adaptive
 * inversion 31 %, at a 22-point accuracy cost at that budget); η = 100 was below the frontier there. They need no
 * labels, so they serve every task. Where training labels exist, η = 22 with {@code consistent-share} 0.25 is the
 * measured point nearest the goal (experiments/2026-12-04-consistent-targets: strongest attacker under 30 %, at 2 points
 * more accuracy than these defaults at 4 000 sentences; on all 67 k, one seed, the defaults were as accurate:
 * experiments/2026-12-04-sst2-full-budget).
 *
 * @param eta         dχ privacy parameter η > 0 (noise density ∝ exp(−η‖z‖), E‖z‖ = d/η)
 * @param sigma       standard deviation of the `gaussian` baseline, > 0
 * @param hops        n ≥ 2: targets come from the n-hop indirect neighbours
 * @param lambda      λ ≥ 0 of OPT-3/OPT-2
 * @param kappa       κ > 0: ‖δ‖ ≤ κ‖h‖
 * @param target      centroid, member or weighted
 * @param temperature T > 0 of weighted targets
 * @param solver      opt3 (closed form) or opt2 (constrained, iterative)
 * @param beta        β ≥ 0, OPT-2 penalty weight
 * @param mu          μ ≥ 0, OPT-2 margin
 * @param steps       OPT-2 projected-gradient steps
 * @param sMin        s_min ∈ (0, 1] of the importance scaling
 * @param importance  attention (weights given with the batch) or cti (from training labels)
 * @param ctiTop      sap-cti: the top tokens per class left unperturbed
 * @param mahalanobis λ_M ∈ [0, 1] of the dχ noise's shape: 0 isotropic (Euclidean metric), above 0 the
 *                    regularised Mahalanobis metric of the dictionary's covariance (Xu et al. 2020; {@code NoiseShape})
 * @param consistentShare ρ ∈ (0, 1] of prediction-consistent targets: targets come from the share ρ of the n-hop set
 *                    whose class profiles (from the training labels) are nearest the token's; 1 uses the whole set
 */
public record MechanismParameters(
        double eta,
        double sigma,
        int hops,
        float lambda,
        float kappa,
        TargetMode target,
        double temperature,
        Solver solver,
        float beta,
        float mu,
        int steps,
        double sMin,
        ImportanceSource importance,
        int ctiTop,
        double mahalanobis,
        double consistentShare) {

    public enum Solver {
        OPT3,
        OPT2
    }

    public enum ImportanceSource {
        ATTENTION,
        CTI
    }

    public MechanismParameters {
        positive("eta", eta);
        positive("sigma", sigma);
        if (hops < 2) {
            throw new IllegalArgumentException("hops (n) must be >= 2 (indirect neighbours), found " + hops);
        }
        positive("temperature", temperature);
        ImportanceScaling.checkMinimumScale(sMin);
        if (ctiTop < 0) {
            throw new IllegalArgumentException("cti-top must be >= 0, found " + ctiTop);
        }
        if (!(mahalanobis >= 0 && mahalanobis <= 1)) {
            throw new IllegalArgumentException(
                    "mahalanobis (the noise shape's lambda_M) must be in [0, 1], found " + mahalanobis);
        }
        if (!(consistentShare > 0 && consistentShare <= 1)) {
            throw new IllegalArgumentException(
                    "consistent-share (the share of the hop set kept as targets) must be in (0, 1], found "
                            + consistentShare);
        }
        if (target == null || solver == null || importance == null) {
            throw new IllegalArgumentException("target, solver and importance must be set");
        }
        new ConstrainedParameters(lambda, kappa, beta, mu, steps); // validates λ, κ, β, μ, steps
    }

    public static MechanismParameters defaults() {
        return new MechanismParameters(
                30,
                0.2,
                2,
                0f,
                1f,
                TargetMode.MEMBER,
                0.1,
                Solver.OPT3,
                1f,
                1f,
                20,
                0.3,
                ImportanceSource.ATTENTION,
                100,
                0,
                1);
    }

    public ConstrainedParameters constrained() {
        return new ConstrainedParameters(lambda, kappa, beta, mu, steps);
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, found " + value);
        }
    }

    /** These parameters with the named ones replaced, from text (CLI flags, grid cells). Unknown names are refused. */
    public MechanismParameters with(Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(asMap());
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (e.getKey().equals("seed")) {
                throw new IllegalArgumentException(
                        "seed is not a mechanism parameter: the noise is keyed by a secret noise key kept on the "
                                + "device; for a reproducible research run (noise anyone can regenerate) use --noise-seed");
            }
            if (!all.containsKey(e.getKey())) {
                throw new IllegalArgumentException(
                        "unknown mechanism parameter '" + e.getKey() + "'; known: " + new TreeSet<>(all.keySet()));
            }
            all.put(e.getKey(), e.getValue());
        }
        return new MechanismParameters(
                number(all, "eta"),
                number(all, "sigma"),
                integer(all, "hops"),
                (float) number(all, "lambda"),
                (float) number(all, "kappa"),
                TargetMode.parse(all.get("target")),
                number(all, "temperature"),
                choice(Solver.class, all, "solver"),
                (float) number(all, "beta"),
                (float) number(all, "mu"),
                integer(all, "steps"),
                number(all, "s-min"),
                choice(ImportanceSource.class, all, "importance"),
                integer(all, "cti-top"),
                number(all, "mahalanobis"),
                number(all, "consistent-share"));
    }

    /** The parameters as text, by their CLI names; round-trips through {@link #with}. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("eta", Double.toString(eta));
        m.put("sigma", Double.toString(sigma));
        m.put("hops", Integer.toString(hops));
        m.put("lambda", Float.toString(lambda));
        m.put("kappa", Float.toString(kappa));
        m.put("target", target.name().toLowerCase());
        m.put("temperature", Double.toString(temperature));
        m.put("solver", solver.name().toLowerCase());
        m.put("beta", Float.toString(beta));
        m.put("mu", Float.toString(mu));
        m.put("steps", Integer.toString(steps));
        m.put("s-min", Double.toString(sMin));
        m.put("importance", importance.name().toLowerCase());
        m.put("cti-top", Integer.toString(ctiTop));
        m.put("mahalanobis", Double.toString(mahalanobis));
        m.put("consistent-share", Double.toString(consistentShare));
        return m;
    }

    /**
     * The parameters as a mechanism's identity names them, the input of every text's stream nonce: a parameter added
     * after uploads existed appears only when set away from the value those uploads implied ({@code mahalanobis}
     * 0, {@code consistent-share} 1), so the same text under the same key keeps its noise across versions; two releases of one text would let the
     * cloud average their noise.
     */
    public java.util.SortedMap<String, String> identityMap() {
        java.util.SortedMap<String, String> m = new java.util.TreeMap<>(asMap());
        if (mahalanobis == 0) {
            m.remove("mahalanobis");
        }
        if (consistentShare == 1) {
            m.remove("consistent-share");
        }
        return m;
    }

    private static double number(Map<String, String> m, String key) {
        return parse(m, key, Double::parseDouble, "a number");
    }

    private static int integer(Map<String, String> m, String key) {
        return parse(m, key, Integer::parseInt, "an integer");
    }

    private static <T> T parse(
            Map<String, String> m, String key, java.util.function.Function<String, T> parser, String kind) {
        try {
            return parser.apply(m.get(key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "mechanism parameter " + key + " must be " + kind + ", found '" + m.get(key) + "'");
        }
    }

    private static <E extends Enum<E>> E choice(Class<E> type, Map<String, String> m, String key) {
        String text = m.get(key).trim();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("mechanism parameter " + key + " must be one of "
                + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase() + ", found '" + text + "'");
    }
}
