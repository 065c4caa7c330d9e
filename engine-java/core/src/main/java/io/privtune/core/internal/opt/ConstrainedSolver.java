package io.privtune.core.internal.opt;

import io.privtune.core.knn.KnnGraph;
import io.privtune.core.space.EmbeddingSpace;
import java.util.stream.IntStream;

/**
 * OPT-2 (docs/DESIGN.md §3.5): minimise
 * J(δ) = ‖x − c‖² + λ‖δ‖² + β Σ_{u∈A} max(0, ‖x − c‖² + μ − ‖x − R_u‖²), x = h + δ,
 * over ‖δ‖ ≤ κ‖h‖, where A = {t} ∪ N_1(t): the token and its direct neighbours must not end up
 * closer than the target. Projected gradient descent from OPT-3's δ*, T steps of size
 * 1/(2(1 + λ + β|A|)); a step that would raise J is halved (up to 8 times) and otherwise the token
 * stops, so J never increases. Note that each hinge is linear in x (the quadratics cancel), so the
 * smooth part alone sets the curvature.
 */
public final class ConstrainedSolver {
    private static final int ROWS_PER_TASK = 16;
    private static final int MAX_HALVINGS = 8;

    private final float[] dictionary;
    private final int vocabulary;
    private final int d;
    private final KnnGraph graph;

    public ConstrainedSolver(EmbeddingSpace dictionary, KnnGraph graph) {
        if (graph.vertices() != dictionary.rows()) {
            throw new IllegalArgumentException("graph has " + graph.vertices() + " vertices but the dictionary has "
                    + dictionary.rows() + " rows");
        }
        this.dictionary = dictionary.toArray();
        this.vocabulary = dictionary.rows();
        this.d = dictionary.dim();
        this.graph = graph;
    }

    /** Solves every row: δ is written to {@code delta}; h, c and delta are n x d row-major. */
    public void solve(float[] h, float[] c, int[] tokenIds, int n, ConstrainedParameters p, float[] delta) {
        NoiseParameters.checkRows(h, c, delta, n, d);
        if (tokenIds.length != n) {
            throw new IllegalArgumentException(
                    "OPT-2 needs one token id per row: " + n + " rows, " + tokenIds.length + " ids");
        }
        for (int i = 0; i < n; i++) {
            checkToken(i, tokenIds[i]);
        }
        ClosedFormSolver.solve(h, c, n, d, p.lambda(), p.kappa(), delta);
        IntStream.range(0, (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK).parallel().forEach(task -> {
            Workspace w = new Workspace(d, graph.k() + 1);
            for (int i = task * ROWS_PER_TASK, end = Math.min(n, i + ROWS_PER_TASK); i < end; i++) {
                w.load(h, c, delta, i * d, anchorsOf(tokenIds[i], w.anchors));
                descend(p, w);
                System.arraycopy(w.delta, 0, delta, i * d, d);
            }
        });
    }

    /** J(δ) for row {@code off / d} (double accumulation), as the solver computes it. */
    public double objective(float[] h, float[] c, int tokenId, int off, float[] delta, ConstrainedParameters p) {
        checkToken(off / d, tokenId);
        Workspace w = new Workspace(d, graph.k() + 1);
        w.load(h, c, delta, off, anchorsOf(tokenId, w.anchors));
        return evaluate(w.delta, p, w);
    }

    /** The largest margin violation max_{u∈A} (‖x − c‖² + μ − ‖x − R_u‖²) of one row; ≤ 0 means none. */
    public double worstViolation(float[] h, float[] c, int tokenId, int off, float[] delta, float mu) {
        checkToken(off / d, tokenId);
        Workspace w = new Workspace(d, graph.k() + 1);
        w.load(h, c, delta, off, anchorsOf(tokenId, w.anchors));
        position(w.delta, w);
        double toTarget = VectorMath.squaredDistance(w.x, 0, w.c, 0, d);
        double worst = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < w.count; a++) {
            worst = Math.max(
                    worst, toTarget + mu - VectorMath.squaredDistance(w.x, 0, dictionary, w.anchors[a] * d, d));
        }
        return worst;
    }

