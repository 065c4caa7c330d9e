package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttackSettingsTest {
    private static AttackSettings budget(boolean fresh) {
        return new AttackSettings(150, 1, 2, 3, 0.3f, 120, 30, 32, 1, 0.1, 1, 16, 0, fresh);
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
    void freshNoiseIsAnotherIdentityNamingTheModelsItReaches() {
        assertNotEquals(budget(false).identity(), budget(true).identity());
        // folders where fresh noise reached only the MLP recorded "freshAdaptiveNoise=true": they must not resume
        assertTrue(
                budget(true).identity().endsWith(", freshAdaptiveNoise=inversion+contextual]"),
                budget(true).identity());
    }
}
