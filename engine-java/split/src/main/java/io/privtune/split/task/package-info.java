/**
 * Tasks and their utility metrics: SQuAD v1.1's exact match and F1.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java").
 */
package io.privtune.split.task;
