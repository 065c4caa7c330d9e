package io.privtune.split.attack;

import io.privtune.core.io.SafetensorsException;
import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.io.SafetensorsWriter;
import io.privtune.core.progress.ProgressListener;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The learned inversion attack (docs/DESIGN.md §4, EIA 2): an MLP d → 1024 → V trained by the attacker on
 * (representation, token) pairs of its own text, then applied to the victim's upload. Whether it is
 * {@code naive} or {@code adaptive} is only a matter of what it is trained on: clean representations,
 * or the outputs of the same mechanism and parameters.
 *
 * <p>The output layer covers the tokens that occur in the attacker's text: a token it never saw can never
 * win a softmax trained without it, so dropping those rows changes no prediction and makes training ~3x
 * cheaper. Victim tokens outside that set count as misses. Training stops when a held-out share of the attacker's
 * texts stops improving ({@link TrainingBudget}).
 */
public final class InversionModelAttack implements AutoCloseable {
    public static final int HIDDEN = 1024;
    /** Training rows per Adam step. */
    public static final int BATCH = 256;
    /** Adam's learning rate. */
    public static final float LEARNING_RATE = 1e-3f;

    private static final String TAG = "inversion model";

    private final MlpClassifier model;
    private final int[] classToToken;
    private final int dim;
    private final int keptEpoch;

    private InversionModelAttack(MlpClassifier model, int[] classToToken, int dim, int keptEpoch) {
        this.model = model;
        this.classToToken = classToToken;
        this.dim = dim;
        this.keptEpoch = keptEpoch;
    }

    /** Trains for exactly {@code epochs} on all the attacker's non-special tokens: {@code representations} is n x d. */
    public static InversionModelAttack train(
            float[] representations,
            int[] ids,
            boolean[] special,
            int dim,
            int epochs,
            long seed,
            ProgressListener progress) {
        return train(
                representations,
                ids,
                special,
                new int[] {0, ids.length},
                dim,
                TrainingBudget.fixed(epochs),
                seed,
                progress);
    }

    /**
     * Trains under {@code budget}: a held-out share of the attacker's texts (text s owns rows {@code offsets[s]} to
     * {@code offsets[s + 1]}) scores each epoch, and the best epoch's weights are kept ({@link #keptEpoch()}).
     */
    public static InversionModelAttack train(
            float[] representations,
            int[] ids,
            boolean[] special,
            int[] offsets,
            int dim,
            TrainingBudget budget,
            long seed,
            ProgressListener progress) {
        return train(release -> representations, ids, special, offsets, dim, budget, seed, progress);
    }

