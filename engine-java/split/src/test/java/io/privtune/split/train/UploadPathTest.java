package io.privtune.split.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import io.privtune.core.mechanism.MechanismContext;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.mechanism.Mechanisms;
import io.privtune.core.model.BundledModel;
import io.privtune.core.progress.Progress;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.data.GlueTsv;
import io.privtune.split.data.LabelledText;
import io.privtune.split.demo.Sst2TestData;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.EncodedCorpus;
import io.privtune.split.model.OnnxBertReader;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one upload path: what an attack reads is byte for byte what the cloud trains and evaluates on. */
class UploadPathTest {
    @Test
    void theAttackSeesExactlyTheUploadsTheCloudReceives() {
        List<LabelledText> dev = GlueTsv.read(Sst2TestData.source().resolve("dev.tsv"), 2, 40);
        List<Encoding> texts;
        try (WordPieceTokenizer t = WordPieceTokenizer.open(BundledModel.ALL_MINILM_L6_V2.tokenizerFile(), 64)) {
            texts = t.encodeAll(dev, Progress.SILENT, "tokenise");
        }
        NoiseKey key = NoiseKey.generate();
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                BottomModel bottom = new BottomModel(
                        OnnxBertReader.read(
                                BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape()),
                        2,
                        manager)) {
            int d = bottom.shape().hidden();
            DeviceSide device = new DeviceSide(
                    bottom,
                    Mechanisms.create(
                            "dchi", MechanismParameters.defaults().with(Map.of("eta", "20")), MechanismContext.of(key)),
                    key);
            float[][] received = new float[texts.size()][];
            // the cloud's view: dev batches as DevEvaluation sends them (length-sorted, batch 8)
            DevEvaluation.run(device, texts, dev, 8, Progress.SILENT, "evaluate", (upload, batch, labels) -> {
                record(received, texts, upload, batch, d);
                return new DevEvaluation.BatchScore(0, 0);
            });
            // the attack's view: the victim corpus encoded in dataset order and perturbed in release 0, as AttackSuite
            // does
            EncodedCorpus corpus = device.encode(texts);
            float[] attacked = device.perturb(corpus, 0).perturbed();
            for (int s = 0; s < texts.size(); s++) {
                float[] mine = Arrays.copyOfRange(attacked, corpus.offsets()[s] * d, corpus.offsets()[s + 1] * d);
                assertArrayEquals(
                        received[s],
                        mine,
                        0f,
                        "text " + s + ": the attacked upload differs from the one the cloud evaluated");
            }
            // and a training batch resent, or the same example in another epoch's batch, is the same upload
            BatchPlan plan = new BatchPlan(texts, 8, 2, key, NoiseSettings.EpochNoise.SAME);
            float[][] epochOne = new float[texts.size()][];
            for (long sequence = 1; sequence <= plan.total(); sequence++) {
                int[] rows = plan.rows(sequence);
                PaddedBatch batch = PaddedBatch.of(BatchRows.texts(texts, rows));
                DeviceSide.Upload upload = device.prepare(batch, plan.release(sequence));
                for (int b = 0; b < rows.length; b++) {
                    int length = texts.get(rows[b]).length();
                    float[] row = Arrays.copyOfRange(
                            upload.representations(), b * batch.length() * d, (b * batch.length() + length) * d);
                    if (plan.epoch(sequence) == 0) {
                        epochOne[rows[b]] = row;
                    } else {
                        assertArrayEquals(epochOne[rows[b]], row, 0f, "example " + rows[b] + " in epoch 2");
                    }
                }
            }
            assertFalse(
                    Arrays.equals(plan.rows(1), plan.rows(plan.batchesPerEpoch() + 1)), "the epochs' orders differ");
            // fresh per-epoch noise: the same example gets new noise in epoch 2, and a duplicate text the same noise as
            // its twin
            BatchPlan fresh = new BatchPlan(texts, 8, 2, key, NoiseSettings.EpochNoise.FRESH);
            assertFalse(Arrays.equals(
                    device.perturb(device.encode(texts.subList(0, 1)), fresh.release(1))
                            .perturbed(),
                    device.perturb(device.encode(texts.subList(0, 1)), fresh.release(fresh.batchesPerEpoch() + 1))
                            .perturbed()));
            float[] once =
                    device.perturb(device.encode(List.of(texts.get(3))), 0).perturbed();
            float[] twice = device.perturb(device.encode(List.of(texts.get(3), texts.get(3))), 0)
                    .perturbed();
            assertArrayEquals(once, Arrays.copyOfRange(twice, 0, once.length), 0f, "one text, one noise");
            assertArrayEquals(
                    once, Arrays.copyOfRange(twice, once.length, twice.length), 0f, "its duplicate: the same upload");
            // other settings never share noise with these: a changed eta is not the same noise rescaled
            DeviceSide otherEta = new DeviceSide(
                    bottom,
                    Mechanisms.create(
                            "dchi", MechanismParameters.defaults().with(Map.of("eta", "40")), MechanismContext.of(key)),
                    key);
            assertFalse(device.textNonce(texts.get(0).ids(), 0)
                    == otherEta.textNonce(texts.get(0).ids(), 0));
        }
    }

    private static void record(
            float[][] received, List<Encoding> texts, DeviceSide.Upload upload, PaddedBatch batch, int d) {
        // find each batch row's text by its ids (the test holds the texts; the cloud does not)
        for (int b = 0; b < batch.batch(); b++) {
            for (int s = 0; s < texts.size(); s++) {
                Encoding e = texts.get(s);
                if (received[s] == null && matches(e, batch, b)) {
                    received[s] = Arrays.copyOfRange(
                            upload.representations(), b * batch.length() * d, (b * batch.length() + e.length()) * d);
                    break;
                }
            }
        }
    }

    private static boolean matches(Encoding e, PaddedBatch batch, int row) {
        if (e.length() > batch.length()
                || (e.length() < batch.length() && batch.mask()[row * batch.length() + e.length()] > 0)) {
            return false;
        }
        for (int i = 0; i < e.length(); i++) {
            if (batch.ids()[row * batch.length() + i] != e.ids()[i]) {
                return false;
            }
        }
        return true;
    }
}
