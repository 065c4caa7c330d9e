/**
 * Causal-LM fine-tuning on a U-shaped split decoder: the device runs the bottom, perturbs, and keeps the tail
 * and the loss; the cloud trains the middle on perturbed uploads and the gradients the device sends back.
 * Perplexity, samples, and the token attacks on what the cloud receives.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Generation").
 */
package io.privtune.split.lm;
