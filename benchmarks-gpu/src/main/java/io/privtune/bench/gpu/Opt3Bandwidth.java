package io.privtune.bench.gpu;

import io.privtune.cuda.CudaDriver;
import io.privtune.cuda.backend.CudaBackend;
import io.privtune.cuda.backend.KernelTimings;
import java.util.Locale;

/**
 * OPT-3's kernel as a fraction of the memory bandwidth a plain copy kernel reaches on the same GPU (target
 * >= 70 %): OPT-3 reads h and c and writes δ once, 12 bytes per element; the copy reads and writes 8. Both
 * are event-timed on resident data; the datasheet peak is printed beside them for reference. Prints one
 * JSON object; {@code run-gpu.sh} stores it beside the JMH results.
 */
public final class Opt3Bandwidth {
    private Opt3Bandwidth() {}

    public static void main(String[] args) {
        try {
            measure();
        } catch (io.privtune.cuda.CudaUnavailableException e) {
            System.err.println(e.getMessage());
            System.exit(3);
        }
    }

    private static void measure() {
        int d = GpuFixture.DIM;
        int repeats = GpuFixture.SMOKE ? 2 : 50;
        try (CudaBackend backend = GpuFixture.backend()) {
            double peak = backend.device().peakBandwidthBytesPerSecond();
            StringBuilder json =
                    new StringBuilder("{\n  \"device\": \"" + backend.device().name()
                            + "\",\n  \"driver\": " + CudaDriver.cuDriverGetVersion() + ",\n  \"peak_bandwidth_gb_s\": "
                            + String.format(Locale.ROOT, "%.1f", peak / 1e9) + ",\n  \"opt3\": [");
            int[] sizes = GpuFixture.SMOKE ? new int[] {256} : new int[] {4096, 65536, 1 << 20};
            for (int i = 0; i < sizes.length; i++) {
                int n = sizes[i];
                double opt3Ms = KernelTimings.opt3Milliseconds(backend, n, d, repeats);
                double copyMs = KernelTimings.copyMilliseconds(backend, n, d, repeats);
                double opt3 = 12.0 * n * d / (opt3Ms / 1e3);
                double copy = 8.0 * n * d / (copyMs / 1e3);
                json.append(String.format(
                        Locale.ROOT,
                        "%n    {\"tokens\": %d, \"kernel_ms\": %.4f, \"tokens_per_s\": %.4g, \"gb_s\": %.1f,"
                                + " \"copy_ms\": %.4f, \"copy_gb_s\": %.1f, \"fraction_of_copy\": %.3f,"
                                + " \"fraction_of_peak\": %.3f}%s",
                        n,
                        opt3Ms,
                        n / (opt3Ms / 1e3),
                        opt3 / 1e9,
                        copyMs,
                        copy / 1e9,
                        opt3 / copy,
                        opt3 / peak,
                        i + 1 < sizes.length ? "," : ""));
            }
            System.out.println(json.append("\n  ]\n}"));
        }
    }
}
