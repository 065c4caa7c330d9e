package io.privtune.split.train;

import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.Perturbation;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.EncodedCorpus;
import io.privtune.split.model.PaddedBatch;

/**
 * What runs on the device, and the one path by which an encoder's uploads are made: the frozen bottom
 * model, then the mechanism on every real token ([CLS]/[SEP] marked special, so never perturbed), each text
 * at its own stream nonce ({@link TextPerturber}). Training, evaluation,
 * {@code perturb}, the networked device, the attack suite and the demo all come through here, so the
 * upload an attack reads is the upload the cloud trains on. Token ids never leave this class.
 */
public final class DeviceSide {
    /** What crosses the wire for one batch (B x L x d, padding zeroed), and the privacy each real token got. */
    public record Upload(float[] representations, double[] effectiveEta, int realTokens) {}

    private final BottomModel bottom;
    private final TextPerturber perturber;

    /** @param key the device's noise key (the one its mechanism draws with); may be null only for {@code none} */
    public DeviceSide(BottomModel bottom, Mechanism mechanism, NoiseKey key) {
        this.bottom = bottom;
        this.perturber = new TextPerturber(bottom.identity(), mechanism, key);
    }

    public Mechanism mechanism() {
        return perturber.mechanism();
    }

    public BottomModel bottom() {
        return bottom;
    }

    /**
     * The bottom model's output for a batch, unpadded: what stays on the device before perturbation. Each
     * text is computed at its own padding bucket ({@link EncodedCorpus#BUCKET}), so it is the same bytes in any batch.
     */
    public EncodedCorpus encode(PaddedBatch batch) {
        return EncodedCorpus.of(batch, bottom);
    }

    /** Many texts through the bottom model, in order, exactly as {@link #encode(PaddedBatch)} computes each. */
    public EncodedCorpus encode(java.util.List<io.privtune.split.text.Encoding> texts) {
        return EncodedCorpus.of(texts, bottom);
    }

    /** A text's stream nonce in release {@code release}: unpredictable without the key, a function of nothing else. */
    public long textNonce(int[] ids, int release) {
        return perturber.textNonce(ids, release);
    }

    /** Perturbs encoded texts in release {@code release} (0, or the epoch of fresh per-epoch noise). Rows as in the corpus. */
    public Perturbation perturb(EncodedCorpus texts, int release) {
        return perturber.perturb(texts, release);
    }

    /** @param release 0, or the epoch of a fresh-noise run (see {@link BatchPlan#release}) */
    public Upload prepare(PaddedBatch batch, int release) {
        EncodedCorpus texts = encode(batch);
        Perturbation perturbed = perturb(texts, release);
        int d = texts.dim();
        float[] upload = new float[batch.batch() * batch.length() * d];
        for (int s = 0; s < texts.texts(); s++) {
            int from = texts.offsets()[s];
            // real tokens are a prefix of each padded row
            System.arraycopy(
                    perturbed.perturbed(),
                    from * d,
                    upload,
                    s * batch.length() * d,
                    (texts.offsets()[s + 1] - from) * d);
        }
        return new Upload(upload, perturbed.effectiveEta(), texts.tokens());
    }
}
