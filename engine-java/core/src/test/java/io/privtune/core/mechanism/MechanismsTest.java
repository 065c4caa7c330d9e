package io.privtune.core.mechanism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.importance.CtiScores;
import io.privtune.core.internal.opt.ClosedFormSolver;
import io.privtune.core.knn.CpuCosineIndex;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.StreamAddresses;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.core.testing.RandomSpaces;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MechanismsTest {
    private static final int V = 300, D = 16;
    private final EmbeddingSpace dictionary = RandomSpaces.space(V, D, 77);
    private final KnnGraph graph = new CpuCosineIndex(dictionary).graph(5, ProgressListener.NONE);
    private final MechanismContext context = MechanismContext.of(dictionary, graph, NoiseKey.researchSeed(0));

    /** n copies of the same token (same h), occurrences numbered from 0. */
    private TokenBatch repeated(int token, int n, float importance) {
        float[] h = new float[n * D];
        int[] ids = new int[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            dictionary.copyRow(token, h, i * D);
            ids[i] = token;
            w[i] = importance;
        }
        return TokenBatch.of(h, ids, D, 0).withImportance(w);
    }

    private static double[] meanOffset(TokenBatch batch, Perturbation p) {
        double[] mean = new double[D];
        for (int i = 0; i < batch.tokens(); i++) {
            for (int j = 0; j < D; j++) {
                mean[j] += (p.perturbed()[i * D + j] - batch.representations()[i * D + j]) / batch.tokens();
            }
        }
        return mean;
    }

    @Test
    void meanShiftMovesTheSampleMeanToSTimesDelta() {
        MechanismParameters p = MechanismParameters.defaults()
                .with(Map.of("eta", "40", "target", "centroid", "lambda", "0.5", "kappa", "0.8", "s-min", "0.3"));
        int token = 11, n = 20_000;
        float w = 0.6f;
        TokenBatch batch = repeated(token, n, w);
        Perturbation out = Mechanisms.create("privtune", p, context).perturb(batch);
        // the expected shift: s · δ* with δ* the capped closed form toward the 2-hop centroid
        float[] h = dictionary.row(token);
        float[] c = centroid(token);
        float[] delta = new float[D];
        ClosedFormSolver.solve(h, c, 1, D, 0.5f, 0.8f, delta);
        double s = 0.3 + 0.7 * (1 - w);
        double[] mean = meanOffset(batch, out);
        // per-coordinate noise sd = s · E[r²]^{1/2} / sqrt(d), E r² = d(d+1)/η²
        double sd = s * Math.sqrt(D * (D + 1.0)) / 40 / Math.sqrt(D);
        for (int j = 0; j < D; j++) {
            assertEquals(s * delta[j], mean[j], 5 * sd / Math.sqrt(n), "coordinate " + j);
        }
        assertEquals(40 / s, out.effectiveEta()[0], 1e-9);
    }

    @Test
    void ablationsRemoveWhatTheyName() {
        MechanismParameters p = MechanismParameters.defaults().with(Map.of("eta", "40", "target", "centroid"));
        int n = 20_000;
        TokenBatch batch = repeated(5, n, 1f);
        double[] noShift = meanOffset(
                batch, Mechanisms.create("privtune-no-shift", p, context).perturb(batch));
        double sd = Math.sqrt(D * (D + 1.0)) / 40 / Math.sqrt(D);
        for (double m : noShift) {
            assertEquals(0, m, 5 * sd / Math.sqrt(n));
        }
        Perturbation noImportance =
                Mechanisms.create("privtune-no-importance", p, context).perturb(batch);
        Perturbation withImportance = Mechanisms.create("privtune", p, context).perturb(batch);
        assertEquals(40, noImportance.effectiveEta()[0], 1e-9); // s = 1
        assertEquals(40 / 0.3, withImportance.effectiveEta()[0], 1e-9); // w = 1 → s = s_min
    }

    @Test
    void specialTokensAreNeverPerturbed() {
        TokenBatch batch = repeated(3, 6, 0.5f);
        boolean[] special = {true, false, false, false, false, true};
        batch = batch.withSpecial(special);
        for (String name : Mechanisms.NAMES) {
            if (name.equals("sap-cti")) {
                continue;
            }
            Perturbation out = Mechanisms.create(name, MechanismParameters.defaults(), context)
                    .perturb(batch);
            assertArrayEquals(
                    Arrays.copyOfRange(batch.representations(), 0, D), Arrays.copyOfRange(out.perturbed(), 0, D), name);
            assertArrayEquals(
                    Arrays.copyOfRange(batch.representations(), 5 * D, 6 * D),
                    Arrays.copyOfRange(out.perturbed(), 5 * D, 6 * D),
                    name);
            assertEquals(Double.POSITIVE_INFINITY, out.effectiveEta()[0], name);
            if (!name.equals("none")) {
                assertFalse(
                        Arrays.equals(
                                Arrays.copyOfRange(batch.representations(), D, 2 * D),
                                Arrays.copyOfRange(out.perturbed(), D, 2 * D)),
                        name);
            }
        }
    }

    @Test
    void sameKeySameOutputOtherKeyOtherOutput() {
        TokenBatch batch = repeated(8, 50, 0.2f);
        MechanismParameters p = MechanismParameters.defaults();
        Perturbation a = Mechanisms.create("privtune", p, context).perturb(batch);
        Perturbation b = Mechanisms.create("privtune", p, context).perturb(batch);
        Perturbation c = Mechanisms.create("privtune", p, context.withKey(NoiseKey.generate()))
                .perturb(batch);
        assertArrayEquals(a.perturbed(), b.perturbed());
        assertFalse(Arrays.equals(a.perturbed(), c.perturbed()));
        // the same token at another position gets other noise
        assertFalse(
                Arrays.equals(Arrays.copyOfRange(a.perturbed(), 0, D), Arrays.copyOfRange(a.perturbed(), D, 2 * D)));
    }

    /**
     * A token's release depends on its own row, token, importance and address only: the first texts of a batch,
     * perturbed alone, get the rows they got among the rest. The attack suite relies on it when it perturbs the
     * contextual model's texts, a prefix of the attacker's, on their own.
     */
    @Test
    void aPrefixOfABatchGetsTheRowsItGotAmongTheRest() {
        int n = 40;
        int prefix = 16; // two texts of eight
        java.util.Random random = new java.util.Random(5);
        float[] h = new float[n * D];
        int[] ids = new int[n];
        float[] w = new float[n];
        long[] text = new long[n];
        int[] position = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(V);
            dictionary.copyRow(ids[i], h, i * D);
            w[i] = random.nextFloat();
            text[i] = 1000 + i / 8;
            position[i] = i % 8;
        }
        TokenBatch all = new TokenBatch(n, D, h, ids, new boolean[n], w, new StreamAddresses(text, position));
        TokenBatch first = new TokenBatch(
                prefix,
                D,
                Arrays.copyOf(h, prefix * D),
                Arrays.copyOf(ids, prefix),
                new boolean[prefix],
                Arrays.copyOf(w, prefix),
                new StreamAddresses(Arrays.copyOf(text, prefix), Arrays.copyOf(position, prefix)));
        CtiScores cti = CtiScores.fromCorpus(
                List.of(Arrays.copyOf(ids, 20), Arrays.copyOfRange(ids, 20, n)), new int[] {0, 1}, V, Set.of());
        for (String name : Mechanisms.NAMES) {
            Mechanism mechanism = Mechanisms.create(name, MechanismParameters.defaults(), context.withCti(cti));
            assertArrayEquals(
                    Arrays.copyOf(mechanism.perturb(all).perturbed(), prefix * D),
                    mechanism.perturb(first).perturbed(),
                    0f,
                    name);
        }
    }

    @Test
    void opt2SolverRunsThroughTheMechanism() {
        TokenBatch batch = repeated(8, 64, 0.2f);
        MechanismParameters opt2 =
                MechanismParameters.defaults().with(Map.of("solver", "opt2", "mu", "0.5", "beta", "2"));
        MechanismParameters opt3 = opt2.with(Map.of("solver", "opt3"));
        Perturbation a = Mechanisms.create("privtune", opt2, context).perturb(batch);
        Perturbation b = Mechanisms.create("privtune", opt3, context).perturb(batch);
        assertEquals(batch.tokens() * D, a.perturbed().length);
        assertTrue(Arrays.stream(toDouble(a.perturbed())).allMatch(Double::isFinite));
        assertFalse(Arrays.equals(a.perturbed(), b.perturbed()), "OPT-2 moves δ away from the closed form here");
    }

    @Test
    void sapCtiLeavesTopTokensUnperturbed() {
        // token 1 only in class 0, token 2 only in class 1, token 3 in both
        List<int[]> sequences = List.of(new int[] {1, 3}, new int[] {1, 3, 3}, new int[] {2, 3}, new int[] {2, 2, 3});
        CtiScores cti = CtiScores.fromCorpus(sequences, new int[] {0, 0, 1, 1}, V, Set.of());
        MechanismContext withCti = context.withCti(cti);
        MechanismParameters p = MechanismParameters.defaults().with(Map.of("cti-top", "1"));
        float[] h = new float[3 * D];
        dictionary.copyRow(1, h, 0);
        dictionary.copyRow(2, h, D);
        dictionary.copyRow(3, h, 2 * D);
        TokenBatch batch = TokenBatch.of(h, new int[] {1, 2, 3}, D, 0);
        Perturbation out = Mechanisms.create("sap-cti", p, withCti).perturb(batch);
        assertArrayEquals(Arrays.copyOfRange(h, 0, 2 * D), Arrays.copyOfRange(out.perturbed(), 0, 2 * D));
        assertFalse(
                Arrays.equals(Arrays.copyOfRange(h, 2 * D, 3 * D), Arrays.copyOfRange(out.perturbed(), 2 * D, 3 * D)));
        assertEquals(Double.POSITIVE_INFINITY, out.effectiveEta()[0]);
        assertEquals(p.eta(), out.effectiveEta()[2]);
        assertTrue(Mechanisms.create("sap-cti", p, withCti).privacyStatement().contains("unperturbed"));
    }

    @Test
    void theCatalogueSaysWhatEachMechanismNeeds() {
        MechanismParameters attention = MechanismParameters.defaults();
        MechanismParameters cti = attention.with(Map.of("importance", "cti"));
        assertEquals(Mechanisms.NAMES, MechanismKind.names());
        for (MechanismKind k : MechanismKind.values()) {
            assertEquals(k, MechanismKind.of(k.id()));
            boolean privtune = k.id().startsWith("privtune");
            assertEquals(privtune, k.isPrivTune(), k.id());
            assertEquals(
                    k == MechanismKind.PRIVTUNE || k == MechanismKind.PRIVTUNE_NO_IMPORTANCE, k.needsGraph(), k.id());
        }
        assertTrue(MechanismKind.SAP_CTI.needsCti(attention));
        assertTrue(MechanismKind.PRIVTUNE.needsCti(cti) && MechanismKind.PRIVTUNE_NO_SHIFT.needsCti(cti));
        assertFalse(MechanismKind.PRIVTUNE_NO_IMPORTANCE.needsCti(cti), "no importance scaling, no CTI");
        assertFalse(MechanismKind.PRIVTUNE.needsCti(attention) || MechanismKind.DCHI.needsCti(cti));
        assertTrue(MechanismKind.PRIVTUNE.needsAttention(attention) && !MechanismKind.PRIVTUNE.needsAttention(cti));
        MechanismParameters consistent = attention.with(Map.of("consistent-share", "0.5"));
        assertTrue(MechanismKind.PRIVTUNE.needsCti(consistent)
                && MechanismKind.PRIVTUNE_NO_IMPORTANCE.needsCti(consistent));
        assertFalse(MechanismKind.PRIVTUNE_NO_SHIFT.needsCti(consistent), "no shift, no targets to choose");
        // each kind's needs are what its mechanism actually refuses without
        for (MechanismParameters p : List.of(cti, consistent)) {
            for (MechanismKind k : MechanismKind.values()) {
                MechanismContext withGraph = context.withKey(NoiseKey.generate());
                boolean refused;
                try {
                    k.create(p, MechanismContext.of(NoiseKey.generate()));
                    refused = false;
                } catch (IllegalArgumentException e) {
                    refused = true;
                }
                assertEquals(k.needsGraph() || k.needsCti(p), refused, k.id() + " " + p.identityMap());
                boolean refusedWithGraph;
                try {
                    k.create(p, withGraph);
                    refusedWithGraph = false;
                } catch (IllegalArgumentException e) {
                    refusedWithGraph = true;
                }
                assertEquals(k.needsCti(p), refusedWithGraph, k.id() + " with the graph, " + p.identityMap());
            }
        }
    }

    @Test
    void consistentShareDrawsTargetsOnlyFromTheTokensClassMatchedNeighbours() {
        // even tokens occur only in class 0, odd ones only in class 1
        List<int[]> texts = new java.util.ArrayList<>();
        int[] labels = new int[V * 3];
        for (int i = 0; i < V * 3; i++) {
            texts.add(new int[] {i % V});
            labels[i] = i % V % 2;
        }
        MechanismContext withCti = context.withCti(CtiScores.fromCorpus(texts, labels, V, Set.of()));
        // no noise to speak of and no cap: each upload lands on its target row
        MechanismParameters base = MechanismParameters.defaults().with(Map.of("eta", "1e9", "kappa", "100"));
        int token = 8, n = 300;
        int[] sameClass = new int[2];
        for (String share : List.of("1", "0.4")) {
            MechanismParameters p = base.with(Map.of("consistent-share", share));
            Perturbation out =
                    Mechanisms.create("privtune-no-importance", p, withCti).perturb(repeated(token, n, 0f));
            for (int i = 0; i < n; i++) {
                int row = nearestRow(Arrays.copyOfRange(out.perturbed(), i * D, (i + 1) * D));
                sameClass[share.equals("1") ? 0 : 1] += row % 2 == token % 2 ? 1 : 0;
            }
        }
        assertTrue(sameClass[0] < n, "the whole hop set mixes classes: " + sameClass[0] + " of " + n);
        assertEquals(n, sameClass[1], "a consistent share of 0.4 keeps the target in the token's class");
        assertTrue(Mechanisms.create("privtune", base.with(Map.of("consistent-share", "0.4")), withCti)
                .identity()
                .contains("consistent-share=0.4"));
        assertFalse(
                Mechanisms.create("privtune", base, withCti).identity().contains("consistent-share"),
                "the default leaves the identity (and so every stream nonce) as before the parameter existed");
    }

    private int nearestRow(float[] x) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int v = 0; v < V; v++) {
            double dist = 0;
            for (int j = 0; j < D; j++) {
                double diff = x[j] - dictionary.get(v, j);
                dist += diff * diff;
            }
            if (dist < bestDistance) {
                bestDistance = dist;
                best = v;
            }
        }
        return best;
    }

    @Test
    void missingContextOrImportanceIsExplained() {
        IllegalArgumentException noCti = assertThrows(
                IllegalArgumentException.class,
                () -> Mechanisms.create("sap-cti", MechanismParameters.defaults(), context));
        assertTrue(noCti.getMessage().contains("CTI"), noCti.getMessage());
        IllegalArgumentException noGraph = assertThrows(
                IllegalArgumentException.class,
                () -> Mechanisms.create(
                        "privtune", MechanismParameters.defaults(), MechanismContext.of(NoiseKey.generate())));
        assertTrue(noGraph.getMessage().contains("kNN graph"), noGraph.getMessage());
        IllegalArgumentException noProfiles = assertThrows(
                IllegalArgumentException.class,
                () -> Mechanisms.create(
                        "privtune", MechanismParameters.defaults().with(Map.of("consistent-share", "0.5")), context));
        assertTrue(noProfiles.getMessage().contains("class profiles"), noProfiles.getMessage());
        TokenBatch withoutImportance = TokenBatch.of(dictionary.row(1), new int[] {1}, D, 0);
        IllegalArgumentException noWeights = assertThrows(
                IllegalArgumentException.class,
                () -> Mechanisms.create("privtune", MechanismParameters.defaults(), context)
                        .perturb(withoutImportance));
        assertTrue(noWeights.getMessage().contains("attention"), noWeights.getMessage());
        IllegalArgumentException noKey = assertThrows(
                IllegalArgumentException.class,
                () -> Mechanisms.create("dchi", MechanismParameters.defaults(), context.withKey(null)));
        assertTrue(noKey.getMessage().contains("noise key"), noKey.getMessage());
        IllegalArgumentException seedParameter = assertThrows(
                IllegalArgumentException.class,
                () -> MechanismParameters.defaults().with(Map.of("seed", "3")));
        assertTrue(seedParameter.getMessage().contains("--noise-seed"), seedParameter.getMessage());
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> Mechanisms.create("laplace", MechanismParameters.defaults(), context));
        assertTrue(unknown.getMessage().contains("privtune-no-shift"), unknown.getMessage());
    }

    @Test
    void impossibleParametersAreRefusedByName() {
        MechanismParameters d = MechanismParameters.defaults();
        assertMessage("eta", () -> d.with(Map.of("eta", "0")));
        assertMessage("eta", () -> d.with(Map.of("eta", "-3")));
        assertMessage("hops", () -> d.with(Map.of("hops", "1")));
        assertMessage("kappa", () -> d.with(Map.of("kappa", "0")));
        assertMessage("lambda", () -> d.with(Map.of("lambda", "-0.1")));
        assertMessage("s_min", () -> d.with(Map.of("s-min", "1.5")));
        assertMessage("sigma", () -> d.with(Map.of("sigma", "0")));
        assertMessage("eta", () -> d.with(Map.of("eta", "abc")));
        assertMessage("solver", () -> d.with(Map.of("solver", "adam")));
        assertMessage("consistent-share", () -> d.with(Map.of("consistent-share", "0")));
        assertMessage("consistent-share", () -> d.with(Map.of("consistent-share", "1.2")));
        assertMessage("unknown mechanism parameter 'epsilon'", () -> d.with(Map.of("epsilon", "1")));
        assertEquals(d, d.with(d.asMap()), "parameters round-trip through their text form");
    }

    @Test
    void badBatchesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TokenBatch.of(new float[D + 1], new int[] {1}, D, 0));
        assertThrows(IllegalArgumentException.class, () -> TokenBatch.of(new float[0], new int[0], D, 0));
        float[] nan = new float[D];
        nan[3] = Float.NaN;
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TokenBatch.of(nan, new int[] {1}, D, 0));
        assertTrue(e.getMessage().contains("column 3"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> TokenBatch.of(new float[D], new int[] {1}, D, 0).withImportance(new float[] {2f}));
        TokenBatch wide =
                TokenBatch.of(new float[D + 2], new int[] {1}, D + 2, 0).withImportance(new float[] {0f});
        assertThrows(
                IllegalArgumentException.class,
                () -> Mechanisms.create("privtune", MechanismParameters.defaults(), context)
                        .perturb(wide));
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private float[] centroid(int token) {
        int[] members =
                new io.privtune.core.internal.hop.HopSets(graph, 2).of(token).members();
        float[] c = new float[D];
        for (int v : members) {
            for (int j = 0; j < D; j++) {
                c[j] += dictionary.get(v, j) / members.length;
            }
        }
        return c;
    }

    private static double[] toDouble(float[] f) {
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }
}
