/**
 * Tokenisation with the models' own tokenizer.json (DJL's Hugging Face tokenizers).
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java").
 */
package io.privtune.split.text;
