package io.privtune.split.train;

import java.util.ArrayList;
import java.util.List;

/**
 * The training loss as the tuners log and keep it: an exponential moving average (0.95), recorded as a
 * (step, loss) point every {@link #POINTS_EVERY} steps for summary.json.
 */
public final class LossCurve {
    public static final int POINTS_EVERY = 20;

    private final List<double[]> points = new ArrayList<>();
    private double smoothed = Double.NaN;

    /** Adds step {@code step}'s loss; returns the moving average. */
    public double add(long step, double loss) {
        smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
        if (step % POINTS_EVERY == 0) {
            points.add(new double[] {step, smoothed});
        }
        return smoothed;
    }

    /** Starts the moving average afresh (a new epoch), keeping the points. */
    public void restartAverage() {
        smoothed = Double.NaN;
    }

    public List<double[]> points() {
        return points;
    }
}
