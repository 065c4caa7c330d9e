/**
 * The device's secret noise key ({@link io.privtune.core.random.NoiseKey}, {@link
 * io.privtune.core.random.NoiseKeyFile}) and the ChaCha20 streams every random draw comes from, addressed by
 * text nonce and position ({@link io.privtune.core.random.StreamAddresses}).
 *
 * <p><b>API</b>: {@code NoiseKey}, {@code NoiseKeyFile}, {@code StreamAddresses} and {@code DrawPurpose}.
 * <b>Internal</b>: the cipher and the samplers, public only so that the CUDA backend's parity tests can draw the
 * same words; they may change in any release.
 */
package io.privtune.core.random;
