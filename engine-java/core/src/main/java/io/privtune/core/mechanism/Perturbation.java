package io.privtune.core.mechanism;

/**
 * What a mechanism uploads for a batch, and its per-token privacy: {@code effectiveEta[i]} is the
 * dχ-privacy parameter row i got (η / s_i for PrivTune; η for dχ), +∞ for rows left unperturbed
 * (special or protected tokens), NaN where the mechanism makes no dχ statement (Gaussian).
 */
public record Perturbation(float[] perturbed, double[] effectiveEta) {}