    private void checkToken(int row, int token) {
        if (token < 0 || token >= vocabulary) {
            throw new IllegalArgumentException(
                    "row " + row + ": token id " + token + " is outside [0, " + vocabulary + ")");
        }
    }

    private int anchorsOf(int token, int[] anchors) {
        anchors[0] = token;
        for (int r = 0; r < graph.k(); r++) {
            anchors[r + 1] = graph.neighbour(token, r);
        }
        return graph.k() + 1;
    }

    private void descend(ConstrainedParameters p, Workspace w) {
        double current = evaluate(w.delta, p, w);
        float fullStep = 1f / (2f * (1f + p.lambda() + p.beta() * w.count));
        for (int t = 0; t < p.steps(); t++) {
            gradient(p, w); // w.x and w.active describe w.delta here
            boolean accepted = false;
            float step = fullStep;
            for (int halving = 0; halving <= MAX_HALVINGS && !accepted; halving++, step *= 0.5f) {
                for (int j = 0; j < d; j++) {
                    w.candidate[j] = w.delta[j] - step * w.grad[j];
                }
                NormCap.project(w.candidate, w.h, 0, d, p.kappa());
                double value = evaluate(w.candidate, p, w);
                if (value <= current) {
                    System.arraycopy(w.candidate, 0, w.delta, 0, d);
                    current = value;
                    accepted = true;
                }
            }
            if (!accepted) {
                evaluate(w.delta, p, w);
                return; // no step decreases J: at a (numerical) optimum
            }
        }
    }

    private void position(float[] delta, Workspace w) {
        for (int j = 0; j < d; j++) {
            w.x[j] = w.h[j] + delta[j];
        }
    }

    /** J at {@code delta}; leaves x = h + delta in w.x and the active hinges in w.active. */
    private double evaluate(float[] delta, ConstrainedParameters p, Workspace w) {
        position(delta, w);
        double toTarget = VectorMath.squaredDistance(w.x, 0, w.c, 0, d);
        double value = toTarget + p.lambda() * (double) VectorMath.squaredNorm(delta, 0, d);
        for (int a = 0; a < w.count; a++) {
            double hinge = toTarget + p.mu() - VectorMath.squaredDistance(w.x, 0, dictionary, w.anchors[a] * d, d);
            w.active[a] = hinge > 0;
            if (hinge > 0) {
                value += p.beta() * hinge;
            }
        }
        return value;
    }

    /** ∇J = 2(x − c) + 2λδ + 2β Σ_active (R_u − c), at w.delta (w.x, w.active current). */
    private void gradient(ConstrainedParameters p, Workspace w) {
        for (int j = 0; j < d; j++) {
            w.grad[j] = 2f * (w.x[j] - w.c[j]) + 2f * p.lambda() * w.delta[j];
        }
        float twoBeta = 2f * p.beta();
        for (int a = 0; a < w.count; a++) {
            if (w.active[a]) {
                int row = w.anchors[a] * d;
                for (int j = 0; j < d; j++) {
                    w.grad[j] += twoBeta * (dictionary[row + j] - w.c[j]);
                }
            }
        }
    }

    /** One token's rows and scratch, per task, so the batched solve allocates once per task, not per token or step. */
    private static final class Workspace {
        final int d;
        final float[] h;
        final float[] c;
        final float[] delta;
        final float[] x;
        final float[] grad;
        final float[] candidate;
        final int[] anchors;
        final boolean[] active;
        int count;

        Workspace(int d, int maxAnchors) {
            this.d = d;
            h = new float[d];
            c = new float[d];
            delta = new float[d];
            x = new float[d];
            grad = new float[d];
            candidate = new float[d];
            anchors = new int[maxAnchors];
            active = new boolean[maxAnchors];
        }

        void load(float[] hs, float[] cs, float[] deltas, int off, int anchorCount) {
            System.arraycopy(hs, off, h, 0, d);
            System.arraycopy(cs, off, c, 0, d);
            System.arraycopy(deltas, off, delta, 0, d);
            count = anchorCount;
        }
    }
}
