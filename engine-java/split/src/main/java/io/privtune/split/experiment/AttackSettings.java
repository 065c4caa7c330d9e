package io.privtune.split.experiment;

/**
 * The attacker's budget, the same for every cell so that cells compare.
 *
 * @param auxiliarySentences    SST-2 training sentences the attacker owns (never the victim's), for the inversion model
 * @param inversionEpochs       passes over them when training the inversion model
 * @param optimisationSentences victim dev sentences the optimisation attack inverts (it is the slowest attack)
 * @param optimisationSteps     Adam steps on the relaxed tokens
 * @param optimisationRate      Adam's learning rate on the logits z
 * @param attributeTexts        TrustPilot texts the attacker trains the attribute and keyword attacks on
 * @param keywords              keyword-mlc's label set: the attacker's most frequent content words
 * @param maxLength             token limit per TrustPilot text
 */
public record AttackSettings(
        int auxiliarySentences,
        int inversionEpochs,
        int optimisationSentences,
        int optimisationSteps,
        float optimisationRate,
        int attributeTexts,
        int keywords,
        int maxLength) {
    public AttackSettings {
        if (auxiliarySentences < 10
                || inversionEpochs < 1
                || optimisationSentences < 1
                || optimisationSteps < 1
                || !(optimisationRate > 0)
                || attributeTexts < 10
                || keywords < 1
                || maxLength < 3) {
            throw new IllegalArgumentException(
                    "attack budget: need >= 10 auxiliary sentences and attribute texts, >= 1 epoch, sentence, step "
                            + "and keyword, a learning rate > 0 and max length >= 3; found " + auxiliarySentences + ", "
                            + attributeTexts + ", "
                            + inversionEpochs + ", " + optimisationSentences + ", " + optimisationSteps + ", "
                            + keywords + ", " + optimisationRate
                            + ", " + maxLength);
        }
    }

    // The default budget, as constants so that the command line can show them as its defaults.
    public static final int AUXILIARY_SENTENCES = 3000;
    public static final int INVERSION_EPOCHS = 2;
    public static final int OPTIMISATION_SENTENCES = 12;
    public static final int OPTIMISATION_STEPS = 40;
    public static final float OPTIMISATION_RATE = 0.3f;
    public static final int ATTRIBUTE_TEXTS = 2000;
    public static final int KEYWORDS = 500;
    public static final int MAX_LENGTH = 64;

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
}
