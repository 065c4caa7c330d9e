package io.privtune.split.attack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.model.RelaxedBottom;
import io.privtune.split.train.AdamW;
import java.util.List;

/**
 * The optimisation inversion attack (docs/DESIGN.md §4, EIA 3). The attacker knows the bottom model; it relaxes
 * every position to a distribution over the vocabulary, feeds softmax(z)·E through the bottom model, and
 * descends on z (Adam) so that the output matches the uploaded h~ at the real positions; the decoded token
 * is argmax z (top-5: the 5 largest). At m = 0 the bottom model is the embedding layer and this is a
 * (slower) nearest-row search.
 */
public final class OptimisationAttack {
    /** Hit counts over the attacked (non-special) tokens, so that batches add up, and the hits token by token. */
    public record Tally(int attacked, int top1, int top5, boolean[] top1Hits, boolean[] top5Hits) {
        public Tally(int attacked, int top1, int top5) {
            this(attacked, top1, top5, new boolean[0], new boolean[0]);
        }

        public Tally plus(Tally other) {
            return new Tally(
                    attacked + other.attacked,
                    top1 + other.top1,
                    top5 + other.top5,
                    concat(top1Hits, other.top1Hits),
                    concat(top5Hits, other.top5Hits));
        }

        private static boolean[] concat(boolean[] a, boolean[] b) {
            boolean[] out = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }

        public double top1Rate() {
            return attacked == 0 ? Double.NaN : (double) top1 / attacked;
        }

        public double top5Rate() {
            return attacked == 0 ? Double.NaN : (double) top5 / attacked;
        }
    }

    private final RelaxedBottom bottom;
    private final int steps;
    private final float learningRate;

    public OptimisationAttack(RelaxedBottom bottom, int steps, float learningRate) {
        if (steps < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException(
                    "optimisation attack: need steps >= 1 and learning rate > 0, found " + steps + ", " + learningRate);
        }
        this.bottom = bottom;
        this.steps = steps;
        this.learningRate = learningRate;
    }

    /** Attacks one uploaded batch: {@code uploaded} is B x L x d as it crossed the wire, {@code batch} holds the truth. */
    public Tally run(float[] uploaded, PaddedBatch batch) {
        int d = bottom.hidden();
        int vocabulary = bottom.vocabSize();
        if (uploaded.length != (long) batch.batch() * batch.length() * d) {
            throw new IllegalArgumentException("optimisation attack: upload has " + uploaded.length
                    + " floats, expected B x L x d = " + batch.batch() + " x " + batch.length() + " x " + d);
        }
        try (NDManager scope = NDManager.newBaseManager("PyTorch")) {
            NDArray target = scope.create(uploaded, new Shape(batch.batch(), batch.length(), d));
            NDArray mask = batch.maskArray(scope);
            NDArray weight = mask.expandDims(2);
            NDArray words = bottom.wordEmbeddings();
            NDArray z = scope.zeros(new Shape(batch.batch(), batch.length(), vocabulary));
            z.setRequiresGradient(true);
            AdamW adam = new AdamW(List.of(z), 0f);
            for (int step = 0; step < steps; step++) {
                try (NDManager iteration = scope.newSubManager()) {
                    // z's temporaries (B x L x V each) must die with the iteration, not pile up in scope
                    iteration.tempAttachAll(z, target, mask, weight);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray relaxed = z.softmax(-1).matMul(words);
                        NDArray h = bottom.forwardRelaxed(relaxed, mask);
                        NDArray loss = h.sub(target).square().mul(weight).sum();
                        collector.backward(loss);
                    }
                }
                adam.update(learningRate);
            }
            long[] guesses = z.topK(5, -1, true, true).get(1).toLongArray();
            return tally(guesses, batch);
        }
    }

    private static Tally tally(long[] top5, PaddedBatch batch) {
        int attacked = 0, top1 = 0, top5hits = 0;
        boolean[] top1Hits = new boolean[batch.ids().length];
        boolean[] top5Hits = new boolean[batch.ids().length];
        for (int p = 0; p < batch.ids().length; p++) {
            if (batch.special()[p]) {
                continue;
            }
            long truth = batch.ids()[p];
            top1Hits[attacked] = top5[p * 5] == truth;
            top1 += top1Hits[attacked] ? 1 : 0;
            for (int r = 0; r < 5; r++) {
                if (top5[p * 5 + r] == truth) {
                    top5hits++;
                    top5Hits[attacked] = true;
                    break;
                }
            }
            attacked++;
        }
        return new Tally(
                attacked,
                top1,
                top5hits,
                java.util.Arrays.copyOf(top1Hits, attacked),
                java.util.Arrays.copyOf(top5Hits, attacked));
    }
}
