package io.privtune.split.train;

import ai.djl.ndarray.NDManager;
import io.privtune.core.backend.DchiPerturbation;
import io.privtune.core.mechanism.MechanismContext;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.mechanism.Mechanisms;
import io.privtune.core.model.BundledModel;
import io.privtune.core.random.DrawPurpose;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.RandomStream;
import io.privtune.split.data.GlueTsv;
import io.privtune.split.data.LabelledText;
import io.privtune.split.demo.Progress;
import io.privtune.split.demo.Sst2TestData;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.OnnxBertReader;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plays the cloud of issue 11: it holds every upload and mask the device sent, knows the public code, the
 * mechanism, its parameters and every default, and regenerates the noise to subtract it. Against a research
 * seed the attack recovers the clean representations almost exactly (so the attack works); against the
 * device's default secret key its estimate is no closer to the clean representations than the upload was.
 */
class NoiseRegenerationAttackTest {
    private static final int BATCH = 16;
    private static final int EPOCHS = 2;
    private static final double ETA = 5;
    /** The cloud's best guess at a key it was never told: the research seed everyone defaults to. */
    private static final NoiseKey GUESS = NoiseKey.researchSeed(0);

    @TempDir
    Path dir;

    /** What the cloud received for one batch. */
    private record Message(float[] upload, float[] mask, int batch, int length) { }

    @Test
    void regeneratedNoiseStripsAResearchSeedButNotTheSecretKey() {
        List<LabelledText> rows = GlueTsv.read(Sst2TestData.source().resolve("train.tsv"), 2, 48);
        List<Encoding> texts;
        try (WordPieceTokenizer t = WordPieceTokenizer.open(BundledModel.ALL_MINILM_L6_V2.tokenizerFile(), 32)) {
            texts = t.encodeAll(rows, Progress.SILENT, "tokenise");
        }
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             BottomModel bottom = new BottomModel(OnnxBertReader.read(BundledModel.ALL_MINILM_L6_V2.onnxFile(),
                     BundledModel.ALL_MINILM_L6_V2.shape()), 2, manager)) {
            int d = bottom.shape().hidden();
            NoiseSettings research = NoiseSettings.research(0);
            NoiseSettings secret = NoiseSettings.secret(dir.resolve("device/noise.key")); // the default: a fresh SecureRandom key file

            double[] researchRun = attack(texts, bottom, research.key(), d);
            assertTrue(researchRun[1] < 1e-4 * researchRun[2],
                    "with a public research seed the cloud removes the noise: error " + researchRun[1] + " vs ||h|| " + researchRun[2]);
            assertTrue(researchRun[0] > 0.5 * researchRun[2], "the noise itself was large: " + researchRun[0]);

            double[] secretRun = attack(texts, bottom, secret.key(), d);
            assertTrue(secretRun[1] >= secretRun[0],
                    "against the secret key the estimate is no closer than the upload: " + secretRun[1] + " vs " + secretRun[0]);
        }
    }

    /** @return {mean ||upload - h||, mean ||estimate - h||, mean ||h||} over perturbed tokens of every batch sent */
    private static double[] attack(List<Encoding> texts, BottomModel bottom, NoiseKey deviceKey, int d) {
        MechanismParameters parameters = MechanismParameters.defaults().with(Map.of("eta", Double.toString(ETA)));
        DeviceSide device = new DeviceSide(bottom, Mechanisms.create("dchi", parameters, MechanismContext.of(deviceKey)));
        DeviceSide clean = new DeviceSide(bottom, Mechanisms.create("none", parameters, MechanismContext.of(deviceKey)));
        BatchPlan plan = new BatchPlan(texts, BATCH, EPOCHS, deviceKey, NoiseSettings.EpochNoise.SAME);
        List<Message> received = new ArrayList<>();
        List<float[]> truth = new ArrayList<>();
        for (long s = 1; s <= plan.total(); s++) {
            PaddedBatch batch = PaddedBatch.of(BatchRows.texts(texts, plan.rows(s)));
            received.add(new Message(device.prepare(batch, plan.firstTokenIndices(s)).representations(), batch.mask(), batch.batch(), batch.length()));
            truth.add(clean.prepare(batch, plan.firstTokenIndices(s)).representations());
        }
        // the cloud: the number of examples and every example's length follow from the masks and the (guessed) batch order
        int examples = received.stream().limit(plan.batchesPerEpoch()).mapToInt(Message::batch).sum();
        int[] order = new RandomStream(GUESS, 0, DrawPurpose.BATCH_ORDER).permutation(examples);
        int[] lengths = new int[examples];
        int at = 0;
        for (Message m : received.subList(0, plan.batchesPerEpoch())) {
            for (int b = 0; b < m.batch(); b++) {
                int length = 0;
                while (length < m.length() && m.mask()[b * m.length() + length] > 0) {
                    length++;
                }
                lengths[order[at++]] = length;
            }
        }
        List<Encoding> shapes = new ArrayList<>();
        for (int length : lengths) {
            shapes.add(new Encoding(new int[length], new boolean[length]));
        }
        BatchPlan guessed = new BatchPlan(shapes, BATCH, EPOCHS, GUESS, NoiseSettings.EpochNoise.SAME);
        double uploadError = 0, estimateError = 0, norm = 0;
        int count = 0;
        for (int s = 1; s <= received.size(); s++) {
            Message m = received.get(s - 1);
            float[] h = truth.get(s - 1);
            long[] first = guessed.firstTokenIndices(s);
            for (int b = 0; b < m.batch(); b++) {
                int length = 0;
                while (length < m.length() && m.mask()[b * m.length() + length] > 0) {
                    length++;
                }
                // [CLS] and [SEP] travel unperturbed; the noise of every position between them is regenerated
                float[] zeros = new float[length * d];
                boolean[] leave = new boolean[length];
                leave[0] = true;
                leave[length - 1] = true;
                float[] noise = DchiPerturbation.apply(zeros, null, null, leave, length, d,
                        io.privtune.core.mechanism.TokenBatch.consecutive(first[b], length), GUESS, ETA);
                for (int p = 1; p < length - 1; p++) {
                    int row = (b * m.length() + p) * d;
                    double u = 0, e = 0, n = 0;
                    for (int j = 0; j < d; j++) {
                        double truthValue = h[row + j];
                        double up = m.upload()[row + j];
                        u += (up - truthValue) * (up - truthValue);
                        double estimate = up - noise[p * d + j];
                        e += (estimate - truthValue) * (estimate - truthValue);
                        n += truthValue * truthValue;
                    }
                    uploadError += Math.sqrt(u);
                    estimateError += Math.sqrt(e);
                    norm += Math.sqrt(n);
                    count++;
                }
            }
        }
        return new double[] {uploadError / count, estimateError / count, norm / count};
    }

}
