/**
 * Exact k-nearest-neighbour search over a token dictionary (cosine and L2) and the kNN graph G (docs/DESIGN.md §3.2):
 * the engine's first hot path, a register-blocked GEMM + top-k on the Vector API.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java"). The kernels themselves are package-private.
 */
package io.privtune.core.knn;
