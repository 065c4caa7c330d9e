package io.privtune.split.train;

/** Linear warm-up from 0 to the peak over the first steps, then linear decay to 0 at the last step. */
public record LearningRateSchedule(float peak, long warmupSteps, long totalSteps) {
    public LearningRateSchedule {
        if (!(peak > 0) || Float.isInfinite(peak)) {
            throw new IllegalArgumentException("learning rate must be > 0, found " + peak);
        }
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException(
                    "schedule needs 0 <= warm-up <= total steps >= 1, found " + warmupSteps + " / " + totalSteps);
        }
    }

    /** Learning rate of update number {@code step} (1-based). */
    public float at(long step) {
        if (step <= warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        return peak * Math.max(0, totalSteps - step) / Math.max(1, totalSteps - warmupSteps);
    }
}
