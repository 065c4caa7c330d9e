package io.privtune.split.train;

import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.Perturbation;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.StreamAddresses;
import io.privtune.core.random.UploadNonces;
import io.privtune.split.model.EncodedCorpus;
import java.util.Arrays;

/**
 * The mechanism applied to encoded texts, each text drawing its noise at its stream nonce: a keyed hash of
 * the bottom's identity (model and split), the mechanism and its parameters, the release (0, or the epoch
 * under fresh per-epoch noise) and the text's own token ids. One text under one setting is always the same
 * upload (a resend or another epoch adds nothing to average), and no two texts or settings share noise
 * (nothing to subtract). The encoder's {@link DeviceSide} and the decoder's device both perturb through here.
 */
public final class TextPerturber {
    private final Mechanism mechanism;
    private final UploadNonces nonces;

    /** @param key the device's noise key (the one its mechanism draws with); may be null only for {@code none} */
    public TextPerturber(String bottomIdentity, Mechanism mechanism, NoiseKey key) {
        if (key == null && !mechanism.name().equals("none")) {
            throw new IllegalArgumentException("the device needs its noise key for " + mechanism.name());
        }
        this.mechanism = mechanism;
        this.nonces = key == null ? null : new UploadNonces(key, bottomIdentity, mechanism.identity());
    }

    public Mechanism mechanism() {
        return mechanism;
    }

    /** A text's stream nonce in release {@code release}: unpredictable without the key, a function of nothing else. */
    public long textNonce(int[] ids, int release) {
        return nonces == null ? 0 : nonces.of(ids, release); // none draws nothing
    }

    /** Perturbs encoded texts in release {@code release}; rows as in the corpus, text s at positions 0, 1, .... */
    public Perturbation perturb(EncodedCorpus texts, int release) {
        long[] textNonces = new long[texts.texts()];
        for (int s = 0; s < texts.texts(); s++) {
            textNonces[s] =
                    textNonce(Arrays.copyOfRange(texts.ids(), texts.offsets()[s], texts.offsets()[s + 1]), release);
        }
        return mechanism.perturb(texts.asBatch(textNonces));
    }

    /**
     * One text's rows at explicit positions of a text with nonce {@code textNonce}: how a decoder perturbs a
     * token it generated, once, at its place in the sequence ({@code texts} holds one text).
     */
    public Perturbation perturbAt(EncodedCorpus texts, long textNonce, int firstPosition) {
        if (texts.texts() != 1) {
            throw new IllegalArgumentException("perturbAt takes one text, found " + texts.texts());
        }
        long[] text = new long[texts.tokens()];
        int[] position = new int[texts.tokens()];
        Arrays.fill(text, textNonce);
        for (int i = 0; i < position.length; i++) {
            position[i] = firstPosition + i;
        }
        return mechanism.perturb(new io.privtune.core.mechanism.TokenBatch(
                texts.tokens(),
                texts.dim(),
                texts.representations(),
                texts.ids(),
                texts.special(),
                texts.importance(),
                new StreamAddresses(text, position)));
    }
}
