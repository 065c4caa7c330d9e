package io.privtune.core.mechanism;

/**
 * A perturbation applied on the device between the bottom model and the upload (docs/DESIGN.md §3.8),
 * identically at training and at inference time. Implementations are thread-safe and deterministic:
 * the output depends only on the batch (including its token indices) and the mechanism's noise key.
 */
public interface Mechanism {
    String name();

    Perturbation perturb(TokenBatch batch);

    /**
     * Everything public that shapes an upload besides the text: the name and every parameter (and, for
     * sap-cti, the protected token set). Part of each text's stream nonce, so two settings never share noise.
     */
    String identity();

    /** What the mechanism guarantees, in one or two sentences a user can quote. */
    String privacyStatement();

    /** The shape of its noise when not isotropic (public, like every parameter): what an attacker whitens by. */
    default java.util.Optional<NoiseShape> noiseShape() {
        return java.util.Optional.empty();
    }
}
