package io.privtune.split.attack;

/**
 * How long a learned attacker trains (docs/DESIGN.md §4): up to {@code maxEpochs} passes, scored after each on a
 * held-out share of its own sentences, stopping after {@code patience} epochs without improvement and keeping the
 * best epoch's weights. The attacker's budget is "until it stops improving", not a fixed count that could leave a
 * defence looking strong against an undertrained model. {@code heldOut = 0}: no held-out set, all epochs run.
 */
public record TrainingBudget(int maxEpochs, int patience, double heldOut) {
    public TrainingBudget {
        if (maxEpochs < 1 || patience < 1 || !(heldOut >= 0 && heldOut <= 0.5)) {
            throw new IllegalArgumentException(
                    "training budget: need max epochs >= 1, patience >= 1 and a held-out fraction in [0, 0.5]; found "
                            + maxEpochs + ", " + patience + ", " + heldOut);
        }
    }

    public static final int PATIENCE = 2;
    public static final double HELD_OUT = 0.1;

    /** Exactly {@code epochs} passes, no held-out set: the fixed budget of the earlier attacks. */
    public static TrainingBudget fixed(int epochs) {
        return new TrainingBudget(epochs, 1, 0);
    }
}
