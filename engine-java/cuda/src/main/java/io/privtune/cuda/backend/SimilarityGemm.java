package io.privtune.cuda.backend;

/** Which GEMM computes the kNN similarities (query chunk x dictionary) before the fused top-k. */
public enum SimilarityGemm {
    /** cuBLAS FP32 when the library loads, our tiled kernel otherwise (the default). */
    CUBLAS_WHEN_AVAILABLE,
    /** Always {@code privtune_scores_tiled}: to test or benchmark the fallback on a machine that has cuBLAS. */
    TILED_KERNEL
}
