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
        return laidOut(encode(batch), 1, batch, release);
    }

    /**
     * A batch whose rows are each {@code textsPerRow} texts laid end to end (extractive QA: a question, then a chunk
     * of its context): every text is encoded and perturbed on its own, exactly as any text is, so a text that recurs
     * in many rows is the same upload every time. {@code texts} holds row 0's texts, then row 1's, ...; {@code batch}
     * is the rows as the top model reads them, each as long as its texts together.
     */
    public Upload prepareJoined(
            java.util.List<io.privtune.split.text.Encoding> texts, int textsPerRow, PaddedBatch batch, int release) {
        if (texts.size() != textsPerRow * batch.batch()) {
            throw new IllegalArgumentException(
                    texts.size() + " texts for " + batch.batch() + " rows of " + textsPerRow);
        }
        return laidOut(encode(texts), textsPerRow, batch, release);
    }

    private Upload laidOut(EncodedCorpus texts, int textsPerRow, PaddedBatch batch, int release) {
        Perturbation perturbed = perturb(texts, release);
        int d = texts.dim();
        float[] upload = new float[batch.batch() * batch.length() * d];
        for (int row = 0; row < batch.batch(); row++) {
            int at = 0; // real tokens are a prefix of each padded row
            for (int k = 0; k < textsPerRow; k++) {
                int s = row * textsPerRow + k;
                int from = texts.offsets()[s];
                int length = texts.offsets()[s + 1] - from;
                System.arraycopy(perturbed.perturbed(), from * d, upload, (row * batch.length() + at) * d, length * d);
                at += length;
            }
            if (at != batch.realLength(row)) {
                throw new IllegalArgumentException("row " + row + " has " + batch.realLength(row)
                        + " real positions but its texts hold " + at + " tokens");
            }
        }
        return new Upload(upload, perturbed.effectiveEta(), texts.tokens());
    }
}