    /**
     * As above, but epoch e (0-based) trains on {@code releases.apply(e)}: the attacker's text as release e of the
     * mechanism (all rows, as {@code representations} above), so that an adaptive attacker sees fresh noise every epoch
     * instead of learning one draw of it. The held-out texts are scored in release 0.
     */
    public static InversionModelAttack train(
            IntFunction<float[]> releases,
            int[] ids,
            boolean[] special,
            int[] offsets,
            int dim,
            TrainingBudget budget,
            long seed,
            ProgressListener progress) {
        float[] representations = releases.apply(0);
        if (offsets.length < 2 || offsets[0] != 0 || offsets[offsets.length - 1] != ids.length) {
            throw new IllegalArgumentException("inversion model: text offsets must run from 0 to the " + ids.length
                    + " token rows, found " + offsets[0] + " to " + offsets[offsets.length - 1]);
        }
        boolean[] heldOut = SentenceSplit.of(offsets, budget.heldOut(), seed).rows(offsets);
        int[] tokens =
                Arrays.stream(ids).filter(id -> id >= 0).distinct().sorted().toArray();
        int[] tokenToClass = new int[tokens.length == 0 ? 0 : tokens[tokens.length - 1] + 1];
        Arrays.fill(tokenToClass, -1);
        int kept = 0;
        int held = 0;
        for (int i = 0; i < ids.length; i++) {
            kept += special[i] || heldOut[i] ? 0 : 1;
            held += !special[i] && heldOut[i] ? 1 : 0;
        }
        if (kept == 0) {
            throw new IllegalArgumentException(
                    "inversion model: the attacker's text has no non-special tokens to learn from");
        }
        int[] trainRows = new int[kept];
        int[] labels = new int[kept];
        float[] heldX = new float[held * dim];
        int[] heldIds = new int[held];
        int classes = 0;
        int[] classToToken = new int[tokens.length];
        for (int i = 0, row = 0, h = 0; i < ids.length; i++) {
            if (special[i]) {
                continue;
            }
            if (heldOut[i]) {
                System.arraycopy(representations, i * dim, heldX, h * dim, dim);
                heldIds[h++] = ids[i];
                continue;
            }
            if (tokenToClass[ids[i]] < 0) {
                classToToken[classes] = ids[i];
                tokenToClass[ids[i]] = classes++;
            }
            trainRows[row] = i;
            labels[row++] = tokenToClass[ids[i]];
        }
        float[] x = rows(representations, trainRows, dim);
        int[] heldLabels = new int[held];
        for (int h = 0; h < held; h++) {
            heldLabels[h] = tokenToClass[heldIds[h]]; // -1: a token the training texts lack, always a miss
        }
        MlpClassifier.Config config = new MlpClassifier.Config(HIDDEN, budget.maxEpochs(), BATCH, LEARNING_RATE, seed);
        MlpClassifier.Trained trained = MlpClassifier.trainSingleLabel(
                x,
                epoch -> {
                    float[] release = release(releases, epoch, representations.length);
                    return release == representations ? x : rows(release, trainRows, dim); // one release: no copy
                },
                dim,
                labels,
                Math.max(2, classes),
                heldX,
                heldLabels,
                config,
                budget,
                progress);
        return new InversionModelAttack(
                trained.model(), Arrays.copyOf(classToToken, classes), dim, trained.keptEpoch());
    }

    private static float[] release(IntFunction<float[]> releases, int epoch, int length) {
        float[] representations = releases.apply(epoch);
        if (representations.length != length) {
            throw new IllegalArgumentException("inversion model: release " + epoch + " has " + representations.length
                    + " values, release 0 had " + length);
        }
        return representations;
    }

    private static float[] rows(float[] representations, int[] rows, int dim) {
        float[] x = new float[rows.length * dim];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(representations, rows[r] * dim, x, r * dim, dim);
        }
        return x;
    }

    /** The epoch (1-based) whose weights the model kept: the best on the held-out texts, or the last without them. */
    public int keptEpoch() {
        return keptEpoch;
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

    /** Adds the trained model as tensors named {@code prefix}, so that {@link #load} gives one that attacks exactly as this one. */
    public void save(SafetensorsWriter out, String prefix) {
        SavedTensors.writeKind(out, prefix, TAG);
        out.addI32(prefix + "dim", new int[] {dim});
        out.addI32(prefix + "kept-epoch", new int[] {keptEpoch});
        out.addI32(prefix + "class-tokens", classToToken, classToToken.length);
        model.save(out, prefix + "classifier.");
    }

    /** A model saved by {@link #save}. */
    public static InversionModelAttack load(SafetensorsFile in, String prefix) {
        SavedTensors.readKind(in, prefix, TAG);
        int dim = SavedTensors.readInt(in, prefix + "dim");
        int keptEpoch = SavedTensors.readInt(in, prefix + "kept-epoch");
        int[] classToToken = SavedTensors.readInts(in, prefix + "class-tokens");
        MlpClassifier model = MlpClassifier.load(in, prefix + "classifier.");
        if (dim < 1 || model.features() != dim || model.classes() != Math.max(2, classToToken.length)) {
            model.close();
            throw new SafetensorsException(
                    in.fileName(),
                    TAG + ": d = " + dim + " and " + classToToken.length + " classes, but its classifier reads "
                            + model.features() + " features into " + model.classes() + " classes");
        }
        return new InversionModelAttack(model, classToToken, dim, keptEpoch);
    }

    @Override
    public void close() {
        model.close();
    }
}
