package io.privtune.core.mechanism;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The mechanisms by name (docs/DESIGN.md §3.8), each knowing what it needs besides its parameters: the
 * dictionary R and kNN graph (PrivTune's mean shift), CTI scores from labelled training text (sap-cti,
 * and PrivTune's importance scaling with {@code importance=cti}), attention weights with the batch
 * (importance scaling with {@code importance=attention}). Set-up code asks the kind, never the name.
 */
public enum MechanismKind {
    NONE("none", false, false),
    DCHI("dchi", false, false),
    SAP_CTI("sap-cti", false, false),
    GAUSSIAN("gaussian", false, false),
    PRIVTUNE("privtune", true, true),
    PRIVTUNE_NO_SHIFT("privtune-no-shift", false, true),
    PRIVTUNE_NO_IMPORTANCE("privtune-no-importance", true, false);

    private final String id;
    private final boolean shifts;
    private final boolean scalesByImportance;

    MechanismKind(String id, boolean shifts, boolean scalesByImportance) {
        this.id = id;
        this.shifts = shifts;
        this.scalesByImportance = scalesByImportance;
    }

    /** The name used on the command line, in grids and reports. */
    public String id() {
        return id;
    }

    /** The kind called {@code name}, or a refusal that lists the known ones. */
    public static MechanismKind of(String name) {
        for (MechanismKind k : values()) {
            if (k.id.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown mechanism '" + name + "'; known: " + String.join(", ", names()));
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(MechanismKind::id).toList();
    }

    /** A PrivTune variant: the grid's PrivTune parameter overrides (κ, λ, hops, targets, ...) apply to it. */
    public boolean isPrivTune() {
        return shifts || scalesByImportance;
    }

    /** Needs the dictionary R and its kNN graph (to pick targets for the mean shift). */
    public boolean needsGraph() {
        return shifts;
    }

    /**
     * Needs the dictionary R: for the mean shift's targets, or for a Mahalanobis noise shape (its covariance). The
     * graph only for the former ({@link #needsGraph}).
     */
    public boolean needsDictionary(MechanismParameters parameters) {
        return shifts || (this != NONE && parameters.mahalanobis() > 0);
    }

    /** What to use where no class labels exist (QA, causal LM): the settings for which {@link #needsCti} is false. */
    public static final String WITHOUT_CLASSES =
            "use dchi, gaussian or a privtune variant with importance=attention and consistent-share 1 (the defaults)";

    /** Needs CTI statistics from labelled training text with these parameters (scores, or class profiles for targets). */
    public boolean needsCti(MechanismParameters parameters) {
        return this == SAP_CTI
                || (scalesByImportance && parameters.importance() == MechanismParameters.ImportanceSource.CTI)
                || (shifts && parameters.consistentShare() < 1);
    }

    /** Needs attention weights in every token batch with these parameters. */
    public boolean needsAttention(MechanismParameters parameters) {
        return scalesByImportance && parameters.importance() == MechanismParameters.ImportanceSource.ATTENTION;
    }

    /** The mechanism of this kind with {@code parameters}, built from {@code context}. */
    public Mechanism create(MechanismParameters parameters, MechanismContext context) {
        return switch (this) {
            case NONE -> new NoneMechanism();
            case DCHI -> new DchiMechanism(id, parameters, Set.of(), context, context.requireKey(id));
            case SAP_CTI -> {
                if (context.cti() == null) {
                    throw new IllegalArgumentException("sap-cti needs CTI scores from labelled training data");
                }
                yield new DchiMechanism(
                        id, parameters, context.cti().topTokens(parameters.ctiTop()), context, context.requireKey(id));
            }
            case GAUSSIAN -> new GaussianMechanism(parameters, context, context.requireKey(id));
            case PRIVTUNE, PRIVTUNE_NO_SHIFT, PRIVTUNE_NO_IMPORTANCE ->
                new PrivTuneMechanism(id, parameters, context, shifts, scalesByImportance);
        };
    }
}
