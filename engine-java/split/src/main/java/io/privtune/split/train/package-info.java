/**
 * Private split fine-tuning: the one device-side upload path ({@link io.privtune.split.train.DeviceSide}), the
 * cloud side, settings, noise settings, checkpoints and the in-process {@link
 * io.privtune.split.train.PrivateFineTuner}.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java").
 */
package io.privtune.split.train;
