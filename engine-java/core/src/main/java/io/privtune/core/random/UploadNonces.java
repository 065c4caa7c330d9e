package io.privtune.core.random;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The one encoding of a text's nonce context (docs/DESIGN.md §3): the bottom model and split, the
 * mechanism with its parameters, the release and the text's token ids, hashed under the device's key by
 * {@link NoiseKey#textNonce}. Every device path (split training, evaluation, {@code perturb}, the attack
 * suite, a caller of the core alone) builds its nonces here, so the same text under the same settings is
 * always the same upload and nothing else ever shares its noise.
 */
public final class UploadNonces {
    private final NoiseKey key;
    private final byte[] domain;

    /**
     * @param bottomIdentity what computed the representations (model, split point, weights): two models never share noise
     * @param mechanismIdentity the mechanism and its parameters ({@code Mechanism.identity()})
     */
    public UploadNonces(NoiseKey key, String bottomIdentity, String mechanismIdentity) {
        this.key = Objects.requireNonNull(key, "key");
        this.domain = ("privtune upload v1\n" + bottomIdentity + "\n" + mechanismIdentity + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** @param release 0, or the epoch of a run with fresh noise per epoch */
    public long of(int[] tokenIds, int release) {
        if (release < 0) {
            throw new IllegalArgumentException("release is " + release + ", expected >= 0");
        }
        ByteBuffer context =
                ByteBuffer.allocate(domain.length + 4 + 4 * tokenIds.length).order(ByteOrder.LITTLE_ENDIAN);
        context.put(domain).putInt(release);
        for (int id : tokenIds) {
            context.putInt(id);
        }
        return key.textNonce(context.array());
    }
}
