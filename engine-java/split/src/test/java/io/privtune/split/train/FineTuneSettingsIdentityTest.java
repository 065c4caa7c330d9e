package io.privtune.split.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.mechanism.MechanismParameters;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A checkpoint resumes only under the mechanism parameters in effect, so a changed default refuses the resume. */
class FineTuneSettingsIdentityTest {
    private static String identity(Map<String, String> overrides) {
        return FineTuneSettings.builder(Path.of("data"), Path.of("out"))
                .mechanism("privtune", overrides)
                .build()
                .identity();
    }

    @Test
    void theIdentityNamesTheParametersInEffectNotOnlyTheOnesGiven() {
        String eta = Double.toString(MechanismParameters.defaults().eta());
        assertTrue(identity(Map.of()).contains("eta=" + eta), identity(Map.of()));
        assertEquals(identity(Map.of()), identity(Map.of("eta", eta)), "the default named or not: one run");
        assertNotEquals(
                identity(Map.of()),
                identity(Map.of("eta", "100")),
                "a run checkpointed at another eta (an earlier default) is not resumed under this one");
    }
}
