package io.privtune.split.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.privtune.core.model.BundledModel;
import io.privtune.split.text.Encoding;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DJL transformer against ONNX Runtime running the original MiniLM export, and the split against the whole. */
class TransformerParityTest {

    @Test
    void fullModelMatchesOnnxRuntimeOnRealSentences() throws Exception {
        List<Encoding> sentences = MiniLmModels.encodings();
        try (NDManager manager = MiniLmModels.manager();
                BottomModel full = new BottomModel(MiniLmModels.weights(), 6, manager);
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                OrtSession session = env.createSession(
                        BundledModel.ALL_MINILM_L6_V2.onnxFile().toString())) {
            for (Encoding e : sentences) {
                float[] ours = full.forward(PaddedBatch.of(List.of(e))).hidden();
                float[] reference = runOnnx(env, session, e);
                assertClose(reference, ours, 1e-4f, "sentence of " + e.length() + " tokens");
            }
            // and batched with padding: the real positions are unchanged
            PaddedBatch batch = PaddedBatch.of(sentences);
            float[] batched = full.forward(batch).hidden();
            for (int s = 0; s < sentences.size(); s++) {
                float[] reference = runOnnx(env, session, sentences.get(s));
                float[] row = java.util.Arrays.copyOfRange(
                        batched, s * batch.length() * 384, s * batch.length() * 384 + reference.length);
                assertClose(reference, row, 1e-4f, "padded sentence " + s);
            }
        }
    }

    @Test
    void bgeSmallMatchesOnnxRuntimeToo() throws Exception {
        BundledModel bge = BundledModel.BGE_SMALL_EN_V15;
        Encoding sentence;
        try (io.privtune.split.text.WordPieceTokenizer t =
                io.privtune.split.text.WordPieceTokenizer.open(bge.tokenizerFile(), 128)) {
            sentence = t.encode(MiniLmModels.SENTENCES.get(2));
        }
        try (NDManager manager = MiniLmModels.manager();
                BottomModel full = new BottomModel(OnnxBertReader.read(bge.onnxFile(), bge.shape()), 12, manager);
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                OrtSession session = env.createSession(bge.onnxFile().toString())) {
            assertClose(
                    runOnnx(env, session, sentence),
                    full.forward(PaddedBatch.of(List.of(sentence))).hidden(),
                    1e-4f,
                    "bge-small");
        }
    }

    @Test
    void bottomThenTopEqualsTheWholeModelForEverySplitPoint() {
        PaddedBatch batch = PaddedBatch.of(MiniLmModels.encodings());
        try (NDManager manager = MiniLmModels.manager();
                BottomModel full = new BottomModel(MiniLmModels.weights(), 6, manager)) {
            float[] whole = full.forward(batch).hidden();
            for (int m = 0; m <= 6; m++) {
                try (BottomModel bottom = new BottomModel(MiniLmModels.weights(), m, manager);
                        TopModel top = new TopModel(MiniLmModels.weights(), m, 2, 0.1f, 1, manager);
                        NDManager scope = manager.newSubManager()) {
                    BottomModel.Output out = bottom.forward(batch);
                    float[] composed =
                            top.encode(scope, out.hidden(), batch, false).toFloatArray();
                    assertClose(maskedRows(whole, batch), maskedRows(composed, batch), 1e-4f, "m = " + m);
                    if (m > 0) {
                        assertImportance(out.importance(), batch);
                    }
                }
            }
        }
    }

    private static void assertImportance(float[] importance, PaddedBatch batch) {
        for (int s = 0; s < batch.batch(); s++) {
            float max = 0;
            for (int i = 0; i < batch.length(); i++) {
                float w = importance[s * batch.length() + i];
                assertTrue(w >= 0 && w <= 1 + 1e-6, "importance in [0, 1]: " + w);
                if (batch.mask()[s * batch.length() + i] == 0) {
                    assertEquals(0f, w, "padding has no importance");
                }
                max = Math.max(max, w);
            }
            assertEquals(1f, max, 1e-5f, "normalised by the sequence max");
        }
    }

    private static float[] maskedRows(float[] hidden, PaddedBatch batch) {
        float[] out = hidden.clone();
        for (int t = 0; t < batch.mask().length; t++) {
            if (batch.mask()[t] == 0) {
                java.util.Arrays.fill(out, t * 384, (t + 1) * 384, 0f);
            }
        }
        return out;
    }

    private static float[] runOnnx(OrtEnvironment env, OrtSession session, Encoding e) throws Exception {
        long[] ids = new long[e.length()];
        long[] ones = new long[e.length()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = e.ids()[i];
            ones[i] = 1;
        }
        long[] shape = {1, ids.length};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ones), shape);
                OnnxTensor typeTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape);
                OrtSession.Result result = session.run(inputs(
                        session,
                        Map.of("input_ids", idTensor, "attention_mask", maskTensor, "token_type_ids", typeTensor)))) {
            float[][][] out = (float[][][]) result.get(0).getValue();
            float[] flat = new float[ids.length * 384];
            for (int i = 0; i < ids.length; i++) {
                System.arraycopy(out[0][i], 0, flat, i * 384, 384);
            }
            return flat;
        }
    }

    /** Only the inputs this export declares (some drop token_type_ids). */
    private static Map<String, OnnxTensor> inputs(OrtSession session, Map<String, OnnxTensor> all) {
        Map<String, OnnxTensor> used = new java.util.HashMap<>();
        for (String name : session.getInputNames()) {
            used.put(name, all.get(name));
        }
        return used;
    }

    static void assertClose(float[] expected, float[] actual, float tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > tolerance) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }
}
