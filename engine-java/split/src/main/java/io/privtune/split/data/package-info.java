/**
 * Data set readers (GLUE TSV, CSV with named columns) that name file, line and reason on bad input.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java").
 */
package io.privtune.split.data;
