package io.privtune.split.qa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import io.privtune.core.mechanism.MechanismContext;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.mechanism.Mechanisms;
import io.privtune.core.model.BundledModel;
import io.privtune.core.progress.Progress;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.data.SquadDataset;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.OnnxBertReader;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.text.WordPieceTokenizer;
import io.privtune.split.train.DeviceSide;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the cloud receives for two questions on one paragraph: one copy of the context, or two to average. */
class QaUploadTest {
    private static final int D = 384;
    private static final String CONTEXT = "The capital of Norland is Redford. The Tay river flows through Norland.";

    @Test
    void aSeparateChunkIsTheSameUploadInEveryQuestionAJointWindowIsNot() {
        SquadDataset.Answer answer = new SquadDataset.Answer("Redford", CONTEXT.indexOf("Redford"));
        List<SquadDataset.Question> questions = List.of(
                new SquadDataset.Question("a", "What is the capital of Norland?", CONTEXT, List.of(answer)),
                new SquadDataset.Question("b", "Which city is Norland's capital?", CONTEXT, List.of(answer)));
        try (WordPieceTokenizer t = WordPieceTokenizer.openUncut(BundledModel.ALL_MINILM_L6_V2.tokenizerFile());
                NDManager manager = NDManager.newBaseManager("PyTorch");
                BottomModel bottom = new BottomModel(
                        OnnxBertReader.read(
                                BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape()),
                        2,
                        manager)) {
            NoiseKey key = NoiseKey.generate();
            DeviceSide device = new DeviceSide(
                    bottom,
                    Mechanisms.create(
                            "dchi", MechanismParameters.defaults().with(Map.of("eta", "10")), MechanismContext.of(key)),
                    key);
            for (QaOptions.Upload mode : QaOptions.Upload.values()) {
                List<QaWindow> windows =
                        new QaWindows(t, t.boundaryIds(), 64, 32, 16, mode).of(questions, Progress.SILENT, "windows");
                assertEquals(2, windows.size(), "one window per question");
                float[][] contextRows = new float[2][];
                for (int q = 0; q < 2; q++) {
                    QaWindow w = windows.get(q);
                    PaddedBatch batch = PaddedBatch.of(List.of(w.encoding()));
                    float[] upload = device.prepareJoined(w.texts(), w.texts().size(), batch, 0)
                            .representations();
                    int first = firstContextPosition(w);
                    int pieces = w.length() - first - 1;
                    contextRows[q] = Arrays.copyOfRange(upload, first * D, (first + pieces) * D);
                }
                if (mode == QaOptions.Upload.SEPARATE) {
                    assertArrayEquals(contextRows[0], contextRows[1], "one copy of the context, byte for byte");
                } else {
                    assertFalse(Arrays.equals(contextRows[0], contextRows[1]), "two copies under their own noise");
                }
            }
        }
    }

    private static int firstContextPosition(QaWindow w) {
        for (int p = 0; p < w.length(); p++) {
            if (w.inContext(p)) {
                return p;
            }
        }
        throw new AssertionError("no context in the window");
    }
}
