/**
 * Token importance: SAP's contributing-token scores from training labels ({@link
 * io.privtune.core.importance.CtiScores}) and the importance-to-scale map s_i (docs/DESIGN.md §3.7).
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java").
 */
package io.privtune.core.importance;
