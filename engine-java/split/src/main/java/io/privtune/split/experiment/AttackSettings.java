package io.privtune.split.experiment;

import io.privtune.split.attack.ContextualInversionAttack;

/**
 * The attacker's budget, the same for every cell so that cells compare.
 *
 * @param auxiliarySentences    the task's training texts the attacker owns (never the victim's), for the inversion models;
 *                              0 = every training sentence outside the victim's sample
 * @param inversionEpochs       the inversion MLP's epoch cap (it stops earlier when its held-out accuracy stops improving)
 * @param optimisationSentences victim dev sentences the optimisation attack inverts (it is the slowest attack)
 * @param optimisationSteps     Adam steps on the relaxed tokens
 * @param optimisationRate      Adam's learning rate on the logits z
 * @param attributeTexts        TrustPilot texts the attacker trains the attribute and keyword attacks on
 * @param keywords              keyword-mlc's label set: the attacker's most frequent content words
 * @param maxLength             token limit per TrustPilot text
 * @param patience              epochs without held-out improvement after which a token-inversion model stops
 * @param heldOut               share of the attacker's sentences held out to decide when to stop (0: run every epoch)
 * @param contextualEpochs      the contextual inversion model's epoch cap
 * @param contextualHidden      its LSTM state size per direction, or the transformer's width
 * @param contextualSentences   how many of the attacker's sentences it trains on (0 = all of them): its cost bound
 * @param freshAdaptiveNoise    the adaptive inversion MLP and contextual model train on a fresh release of the mechanism
 *                              on their text every epoch (the attacker knows the mechanism, so it can draw as many as it
 *                              likes) instead of one release; the default ({@link #FRESH_ADAPTIVE_NOISE}), as the
 *                              stronger attacker (experiments/2026-12-05-fresh-noise-attacker)
 * @param naiveEpochs           the naive inversion MLP's and contextual model's epoch cap, never above the adaptive
 *                              models' own caps; 0 = those caps. The naive models read the clean text: a study of
 *                              adaptive attackers can cut them short (their rates are then likely underestimates)
 *                              where they would cost as much as the models it studies
 * @param contextualModel       the contextual model's architecture, naive and adaptive: a BiLSTM (the default) or a
 *                              small transformer encoder
 */
