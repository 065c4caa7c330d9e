package io.privtune.split.attack;

import io.privtune.core.progress.ProgressListener;
import java.util.Arrays;

/**
 * The learned inversion attack (docs/DESIGN.md §4, EIA 2): an MLP d → 1024 → V trained by the attacker on
 * (representation, token) pairs of its own text, then applied to the victim's upload. Whether it is
 * {@code naive} or {@code adaptive} is only a matter of what it is trained on: clean representations,
 * or the outputs of the same mechanism and parameters.
 *
 * <p>The output layer covers the tokens that occur in the attacker's text: a token it never saw can never
 * win a softmax trained without it, so dropping those rows changes no prediction and makes training ~3x
 * cheaper. Victim tokens outside that set count as misses.
 */
public final class InversionModelAttack implements AutoCloseable {
    public static final int HIDDEN = 1024;

    private final MlpClassifier model;
    private final int[] classToToken;
    private final int dim;

    private InversionModelAttack(MlpClassifier model, int[] classToToken, int dim) {
        this.model = model;
        this.classToToken = classToToken;
        this.dim = dim;
    }

    /** Trains on the attacker's non-special tokens: {@code representations} is n x d, one row per token. */
    public static InversionModelAttack train(
            float[] representations,
            int[] ids,
            boolean[] special,
            int dim,
            int epochs,
            long seed,
            ProgressListener progress) {
        int[] tokens =
                Arrays.stream(ids).filter(id -> id >= 0).distinct().sorted().toArray();
        int[] tokenToClass = new int[tokens.length == 0 ? 0 : tokens[tokens.length - 1] + 1];
        Arrays.fill(tokenToClass, -1);
        int kept = 0;
        for (int i = 0; i < ids.length; i++) {
            kept += special[i] ? 0 : 1;
        }
        if (kept == 0) {
            throw new IllegalArgumentException(
                    "inversion model: the attacker's text has no non-special tokens to learn from");
        }
        float[] x = new float[kept * dim];
        int[] labels = new int[kept];
        int classes = 0;
        int[] classToToken = new int[tokens.length];
        for (int i = 0, row = 0; i < ids.length; i++) {
            if (special[i]) {
                continue;
            }
            if (tokenToClass[ids[i]] < 0) {
                classToToken[classes] = ids[i];
                tokenToClass[ids[i]] = classes++;
            }
            System.arraycopy(representations, i * dim, x, row * dim, dim);
            labels[row++] = tokenToClass[ids[i]];
        }
        MlpClassifier.Config config = new MlpClassifier.Config(HIDDEN, epochs, 256, 1e-3f, seed);
        MlpClassifier model = MlpClassifier.trainSingleLabel(x, dim, labels, Math.max(2, classes), config, progress);
        return new InversionModelAttack(model, Arrays.copyOf(classToToken, classes), dim);
    }

    /** How many distinct tokens the model can name. */
    public int knownTokens() {
        return classToToken.length;
    }

    /** Top-1 and top-5 recovery over the victim's non-special tokens. */
    public AttackRates attack(float[] uploaded, int[] ids, boolean[] special) {
        AttackedTokens tokens = AttackedTokens.of(uploaded, ids, special, dim, "inversion model");
        int attacked = tokens.count();
        float[] x = tokens.rows();
        int[] truth = tokens.truth();
        int k = Math.min(5, model.classes());
        int[] top = model.topClasses(x, k);
        int top1 = 0, top5 = 0;
        boolean[] top1Hits = new boolean[attacked];
        boolean[] top5Hits = new boolean[attacked];
        for (int q = 0; q < attacked; q++) {
            for (int r = 0; r < k; r++) {
                int cls = top[q * k + r];
                if (cls < classToToken.length && classToToken[cls] == truth[q]) {
                    top1 += r == 0 ? 1 : 0;
                    top1Hits[q] = r == 0;
                    top5++;
                    top5Hits[q] = true;
                    break;
                }
            }
        }
        return new AttackRates(attacked, (double) top1 / attacked, (double) top5 / attacked, top1Hits, top5Hits);
    }

    @Override
    public void close() {
        model.close();
    }
}
