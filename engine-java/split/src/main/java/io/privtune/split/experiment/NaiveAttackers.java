package io.privtune.split.experiment;

import io.privtune.split.attack.ContextualInversionAttack;
import io.privtune.split.attack.InversionModelAttack;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The two naive learned token attackers of one attacker seed (trained on clean representations), and whether they
 * were loaded from a {@link NaiveAttackerStore} rather than trained by this process.
 */
record NaiveAttackers(InversionModelAttack inversion, ContextualInversionAttack contextual, boolean loaded)
        implements AutoCloseable {
    void save(DataOutputStream out) throws IOException {
        inversion.save(out);
        contextual.save(out);
    }

    static NaiveAttackers load(DataInputStream in) throws IOException {
        InversionModelAttack inversion = InversionModelAttack.load(in);
        try {
            return new NaiveAttackers(inversion, ContextualInversionAttack.load(in), true);
        } catch (IOException | RuntimeException e) {
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
