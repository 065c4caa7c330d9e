/**
 * Transformer models on DJL NDArrays from their own weights (ONNX, Hugging Face safetensors), split into the
 * device's bottom and the cloud's top, and the token dictionary R per split point.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java").
 */
package io.privtune.split.model;
