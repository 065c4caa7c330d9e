package io.privtune.split.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.privtune.core.mechanism.MechanismContext;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.mechanism.Mechanisms;
import io.privtune.core.model.BundledModel;
import io.privtune.core.random.NoiseKey;
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

class DeviceSideTest {
    @Test
    void uploadZeroesPaddingAndNeverPerturbsSpecialTokens() {
        List<Encoding> sentences;
        try (WordPieceTokenizer t = WordPieceTokenizer.open(BundledModel.ALL_MINILM_L6_V2.tokenizerFile(), 64)) {
            sentences = List.of(t.encode("a gorgeous , witty , seductive movie ."), t.encode("dull"));
        }
        PaddedBatch batch = PaddedBatch.of(sentences);
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                BottomModel bottom = new BottomModel(
                        OnnxBertReader.read(
                                BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape()),
                        2,
                        manager)) {
            // reference: each text alone, at its padding bucket (the device computes the same rows in one batch)
            float[] clean = alone(bottom, batch, 384);
            DeviceSide none = device("none", MechanismParameters.defaults(), bottom);
            DeviceSide dchi = device("dchi", MechanismParameters.defaults().with(Map.of("eta", "50")), bottom);
            DeviceSide.Upload plain = none.prepare(batch, 0);
            DeviceSide.Upload noisy = dchi.prepare(batch, 0);
            int d = 384;
            assertEquals(sentences.get(0).length() + sentences.get(1).length(), plain.realTokens());
            for (int p = 0; p < batch.batch() * batch.length(); p++) {
                float[] c = Arrays.copyOfRange(clean, p * d, (p + 1) * d);
                float[] n = Arrays.copyOfRange(noisy.representations(), p * d, (p + 1) * d);
                if (batch.mask()[p] == 0) {
                    assertArrayEquals(new float[d], n, "padding position " + p + " uploads nothing");
                } else if (batch.special()[p]) {
                    assertArrayEquals(c, n, "special position " + p + " is not perturbed");
                } else {
                    assertFalse(Arrays.equals(c, n), "token position " + p + " is perturbed");
                    assertArrayEquals(
                            c, Arrays.copyOfRange(plain.representations(), p * d, (p + 1) * d), "none uploads h");
                }
            }
            assertTrue(
                    Arrays.stream(noisy.effectiveEta()).filter(Double::isFinite).allMatch(e -> e == 50.0));
        }
    }

    /** Each row of {@code batch} through the bottom model by itself, at its padding bucket, laid out as the batch. */
    static float[] alone(BottomModel bottom, PaddedBatch batch, int d) {
        float[] out = new float[batch.batch() * batch.length() * d];
        for (int s = 0; s < batch.batch(); s++) {
            int bucket = (batch.realLength(s) + EncodedCorpus.BUCKET - 1) / EncodedCorpus.BUCKET * EncodedCorpus.BUCKET;
            float[] row = bottom.forward(batch.select(new int[] {s}, bucket)).hidden();
            System.arraycopy(row, 0, out, s * batch.length() * d, batch.realLength(s) * d);
        }
        return out;
    }

    /** A device running {@code mechanism} under a fresh secret key. */
    static DeviceSide device(String mechanism, MechanismParameters parameters, BottomModel bottom) {
        NoiseKey key = NoiseKey.generate();
        return new DeviceSide(bottom, Mechanisms.create(mechanism, parameters, MechanismContext.of(key)), key);
    }
}
