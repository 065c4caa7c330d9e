package io.privtune.split.train;

import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.Perturbation;
import io.privtune.core.mechanism.TokenBatch;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.PaddedBatch;

/**
 * What runs on the device for each batch: the frozen bottom model, then the mechanism on every real
 * token ([CLS]/[SEP] marked special, so never perturbed). Returns the upload: B x L x d floats with
 * padding positions zeroed (they carry nothing the cloud needs). Token ids never leave this class.
 */
public final class DeviceSide {
    /** What crosses the wire for one batch, and the privacy each token got. */
    public record Upload(float[] representations, double[] effectiveEta, int realTokens) { }

    private final BottomModel bottom;
    private final Mechanism mechanism;

    public DeviceSide(BottomModel bottom, Mechanism mechanism) {
        this.bottom = bottom;
        this.mechanism = mechanism;
    }

    public Mechanism mechanism() { return mechanism; }

    /** @param firstTokenIndex global index of this batch's first real token: keys its randomness */
    public Upload prepare(PaddedBatch batch, long firstTokenIndex) {
        BottomModel.Output out = bottom.forward(batch);
        int d = bottom.shape().hidden();
        int positions = batch.batch() * batch.length();
        int real = 0;
        for (float m : batch.mask()) {
            real += m > 0 ? 1 : 0;
        }
        int[] where = new int[real];
        float[] h = new float[real * d];
        int[] ids = new int[real];
        boolean[] special = new boolean[real];
        float[] importance = out.importance() == null ? null : new float[real];
        for (int p = 0, r = 0; p < positions; p++) {
            if (batch.mask()[p] > 0) {
                where[r] = p;
                System.arraycopy(out.hidden(), p * d, h, r * d, d);
                ids[r] = (int) batch.ids()[p];
                special[r] = batch.special()[p];
                if (importance != null) {
                    importance[r] = Math.min(1f, Math.max(0f, out.importance()[p]));
                }
                r++;
            }
        }
        Perturbation perturbed = mechanism.perturb(new TokenBatch(real, d, h, ids, special, importance, firstTokenIndex));
        float[] upload = new float[positions * d];
        for (int r = 0; r < real; r++) {
            System.arraycopy(perturbed.perturbed(), r * d, upload, where[r] * d, d);
        }
        return new Upload(upload, perturbed.effectiveEta(), real);
    }
}
