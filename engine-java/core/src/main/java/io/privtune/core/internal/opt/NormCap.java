package io.privtune.core.internal.opt;

/**
 * The semantic-preservation cap ‖δ‖ ≤ κ‖h‖ (docs/DESIGN.md §3.4): projection onto that ball. For κ < 1 it
 * keeps cos(h + δ, h) ≥ sqrt(1 − κ²).
 */
final class NormCap {
    private NormCap() {}

    /** Projects row {@code off} of {@code delta} onto the ball of radius κ‖h‖; returns the radius. */
    static float project(float[] delta, float[] h, int off, int d, float kappa) {
        float radius = kappa * (float) Math.sqrt(VectorMath.squaredNorm(h, off, d));
        float norm = (float) Math.sqrt(VectorMath.squaredNorm(delta, off, d));
        if (norm > radius) {
            VectorMath.scale(delta, off, norm == 0 ? 0 : radius / norm, d);
        }
        return radius;
    }
}
