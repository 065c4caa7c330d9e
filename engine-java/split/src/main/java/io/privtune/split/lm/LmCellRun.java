package io.privtune.split.lm;

import java.util.Map;

/**
 * One cell at one split point and seed: per evaluation window its mean next-token loss (nats), the training
 * loss per epoch, per attacked token whether each attack's top-1 guess was right, in a fixed token order
 * (the same for every seed), top-5 rates, the samples, and the seconds each part took.
 *
 * @param knn the nearest dictionary row of each upload (cosine or L2, the better)
 * @param naive the inversion MLP trained on clean representations of the attacker's text
 * @param adaptive the inversion MLP trained on the attacker's text through the same mechanism under its own key
 * @param optimisation the optimisation attack (softmax-relaxed tokens through the public bottom) on the first windows
 * @param gradient the inversion MLP from the gradient the cloud receives to the token it was trained to predict
 */
public record LmCellRun(
        int splitPoint,
        LmCell cell,
        int seed,
        double[] evalLoss,
        double[] epochLoss,
        boolean[] knn,
        boolean[] naive,
        boolean[] adaptive,
        boolean[] optimisation,
        boolean[] gradient,
        Map<String, Double> top5,
        Map<String, String> samples,
        Map<String, Double> seconds) {
    public double perplexity() {
        double sum = 0;
        for (double l : evalLoss) {
            sum += l;
        }
        return Math.exp(sum / evalLoss.length);
    }

    /** The share of true entries: an attack's top-1 rate from its hits. */
    public static double rate(boolean[] hits) {
        int n = 0;
        for (boolean h : hits) {
            n += h ? 1 : 0;
        }
        return (double) n / hits.length;
    }
}
