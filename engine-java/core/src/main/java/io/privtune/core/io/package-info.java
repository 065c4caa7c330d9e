/**
 * Files: safetensors read off-heap and written, the dictionary's file format, and the minimal ONNX reader that
 * takes the bundled models' weights.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java"). {@code ProtobufReader} is package-private; {@code OnnxModelFile} is internal.
 */
package io.privtune.core.io;
