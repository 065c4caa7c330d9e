package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttackSettingsTest {
    private static AttackSettings budget(boolean fresh) {
        return new AttackSettings(150, 1, 2, 3, 0.3f, 120, 30, 32, 1, 0.1, 1, 16, 0, fresh, 0);
    }

    @Test
    void aOneReleaseBudgetKeepsTheIdentityStoredCellsWereWrittenWith() {
        // the text every results folder made before the fresh-noise option recorded: it must still match to resume
        assertEquals(
                "AttackSettings[auxiliarySentences=150, inversionEpochs=1, optimisationSentences=2, "
                        + "optimisationSteps=3, optimisationRate=0.3, attributeTexts=120, keywords=30, maxLength=32, "
                        + "patience=1, heldOut=0.1, contextualEpochs=1, contextualHidden=16, contextualSentences=0]",
                budget(false).identity());
    }

    @Test
    void aNaiveCapIsAnotherIdentityAndCapsOnlyTheNaiveModels() {
        AttackSettings capped = new AttackSettings(150, 4, 2, 3, 0.3f, 120, 30, 32, 1, 0.1, 6, 16, 0, true, 2);
        assertTrue(
                capped.identity().endsWith(", freshAdaptiveNoise=inversion+contextual, naiveEpochs=2]"),
                capped.identity());
        assertTrue(budget(false).identity().endsWith(", contextualSentences=0]"), "0 keeps the old identity");
        assertEquals(4, capped.inversionBudget().maxEpochs());
        assertEquals(6, capped.contextualBudget().maxEpochs());
        assertEquals(2, capped.naiveInversionBudget().maxEpochs());
        assertEquals(2, capped.naiveContextualBudget().maxEpochs());
        assertEquals(budget(false).inversionBudget(), budget(false).naiveInversionBudget(), "0: the adaptive caps");
        assertEquals(budget(false).contextualBudget(), budget(false).naiveContextualBudget());
        // a cap between the two adaptive caps cuts only the longer model; one at or above both cuts nothing
        AttackSettings between = new AttackSettings(150, 4, 2, 3, 0.3f, 120, 30, 32, 1, 0.1, 6, 16, 0, true, 5);
        assertEquals(4, between.naiveInversionBudget().maxEpochs());
        assertEquals(5, between.naiveContextualBudget().maxEpochs());
        AttackSettings above = new AttackSettings(150, 4, 2, 3, 0.3f, 120, 30, 32, 1, 0.1, 6, 16, 0, true, 6);
        AttackSettings zero = new AttackSettings(150, 4, 2, 3, 0.3f, 120, 30, 32, 1, 0.1, 6, 16, 0, true, 0);
        assertFalse(above.naiveCut());
        assertEquals(zero.identity(), above.identity(), "the same models trained: the same identity");
        assertThrows(
                IllegalArgumentException.class,
                () -> new AttackSettings(150, 4, 2, 3, 0.3f, 120, 30, 32, 1, 0.1, 6, 16, 0, true, -1));
    }

    @Test
    void freshNoiseIsAnotherIdentityNamingTheModelsItReaches() {
        assertNotEquals(budget(false).identity(), budget(true).identity());
        // folders where fresh noise reached only the MLP recorded "freshAdaptiveNoise=true": they must not resume
        assertTrue(
                budget(true).identity().endsWith(", freshAdaptiveNoise=inversion+contextual]"),
                budget(true).identity());
    }

    /** {@link #budget}'s fresh-noise budget with a transformer of width {@code hidden} as its contextual model. */
    private static AttackSettings transformer(int hidden) {
        return new AttackSettings(
                150,
                1,
                2,
                3,
                0.3f,
                120,
                30,
                32,
                1,
                0.1,
                1,
                hidden,
                0,
                true,
                0,
                io.privtune.split.attack.ContextualInversionAttack.Architecture.TRANSFORMER);
    }

    @Test
    void aTransformerIsAnotherIdentityWhileABiLstmKeepsTheOldOne() {
        AttackSettings bilstm = budget(true);
        AttackSettings transformer = transformer(16);
        assertFalse(bilstm.identity().contains("contextualModel"), bilstm.identity());
        assertEquals(
                bilstm.identity().substring(0, bilstm.identity().length() - 1) + ", contextualModel=transformer]",
                transformer.identity());
        assertEquals(
                io.privtune.split.attack.ContextualInversionAttack.Architecture.TRANSFORMER,
                transformer.contextualConfig().architecture());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> transformer(18));
        assertTrue(
                e.getMessage().contains("--contextual-hidden")
                        && e.getMessage().contains("4 heads")
                        && e.getMessage().contains("found 18"),
                e.getMessage());
    }
}
