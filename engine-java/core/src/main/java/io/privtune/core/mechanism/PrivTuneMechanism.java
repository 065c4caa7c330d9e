package io.privtune.core.mechanism;

import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.backend.NoiseSolver;
import io.privtune.core.importance.CtiScores;
import io.privtune.core.importance.ImportanceScaling;
import io.privtune.core.internal.hop.ConsistentTargets;
import io.privtune.core.internal.hop.HopSets;
import io.privtune.core.internal.hop.TargetCandidates;
import io.privtune.core.internal.hop.TargetSelector;
import io.privtune.core.random.NoiseKey;
import java.util.stream.IntStream;

/**
 * PrivTune (docs/DESIGN.md §3.3–3.7): h~_i = h_i + s_i·δ*_i + s_i·r_i·u_i. The mean shift δ* pulls h toward
 * a target drawn from the token's n-hop indirect neighbours (OPT-3 or OPT-2), r·u is dχ noise, and
 * s_i shrinks both for important tokens. The ablations switch off the shift (δ* = 0) or the importance
 * scaling (s_i = 1).
 */
final class PrivTuneMechanism implements Mechanism {
    private final String name;
    private final MechanismParameters parameters;
    private final boolean shift;
    private final boolean importanceScaling;
    private final TargetSelector targets;
    private final NoiseSolver solver;
    private final CtiScores cti;
    private final int dictionaryWidth;
    private final ComputeBackend backend;
    private final NoiseShape shape;
    private final NoiseKey key;

    PrivTuneMechanism(
            String name,
            MechanismParameters parameters,
            MechanismContext context,
            boolean shift,
            boolean importanceScaling) {
        this.name = name;
        this.parameters = parameters;
        this.shift = shift;
        this.importanceScaling = importanceScaling;
        if (shift) {
            if (context.dictionary() == null || context.graph() == null) {
                throw new IllegalArgumentException(
                        name + " needs the token dictionary R and its kNN graph to pick targets");
            }
            this.targets = new TargetSelector(
                    candidates(name, parameters, context),
                    context.dictionary(),
                    parameters.target(),
                    parameters.temperature());
            this.solver = context.backend().noiseSolver(context.dictionary(), context.graph());
            this.dictionaryWidth = context.dictionary().dim();
        } else {
            this.dictionaryWidth = -1;
            this.targets = null;
            this.solver = null;
        }
        if (importanceScaling
                && parameters.importance() == MechanismParameters.ImportanceSource.CTI
                && context.cti() == null) {
            throw new IllegalArgumentException(
                    name + " with importance=cti needs CTI scores from labelled training data");
        }
        this.cti = context.cti();
        this.backend = context.backend();
        this.shape = NoiseShape.of(name, parameters.mahalanobis(), context.dictionary());
        this.key = context.requireKey(name);
    }

    /** The n-hop sets, or their prediction-consistent part when consistent-share < 1 (which needs class profiles). */
    private static TargetCandidates candidates(String name, MechanismParameters parameters, MechanismContext context) {
        HopSets hops = new HopSets(context.graph(), parameters.hops());
        if (parameters.consistentShare() == 1) {
            return hops;
        }
        if (context.cti() == null) {
            throw new IllegalArgumentException(name + " with consistent-share " + parameters.consistentShare()
                    + " needs class profiles from labelled training data (the CTI statistics) to choose its targets");
        }
        return new ConsistentTargets(hops, context.cti(), parameters.consistentShare());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Perturbation perturb(TokenBatch batch) {
        int d = batch.dim();
        if (shift && d != dictionaryWidth) {
            throw new IllegalArgumentException(
                    name + ": batch width " + d + " differs from the dictionary width " + dictionaryWidth);
        }
        int[] rows = IntStream.range(0, batch.tokens())
                .filter(i -> !batch.special()[i])
                .toArray();
        float[] delta = shift ? meanShift(batch, rows) : null;
        int n = batch.tokens();
        double[] eta = new double[n];
        double[] scales = new double[n];
        float[] fullDelta = delta == null ? null : new float[n * d];
        for (int i = 0; i < n; i++) {
            eta[i] = Double.POSITIVE_INFINITY;
        }
        for (int r = 0; r < rows.length; r++) {
            int i = rows[r];
            scales[i] = importanceScaling ? ImportanceScaling.scale(importance(batch, i), parameters.sMin()) : 1.0;
            eta[i] = parameters.eta() / scales[i];
            if (fullDelta != null) {
                System.arraycopy(delta, r * d, fullDelta, i * d, d);
            }
        }
        float[] out = NoiseShape.perturb(
                shape,
                backend,
                batch.representations(),
                fullDelta,
                scales,
                batch.special(),
                n,
                d,
                batch.addresses(),
                key,
                parameters.eta());
        return new Perturbation(out, eta);
    }

    private float[] meanShift(TokenBatch batch, int[] rows) {
        int d = batch.dim();
        int m = rows.length;
        if (m == 0) {
            return new float[0];
        }
        float[] h = new float[m * d];
        float[] c = new float[m * d];
        int[] ids = new int[m];
        IntStream.range(0, m).parallel().forEach(r -> {
            int i = rows[r];
            System.arraycopy(batch.representations(), i * d, h, r * d, d);
            ids[r] = batch.tokenIds()[i];
            targets.target(ids[r], batch.addresses().text(i), batch.addresses().position(i), key, c, r * d);
        });
        float[] delta = new float[m * d];
        if (parameters.solver() == MechanismParameters.Solver.OPT2) {
            solver.constrained(h, c, ids, m, parameters.constrained(), delta);
        } else {
            solver.closedForm(h, c, m, parameters.lambda(), parameters.kappa(), delta);
        }
        return delta;
    }

    private double importance(TokenBatch batch, int row) {
        if (parameters.importance() == MechanismParameters.ImportanceSource.CTI) {
            return cti.importance(batch.tokenIds()[row]);
        }
        if (batch.importance() == null) {
            throw new IllegalArgumentException(
                    name + " with importance=attention needs attention weights in the token batch "
                            + "(or use importance=cti, or the privtune-no-importance ablation)");
        }
        return batch.importance()[row];
    }

    @Override
    public java.util.Optional<NoiseShape> noiseShape() {
        return java.util.Optional.ofNullable(shape);
    }

    @Override
    public String identity() {
        return name() + " " + parameters.identityMap();
    }

    @Override
    public String privacyStatement() {
        return "Token i is (eta / s_i)-d_chi-private (eta = " + parameters.eta() + ", s_i in [" + parameters.sMin()
                + ", 1]" + (importanceScaling ? "" : ", here s_i = 1")
                + ") with respect to the " + NoiseShape.metric(shape)
                + " between phi(x) and phi(x'), phi = h + s*delta*"
                + (shift ? "" : " (delta* = 0 in this ablation)")
                + "; the per-token value is reported with every batch.";
    }
}
