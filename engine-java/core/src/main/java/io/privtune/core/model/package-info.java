/**
 * The bundled pretrained models (all-MiniLM-L6-v2, bge-small-en-v1.5), their shapes, the embedding layer (the
 * bottom model at m = 0) and the cache folder.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java").
 */
package io.privtune.core.model;
