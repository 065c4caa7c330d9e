package io.privtune.bench.gpu;

import io.privtune.cuda.CudaDriver;
import io.privtune.cuda.backend.CudaBackend;
import io.privtune.cuda.backend.KernelTimings;
import java.util.Locale;

/**
 * OPT-3's kernel as a fraction of the GPU's memory bandwidth (target >= 70 %): it reads h and c and
 * writes δ once, 12 bytes per element, so bytes / kernel time against the device's theoretical peak.
 * Prints one JSON object; {@code run-gpu.sh} stores it beside the JMH results.
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
        try (CudaBackend backend = GpuFixture.backend()) {
            StringBuilder json = new StringBuilder("{\n  \"device\": \""
                    + backend.device().name() + "\",\n  \"driver\": "
                    + CudaDriver.cuDriverGetVersion() + ",\n  \"peak_bandwidth_gb_s\": "
                    + String.format(Locale.ROOT, "%.1f", backend.device().peakBandwidthBytesPerSecond() / 1e9)
                    + ",\n  \"opt3\": [");
            int[] sizes = GpuFixture.SMOKE ? new int[] {256} : new int[] {4096, 65536, 1 << 20};
            for (int i = 0; i < sizes.length; i++) {
                int n = sizes[i];
                double ms = KernelTimings.opt3Milliseconds(backend, n, d, GpuFixture.SMOKE ? 2 : 50);
                double bytes = 12.0 * n * d;
                double gbs = bytes / (ms / 1e3) / 1e9;
                json.append(String.format(
                        Locale.ROOT,
                        "%n    {\"tokens\": %d, \"kernel_ms\": %.4f, \"tokens_per_s\": %.4g, \"gb_s\": %.1f, \"fraction_of_peak\": %.3f}%s",
                        n,
                        ms,
                        n / (ms / 1e3),
                        gbs,
                        gbs * 1e9 / backend.device().peakBandwidthBytesPerSecond(),
                        i + 1 < sizes.length ? "," : ""));
            }
            System.out.println(json.append("\n  ]\n}"));
        }
    }
}
