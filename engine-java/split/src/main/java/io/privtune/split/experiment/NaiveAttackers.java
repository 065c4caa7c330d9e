package io.privtune.split.experiment;

import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.io.SafetensorsWriter;
import io.privtune.split.attack.ContextualInversionAttack;
import io.privtune.split.attack.InversionModelAttack;

/**
 * The two naive learned token attackers of one attacker seed (trained on clean representations), and whether they
 * were loaded from a {@link NaiveAttackerStore} rather than trained by this process.
 */
record NaiveAttackers(InversionModelAttack inversion, ContextualInversionAttack contextual, boolean loaded)
        implements AutoCloseable {
    void save(SafetensorsWriter out) {
        inversion.save(out, "inversion.");
        contextual.save(out, "contextual.");
    }

    static NaiveAttackers load(SafetensorsFile in) {
        InversionModelAttack inversion = InversionModelAttack.load(in, "inversion.");
        try {
            return new NaiveAttackers(inversion, ContextualInversionAttack.load(in, "contextual."), true);
        } catch (RuntimeException e) {
            inversion.close();
            throw e;
        }
    }

    @Override
    public void close() {
        inversion.close();
        contextual.close();
    }
}
