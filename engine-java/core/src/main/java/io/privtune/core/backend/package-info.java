/**
 * Where the hot paths run: {@link io.privtune.core.backend.ComputeBackend} (exact kNN, the noise solvers, the
 * final perturbation) and its plain-Java + Vector API implementation {@link
 * io.privtune.core.backend.CpuBackend}; the CUDA one is in {@code privtune-cuda}.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java"). {@code DchiPerturbation} and {@code NoiseSolver} are the service interface a backend implements.
 */
package io.privtune.core.backend;
