package io.privtune.split.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.privtune.core.backend.DchiPerturbation;
import io.privtune.core.mechanism.MechanismContext;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.mechanism.Mechanisms;
import io.privtune.core.model.BundledModel;
import io.privtune.core.progress.Progress;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.StreamAddresses;
import io.privtune.split.data.GlueTsv;
import io.privtune.split.data.LabelledText;
import io.privtune.split.demo.Sst2TestData;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.OnnxBertReader;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plays the cloud of issue 11: it holds every upload and mask the device sent, knows the public code, the
 * model, the mechanism, its parameters and every default, and regenerates the noise to subtract it. Noise
 * streams are keyed by the text itself, so it regenerates the noise of candidate texts (here a public pool
 * that holds the victim's sentences among others of the same lengths, as SST-2 would be) and keeps, per
 * uploaded text, the candidate whose noise explains the upload best. Against a research seed that attack
 * identifies every text and recovers the clean representations almost exactly, so it works; against the
 * device's default secret key it identifies nothing and its estimate is no closer than the upload itself.
 */
class NoiseRegenerationAttackTest {
    private static final double ETA = 5;
    /** The cloud's best guess at a key it was never told: the research seed everyone defaults to. */
    private static final NoiseKey GUESS = NoiseKey.researchSeed(0);

    @TempDir
    Path dir;

    /** What the attack achieved: texts identified, and the mean distances to the clean representations. */
    private record Outcome(int identified, int texts, double uploadError, double estimateError, double norm) {}

    @Test
    void regeneratedNoiseStripsAResearchSeedButNotTheSecretKey() {
        List<LabelledText> pool = GlueTsv.read(Sst2TestData.source().resolve("train.tsv"), 2, 400);
        List<Encoding> candidates;
        try (WordPieceTokenizer t = WordPieceTokenizer.open(BundledModel.ALL_MINILM_L6_V2.tokenizerFile(), 32)) {
            candidates = t.encodeAll(pool, Progress.SILENT, "tokenise");
        }
        List<Encoding> victim = candidates.subList(0, 48); // the device's private training texts
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                BottomModel bottom = new BottomModel(
                        OnnxBertReader.read(
                                BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape()),
                        2,
                        manager)) {
            Outcome research =
                    attack(victim, candidates, bottom, NoiseSettings.research(0).key());
            assertEquals(research.texts(), research.identified(), "a research seed lets the cloud identify every text");
            assertTrue(
                    research.estimateError() < 1e-4 * research.norm(),
                    "and remove the noise: error " + research.estimateError() + " vs ||h|| " + research.norm());
            assertTrue(
                    research.uploadError() > 0.5 * research.norm(),
                    "the noise itself was large: " + research.uploadError());

            Outcome secret = attack(
                    victim,
                    candidates,
                    bottom,
                    NoiseSettings.secret(dir.resolve("device/noise.key")).key());
            assertEquals(0, secret.identified(), "the secret key leaves no text identifiable");
            assertTrue(
                    secret.estimateError() >= secret.uploadError(),
                    "the estimate is no closer than the upload: " + secret.estimateError() + " vs "
                            + secret.uploadError());
        }
    }

    private static Outcome attack(
            List<Encoding> victim, List<Encoding> candidates, BottomModel bottom, NoiseKey deviceKey) {
        MechanismParameters parameters = MechanismParameters.defaults().with(Map.of("eta", Double.toString(ETA)));
        DeviceSide device = new DeviceSide(
                bottom, Mechanisms.create("dchi", parameters, MechanismContext.of(deviceKey)), deviceKey);
        // the cloud: the same public code and settings under its guessed key, and the bottom model to compute clean
        // candidates
        DeviceSide guessed =
                new DeviceSide(bottom, Mechanisms.create("dchi", parameters, MechanismContext.of(GUESS)), GUESS);
        DeviceSide clean =
                new DeviceSide(bottom, Mechanisms.create("none", parameters, MechanismContext.of(GUESS)), GUESS);
        int d = bottom.shape().hidden();
        List<float[]> candidateClean = new ArrayList<>();
        for (Encoding c : candidates) {
            candidateClean.add(clean.prepare(PaddedBatch.of(List.of(c)), 0).representations());
        }
        int identified = 0;
        double uploadError = 0, estimateError = 0, norm = 0;
        int tokens = 0;
        for (int b = 0; b < victim.size(); b += 16) {
            PaddedBatch batch = PaddedBatch.of(victim.subList(b, Math.min(victim.size(), b + 16)));
            float[] received = device.prepare(batch, 0).representations();
            for (int row = 0; row < batch.batch(); row++) {
                int length = batch.realLength(row);
                float[] upload = java.util.Arrays.copyOfRange(
                        received, row * batch.length() * d, (row * batch.length() + length) * d);
                // the best candidate of that length: the one whose regenerated noise leaves the cleanest residual
                double best = Double.POSITIVE_INFINITY;
                float[] bestEstimate = null;
                int bestCandidate = -1;
                for (int c = 0; c < candidates.size(); c++) {
                    if (candidates.get(c).length() != length) {
                        continue;
                    }
                    float[] noise = regeneratedNoise(guessed, candidates.get(c), d);
                    float[] estimate = new float[length * d];
                    double residual = 0;
                    for (int j = 0; j < length * d; j++) {
                        estimate[j] = upload[j] - noise[j];
                        double r = estimate[j] - candidateClean.get(c)[j];
                        residual += r * r;
                    }
                    if (residual < best) {
                        best = residual;
                        bestEstimate = estimate;
                        bestCandidate = c;
                    }
                }
                identified += best < 1e-6 * length * d ? 1 : 0;
                assertTrue(bestCandidate >= 0, "the pool holds texts of every victim length");
                float[] truth = candidateClean.get(b + row);
                for (int p = 1; p < length - 1; p++) { // [CLS] and [SEP] travel unperturbed
                    double u = 0, e = 0, n = 0;
                    for (int j = p * d; j < (p + 1) * d; j++) {
                        u += (upload[j] - truth[j]) * (upload[j] - truth[j]);
                        e += (bestEstimate[j] - truth[j]) * (bestEstimate[j] - truth[j]);
                        n += truth[j] * truth[j];
                    }
                    uploadError += Math.sqrt(u);
                    estimateError += Math.sqrt(e);
                    norm += Math.sqrt(n);
                    tokens++;
                }
            }
        }
        return new Outcome(identified, victim.size(), uploadError / tokens, estimateError / tokens, norm / tokens);
    }

    /** The noise the public code would add to {@code text} under the guessed key: its nonce, then the dχ streams. */
    private static float[] regeneratedNoise(DeviceSide guessed, Encoding text, int d) {
        int length = text.length();
        boolean[] leave = new boolean[length];
        leave[0] = true;
        leave[length - 1] = true;
        return DchiPerturbation.apply(
                new float[length * d],
                null,
                null,
                leave,
                length,
                d,
                StreamAddresses.of(guessed.textNonce(text.ids(), 0), length),
                GUESS,
                ETA);
    }
}