public record AttackSettings(
        int auxiliarySentences,
        int inversionEpochs,
        int optimisationSentences,
        int optimisationSteps,
        float optimisationRate,
        int attributeTexts,
        int keywords,
        int maxLength,
        int patience,
        double heldOut,
        int contextualEpochs,
        int contextualHidden,
        int contextualSentences,
        boolean freshAdaptiveNoise,
        int naiveEpochs,
        ContextualInversionAttack.Architecture contextualModel) {
    public AttackSettings {
        if (auxiliarySentences != 0 && auxiliarySentences < 10
                || inversionEpochs < 1
                || optimisationSentences < 1
                || optimisationSteps < 1
                || !(optimisationRate > 0)
                || attributeTexts < 10
                || keywords < 1
                || maxLength < 3) {
            throw new IllegalArgumentException(
                    "attack budget: need >= 10 auxiliary sentences (or 0 = all) and attribute texts, >= 1 epoch, sentence, step "
                            + "and keyword, a learning rate > 0 and max length >= 3; found " + auxiliarySentences + ", "
                            + attributeTexts + ", "
                            + inversionEpochs + ", " + optimisationSentences + ", " + optimisationSteps + ", "
                            + keywords + ", " + optimisationRate
                            + ", " + maxLength);
        }
        if (patience < 1
                || !(heldOut >= 0 && heldOut <= 0.5)
                || contextualEpochs < 1
                || contextualHidden < 1
                || contextualSentences != 0 && contextualSentences < 10) {
            throw new IllegalArgumentException("attack budget: need patience >= 1, a held-out share in [0, 0.5], "
                    + "contextual epochs and hidden size >= 1 and contextual sentences >= 10 (or 0 = all); found "
                    + patience + ", " + heldOut + ", " + contextualEpochs + ", " + contextualHidden + ", "
                    + contextualSentences);
        }
        if (naiveEpochs < 0) {
            throw new IllegalArgumentException(
                    "attack budget: need naive epochs >= 1, or 0 = the adaptive models' caps; found " + naiveEpochs);
        }
        if (contextualModel == null) {
            throw new IllegalArgumentException("attack budget: need a contextual model, bilstm or transformer");
        }
        ContextualInversionAttack.Config.of(contextualModel, contextualHidden); // checks the transformer's width
    }

    /** The budget with a BiLSTM as its contextual model. */
    public AttackSettings(
            int auxiliarySentences,
            int inversionEpochs,
            int optimisationSentences,
            int optimisationSteps,
            float optimisationRate,
            int attributeTexts,
            int keywords,
            int maxLength,
            int patience,
            double heldOut,
            int contextualEpochs,
            int contextualHidden,
            int contextualSentences,
            boolean freshAdaptiveNoise,
            int naiveEpochs) {
        this(
                auxiliarySentences,
                inversionEpochs,
                optimisationSentences,
                optimisationSteps,
                optimisationRate,
                attributeTexts,
                keywords,
                maxLength,
                patience,
                heldOut,
                contextualEpochs,
                contextualHidden,
                contextualSentences,
                freshAdaptiveNoise,
                naiveEpochs,
                ContextualInversionAttack.Architecture.BILSTM);
    }

    /**
     * The budget without the contextual model's, early stopping's, fresh noise's and the naive cap's settings: those take
     * their defaults.
     */
    public AttackSettings(
            int auxiliarySentences,
            int inversionEpochs,
            int optimisationSentences,
            int optimisationSteps,
            float optimisationRate,
            int attributeTexts,
            int keywords,
            int maxLength) {
        this(
                auxiliarySentences,
                inversionEpochs,
                optimisationSentences,
                optimisationSteps,
                optimisationRate,
                attributeTexts,
                keywords,
                maxLength,
                PATIENCE,
                HELD_OUT,
                CONTEXTUAL_EPOCHS,
                CONTEXTUAL_HIDDEN,
                CONTEXTUAL_SENTENCES,
                FRESH_ADAPTIVE_NOISE,
                0);
    }

    // The default budget, as constants so that the command line can show them as its defaults.
    public static final int AUXILIARY_SENTENCES = 3000;
    public static final int INVERSION_EPOCHS = 20;
    public static final int OPTIMISATION_SENTENCES = 12;
    public static final int OPTIMISATION_STEPS = 40;
    public static final float OPTIMISATION_RATE = 0.3f;
    public static final int ATTRIBUTE_TEXTS = 2000;
    public static final int KEYWORDS = 500;
    public static final int MAX_LENGTH = 64;
    public static final int PATIENCE = io.privtune.split.attack.TrainingBudget.PATIENCE;
    public static final double HELD_OUT = io.privtune.split.attack.TrainingBudget.HELD_OUT;
    public static final int CONTEXTUAL_EPOCHS = 10;
    public static final int CONTEXTUAL_HIDDEN = 256;
    public static final int CONTEXTUAL_SENTENCES = 3000;
    /**
     * Fresh noise every epoch: the inversion MLP on 20 000 sentences read 29.3 % of the victim's tokens with it against
     * 23.4 % with one release (bge-small-en-v1.5 m = 10, privtune eta = 15, seed 0).
     */
    public static final boolean FRESH_ADAPTIVE_NOISE = true;

    public static AttackSettings defaults() {
        return new AttackSettings(
                AUXILIARY_SENTENCES,
                INVERSION_EPOCHS,
                OPTIMISATION_SENTENCES,
                OPTIMISATION_STEPS,
                OPTIMISATION_RATE,
                ATTRIBUTE_TEXTS,
                KEYWORDS,
                MAX_LENGTH);
    }

    /**
     * What stored cells must agree on: every field, the fresh-noise one only when set, so that folders made before it
     * existed keep their identity and are resumed, while one-release and fresh-noise cells never mix. Fresh noise is
     * named by the models it reaches: it reached only the MLP before it reached the BiLSTM too, and folders of that
     * time are not resumed. The naive models' own cap likewise appears only when set, and the contextual model only when
     * it is not the BiLSTM, the only one before 2026-12-06.
     */
    String identity() {
        String all = toString()
                .replace(", contextualModel=" + contextualModel + "]", "]")
                .replace(", naiveEpochs=" + naiveEpochs + "]", "]");
        all = freshAdaptiveNoise
                ? all.replace(", freshAdaptiveNoise=true]", FRESH_IDENTITY + "]")
                : all.replace(", freshAdaptiveNoise=false]", "]");
        all = naiveCut() ? all.substring(0, all.length() - 1) + ", naiveEpochs=" + naiveEpochs + "]" : all;
        return contextualModel == ContextualInversionAttack.Architecture.BILSTM
                ? all
                : all.substring(0, all.length() - 1) + ", contextualModel=" + contextualModel.label() + "]";
    }

    /** How fresh noise reads in an identity; one release reads as nothing. */
    private static final String FRESH_IDENTITY = ", freshAdaptiveNoise=inversion+contextual";

    /**
     * A folder from before fresh noise was the attackers' default differs from {@code now} only in that: the words that
     * say how to resume it, since a one-line identity diff is hard to read; else "". Both are identities, or text that
     * holds them (an experiment's identity holds this record's).
     */
    static String oneReleaseHint(String now, String stored) {
        return now.contains(FRESH_IDENTITY) && now.replace(FRESH_IDENTITY, "").equals(stored)
                ? ", or resume it with --no-adaptive-fresh-noise (grid: attacks.adaptive-fresh-noise: false): its "
                        + "adaptive attackers trained on one noise release, the default until 2026-12-05"
                : "";
    }

    /** Whether {@link #naiveEpochs} trains either naive model for fewer epochs than its adaptive counterpart. */
    public boolean naiveCut() {
        return naiveEpochs != 0 && naiveEpochs < Math.max(inversionEpochs, contextualEpochs);
    }

    /** The inversion MLP's budget. */
    public io.privtune.split.attack.TrainingBudget inversionBudget() {
        return new io.privtune.split.attack.TrainingBudget(inversionEpochs, patience, heldOut);
    }

    /** The naive inversion MLP's budget: {@link #inversionBudget} with {@link #naiveEpochs} as its cap where lower. */
    public io.privtune.split.attack.TrainingBudget naiveInversionBudget() {
        return naiveEpochs == 0 || naiveEpochs >= inversionEpochs
                ? inversionBudget()
                : new io.privtune.split.attack.TrainingBudget(naiveEpochs, patience, heldOut);
    }

    /** The naive contextual model's budget: {@link #contextualBudget} with {@link #naiveEpochs} as its cap where lower. */
    public io.privtune.split.attack.TrainingBudget naiveContextualBudget() {
        return naiveEpochs == 0 || naiveEpochs >= contextualEpochs
                ? contextualBudget()
                : new io.privtune.split.attack.TrainingBudget(naiveEpochs, patience, heldOut);
    }

    /** The contextual model's architecture, size ({@link #contextualHidden}) and optimiser (its defaults). */
    public ContextualInversionAttack.Config contextualConfig() {
        return ContextualInversionAttack.Config.of(contextualModel, contextualHidden);
    }

    /** The contextual model's budget. */
    public io.privtune.split.attack.TrainingBudget contextualBudget() {
        return new io.privtune.split.attack.TrainingBudget(contextualEpochs, patience, heldOut);
    }
}
