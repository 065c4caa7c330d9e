package io.privtune.split.train;

import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.Perturbation;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.EncodedCorpus;
import io.privtune.split.model.PaddedBatch;

/**
 * What runs on the device, and the one path by which anything is uploaded: the frozen bottom model,
 * then the mechanism on every real token ([CLS]/[SEP] marked special, so never perturbed), each text's
 * tokens drawing the noise its token addresses own under the device's key. Training, evaluation,
 * {@code perturb}, the networked device, the attack suite and the demo all come through here, so the
 * upload an attack reads is the upload the cloud trains on. Token ids never leave this class.
 */
public final class DeviceSide {
    /** What crosses the wire for one batch (B x L x d, padding zeroed), and the privacy each real token got. */
    public record Upload(float[] representations, double[] effectiveEta, int realTokens) { }

    private final BottomModel bottom;
    private final Mechanism mechanism;

    public DeviceSide(BottomModel bottom, Mechanism mechanism) {
        this.bottom = bottom;
        this.mechanism = mechanism;
    }

    public Mechanism mechanism() { return mechanism; }

    public BottomModel bottom() { return bottom; }

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

    /** Perturbs encoded texts; text s's tokens are numbered from {@code firstIndexOfText[s]}. Rows as in the corpus. */
    public Perturbation perturb(EncodedCorpus texts, long[] firstIndexOfText) {
        return mechanism.perturb(texts.asBatch(firstIndexOfText));
    }

    /** @param firstIndexOfText the first token address of each text of the batch (see {@link TokenAddresses}) */
    public Upload prepare(PaddedBatch batch, long[] firstIndexOfText) {
        EncodedCorpus texts = encode(batch);
        Perturbation perturbed = perturb(texts, firstIndexOfText);
        int d = texts.dim();
        float[] upload = new float[batch.batch() * batch.length() * d];
        for (int s = 0; s < texts.texts(); s++) {
            int from = texts.offsets()[s];
            // real tokens are a prefix of each padded row
            System.arraycopy(perturbed.perturbed(), from * d, upload, s * batch.length() * d, (texts.offsets()[s + 1] - from) * d);
        }
        return new Upload(upload, perturbed.effectiveEta(), texts.tokens());
    }
}
