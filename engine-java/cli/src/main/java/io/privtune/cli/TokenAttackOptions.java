package io.privtune.cli;

import io.privtune.split.attack.ContextualInversionAttack;
import io.privtune.split.experiment.AttackSettings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The learned token-inversion attackers' budget (docs/DESIGN.md §4): early stopping for the inversion MLP and the
 * contextual model, and the contextual model's size. Grid files set the same fields under {@code attacks}.
 */
final class TokenAttackOptions {
    @Option(
            names = "--attack-patience",
            defaultValue = "" + AttackSettings.PATIENCE,
            description = "epochs without held-out improvement before a token-inversion model stops (default: "
                    + "${DEFAULT-VALUE})")
    int patience;

    @Option(
            names = "--attack-held-out",
            defaultValue = "" + AttackSettings.HELD_OUT,
            description = "share of the attacker's sentences held out to decide when to stop, 0 = run every epoch "
                    + "(default: ${DEFAULT-VALUE})")
    double heldOut;

    @Option(
            names = "--contextual-epochs",
            defaultValue = "" + AttackSettings.CONTEXTUAL_EPOCHS,
            description = "the contextual inversion model's epoch cap (default: ${DEFAULT-VALUE})")
    int contextualEpochs;

    @Option(
            names = "--contextual-model",
            defaultValue = "bilstm",
            converter = ContextualModel.class,
            description = "the contextual inversion model, naive and adaptive: bilstm (one layer) or transformer "
                    + "(2 layers, 4 heads, pre-norm) (default: ${DEFAULT-VALUE})")
    String contextualModel; // a name, as grid files set it (picocli sets their values without converting them)

    @Option(
            names = "--contextual-hidden",
            defaultValue = "" + AttackSettings.CONTEXTUAL_HIDDEN,
            description = "its LSTM state size per direction, or the transformer's width, a multiple of 4 (default: "
                    + "${DEFAULT-VALUE})")
    int contextualHidden;

    @Option(
            names = "--contextual-sentences",
            defaultValue = "" + AttackSettings.CONTEXTUAL_SENTENCES,
            converter = SentenceCount.class,
            description = "how many of the attacker's sentences it trains on, or 'all' (default: ${DEFAULT-VALUE})")
    int contextualSentences;

    @Option(
            // picocli sets a true-by-default negatable option false by its declared name and true by the negated
            // one, so the declared name is the one that turns fresh noise off; the field means what it always meant
            names = "--no-adaptive-fresh-noise",
            negatable = true,
            defaultValue = "" + AttackSettings.FRESH_ADAPTIVE_NOISE,
            description = "--adaptive-fresh-noise (the default): the adaptive inversion MLP and contextual model "
                    + "train on a fresh noise release of their text every epoch (the attacker knows the mechanism, so "
                    + "it can draw as many as it likes); --no-adaptive-fresh-noise: on one release, the weaker attacker "
                    + "of the runs before fresh noise became the default (2026-12-05)")
    boolean freshAdaptiveNoise;

    @Option(
            names = "--naive-epochs",
            defaultValue = "0",
            description = "the naive inversion MLP's and contextual model's epoch cap where below the adaptive models' "
                    + "caps, 0 = those caps; cuts the naive models short (their rates are then likely underestimates) in "
                    + "studies of the adaptive ones (default: ${DEFAULT-VALUE})")
    int naiveEpochs;

    /** {@code base} with these options' values. */
    AttackSettings apply(AttackSettings base) {
        return new AttackSettings(
                base.auxiliarySentences(),
                base.inversionEpochs(),
                base.optimisationSentences(),
                base.optimisationSteps(),
                base.optimisationRate(),
                base.attributeTexts(),
                base.keywords(),
                base.maxLength(),
                patience,
                heldOut,
                contextualEpochs,
                contextualHidden,
                contextualSentences,
                freshAdaptiveNoise,
                naiveEpochs,
                ContextualInversionAttack.Architecture.of(contextualModel));
    }

    /** bilstm or transformer, checked as the command line is read. */
    static final class ContextualModel implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return ContextualInversionAttack.Architecture.of(value.trim()).label();
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "expected bilstm or transformer, found '" + value + "'");
            }
        }
    }

    /** A sentence count or {@code all} (0). */
    static final class SentenceCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            if (value.trim().equalsIgnoreCase("all")) {
                return 0;
            }
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "expected a sentence count or 'all', found '" + value + "'");
            }
        }
    }
}
