package io.privtune.cuda.backend;

/** Which GEMM computes the kNN similarities (query chunk x dictionary) before the fused top-k. */
public enum SimilarityGemm {
    /** cuBLAS FP32 when the library loads, our tiled kernel otherwise (the default). */
    CUBLAS_WHEN_AVAILABLE,
    /** Always {@code privtune_scores_tiled}: to test or benchmark the fallback on a machine that has cuBLAS. */
    TILED_KERNEL,
    /**
     * cuBLAS with TF32 tensor cores (inputs rounded to a 10-bit mantissa, FP32 accumulation): faster, but
     * similarities move by about 1e-3 relative, so near-ties among the k nearest can change order or membership.
     * Not the default; the GPU results say by how much it changes the neighbour ids. Needs cuBLAS.
     */
    CUBLAS_TF32
}
