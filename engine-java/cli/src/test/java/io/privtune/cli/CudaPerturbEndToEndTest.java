package io.privtune.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.io.SafetensorsFile;
import io.privtune.cuda.CudaDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA backend end to end, through the command line: {@code perturb --backend cuda} (privtune on real
 * MiniLM m = 2 representations: OPT-3 and the dχ perturbation on the GPU) uploads what {@code --backend cpu}
 * uploads, within the 1e-4. Runs wherever CUDA is usable: on a GPU, and here in the
 * {@code emulated-gpu} execution on native/'s CPU emulator. {@code --backend cuda} never falls back, so a
 * run that did not use the GPU path fails instead of passing.
 */
class CudaPerturbEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void privtuneUploadOnTheCudaBackendIsTheCpuBackendsUpload() throws IOException {
        Assumptions.assumeTrue(CudaDriver.isAvailable(), () -> "skipped: " + CudaDriver.unavailableReason());
        Path texts = Files.write(
                dir.resolve("texts.txt"),
                List.of(
                        "a gorgeous , witty , seductive movie .",
                        "dull",
                        "the acting is astounding , but the script never finds its footing",
                        "it 's a charming and often affecting journey ."));
        for (String backend : List.of("cpu", "cuda")) {
            int code = PrivTuneCli.commandLine()
                    .execute(
                            "perturb",
                            "--input",
                            texts.toString(),
                            "--backend",
                            backend,
                            "--out",
                            dir.resolve(backend).toString(),
                            "--eta",
                            "100",
                            "-P",
                            "kappa=0.7",
                            "--noise-key",
                            dir.resolve("noise.key").toString()); // one secret key, two backends
            assertEquals(0, code, "perturb --backend " + backend);
        }
        try (SafetensorsFile cpu = SafetensorsFile.open(dir.resolve("cpu/perturbed.safetensors"));
                SafetensorsFile cuda = SafetensorsFile.open(dir.resolve("cuda/perturbed.safetensors"))) {
            assertArrayEquals(
                    cpu.tensor("attention_mask").toIntArray(),
                    cuda.tensor("attention_mask").toIntArray());
            assertArrayEquals(
                    cpu.tensor("effective_eta").toFloatArray(),
                    cuda.tensor("effective_eta").toFloatArray());
            float[] expected = cpu.tensor("representations").toFloatArray();
            float[] actual = cuda.tensor("representations").toFloatArray();
            assertEquals(expected.length, actual.length);
            int moved = 0;
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4f * Math.max(1f, Math.abs(expected[i])), "element " + i);
                moved += expected[i] != 0f ? 1 : 0;
            }
            assertTrue(moved > expected.length / 2, "the upload holds perturbed representations, not padding");
        }
    }
}
