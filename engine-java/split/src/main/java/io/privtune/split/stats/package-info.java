/**
 * Uncertainty of the experiment's numbers (issue 12): a seeded percentile bootstrap over per-example outcomes
 * (one 0/1 per dev sentence or attacked token), pooled over the seeds of a cell, and the {@link
 * io.privtune.split.stats.Estimate} it yields (mean and 95 % interval).
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Seeds and confidence
 * intervals").
 */
package io.privtune.split.stats;
