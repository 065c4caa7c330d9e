/**
 * FFM bindings of the CUDA driver API (cuda.h 13.0) and cuBLAS 13, loaded lazily: without a driver every entry
 * point answers one {@link io.privtune.cuda.CudaUnavailableException}.
 *
 * <p><b>Internal</b>: public only because another PrivTune module calls it; not for use outside PrivTune, and it
 * may change in any release. Use {@code io.privtune.cuda.backend} instead.
 */
package io.privtune.cuda;
