package io.privtune.split.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.privtune.core.io.DType;
import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.mechanism.MechanismContext;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.mechanism.Mechanisms;
import io.privtune.core.model.BundledModel;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.OnnxBertReader;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerturbationExportTest {
    @TempDir
    Path dir;

    @Test
    void exportHoldsTheUploadAndKeepsTokenIdsInASeparateFile() {
        List<Encoding> texts;
        try (WordPieceTokenizer t = WordPieceTokenizer.open(BundledModel.ALL_MINILM_L6_V2.tokenizerFile(), 64)) {
            texts = List.of(
                    t.encode("a gorgeous , witty , seductive movie ."),
                    t.encode("dull"),
                    t.encode("the acting is astounding"));
        }
        int length = texts.stream().mapToInt(Encoding::length).max().orElseThrow();
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                BottomModel bottom = new BottomModel(
                        OnnxBertReader.read(
                                BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape()),
                        2,
                        manager)) {
            DeviceSide none = device("none", MechanismParameters.defaults(), bottom);
            DeviceSide dchi = device("dchi", MechanismParameters.defaults().with(Map.of("eta", "100")), bottom);
            int tokens = PerturbationExport.write(texts, dchi, 384, Map.of("mechanism", "dchi"), dir);
            assertEquals(texts.stream().mapToInt(Encoding::length).sum(), tokens);
            PerturbationExport.write(texts, none, 384, Map.of("mechanism", "none"), dir.resolve("clean"));
            PaddedBatch padded = PaddedBatch.of(texts, length);
            float[] clean = DeviceSideTest.alone(bottom, padded, 384);
            try (SafetensorsFile up = SafetensorsFile.open(dir.resolve("perturbed.safetensors"));
                    SafetensorsFile cleanUp = SafetensorsFile.open(dir.resolve("clean/perturbed.safetensors"));
                    SafetensorsFile ids = SafetensorsFile.open(dir.resolve("token_ids.safetensors"))) {
                assertEquals(
                        Set.of("representations", "attention_mask", "effective_eta"),
                        up.tensors().keySet(),
                        "no token ids in the upload");
                int[] mask = up.tensor("attention_mask", DType.I32, 3, length).toIntArray();
                float[] eta = up.tensor("effective_eta", DType.F32, 3, length).toFloatArray();
                int[] tokenIds = ids.tensor("token_ids", DType.I32, 3, length).toIntArray();
                int[] special = ids.tensor("special", DType.I32, 3, length).toIntArray();
                for (int s = 0; s < 3; s++) {
                    assertEquals(
                            texts.get(s).length(),
                            Arrays.stream(mask, s * length, (s + 1) * length).sum());
                    assertArrayEquals(
                            texts.get(s).ids(),
                            Arrays.copyOfRange(
                                    tokenIds,
                                    s * length,
                                    s * length + texts.get(s).length()));
                }
                for (int p = 0; p < 3 * length; p++) {
                    float expected = mask[p] == 0 || special[p] == 1 ? Float.POSITIVE_INFINITY : 100f;
                    assertEquals(expected, eta[p], "position " + p);
                }
                float[] uploadedClean = cleanUp.tensor("representations", DType.F32, 3, length, 384)
                        .toFloatArray();
                for (int p = 0; p < 3 * length; p++) {
                    float[] row = Arrays.copyOfRange(uploadedClean, p * 384, (p + 1) * 384);
                    assertArrayEquals(
                            mask[p] == 1 ? Arrays.copyOfRange(clean, p * 384, (p + 1) * 384) : new float[384],
                            row,
                            "position " + p);
                }
                assertEquals("dchi", up.metadata().get("mechanism"));
            }
            assertThrows(
                    IllegalArgumentException.class,
                    () -> PerturbationExport.write(List.of(), dchi, 384, Map.of(), dir));
        }
    }

    /** A device running {@code mechanism} under a fresh secret key. */
    static DeviceSide device(String mechanism, MechanismParameters parameters, BottomModel bottom) {
        NoiseKey key = NoiseKey.generate();
        return new DeviceSide(bottom, Mechanisms.create(mechanism, parameters, MechanismContext.of(key)), key);
    }
}
