/**
 * The CUDA {@link io.privtune.core.backend.ComputeBackend}: dictionary resident on the GPU, kNN by cuBLAS + a
 * fused top-k kernel, the noise kernels; {@link io.privtune.cuda.backend.Backends} picks auto, cpu or cuda.
 *
 * <p><b>API</b>: {@code Backends} and {@code CudaBackend}. <b>Internal</b>: the staging, GEMM and kernel
 * classes, public or not; they may change in any release.
 */
package io.privtune.cuda.backend;
