/**
 * Llama-architecture decoders on DJL NDArrays (RMSNorm, rotary positions, grouped-query causal attention,
 * SwiGLU, tied or untied head) from llama2.c checkpoints and their tokenizer, with greedy decoding as
 * llama2.c's run.c does it.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Decoders").
 */
package io.privtune.split.model.llama;
