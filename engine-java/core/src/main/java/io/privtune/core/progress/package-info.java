/**
 * How long steps report progress: {@link io.privtune.core.progress.Progress} for named tasks, {@link
 * io.privtune.core.progress.ProgressListener} for a count; the library never draws bars itself.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java").
 */
package io.privtune.core.progress;
