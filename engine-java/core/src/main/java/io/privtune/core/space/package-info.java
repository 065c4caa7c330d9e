/**
 * {@link io.privtune.core.space.EmbeddingSpace}: a rows x d float matrix held off-heap (the token dictionary R).
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java").
 */
package io.privtune.core.space;
