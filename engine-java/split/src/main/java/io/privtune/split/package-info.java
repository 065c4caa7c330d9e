/**
 * Split learning on DJL: the run environment every DJL entry point sets up.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java").
 */
package io.privtune.split;
