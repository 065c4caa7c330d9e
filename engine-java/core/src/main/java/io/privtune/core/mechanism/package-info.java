/**
 * The perturbation mechanisms by name ({@link io.privtune.core.mechanism.Mechanisms}, {@link
 * io.privtune.core.mechanism.MechanismKind}): none, dχ, SAP-CTI, Gaussian, PrivTune and its ablations, with
 * their validated parameters; a {@link io.privtune.core.mechanism.TokenBatch} in, a {@link
 * io.privtune.core.mechanism.Perturbation} (the upload and each token's η) out.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java"). The implementations are package-private.
 */
package io.privtune.core.mechanism;
