package io.privtune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a JMH JSON result file (and optionally the CPU peers' JSON of the same run) and states the comparisons
 * the project commits to: the kNN graph against the machine's FMA limit, PyTorch (matMul + topK, via DJL and on
 * the CPU) and OpenBLAS's GEMM alone; the noise solvers against the memory bandwidth; the training step against
 * PyTorch eager.
 */
public final class ResultsSummary {
    private ResultsSummary() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1 && args.length != 2) {
            System.err.println("usage: ResultsSummary <jmh-result.json> [<cpu-peers.json>]");
            System.exit(2);
        }
        CpuPeers peers = args.length == 2 ? CpuPeers.read(new File(args[1])) : null;
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (JsonNode run : new ObjectMapper().readTree(new File(args[0]))) {
            String name = run.get("benchmark").asText();
            name = name.substring(name.lastIndexOf('.') + 1);
            if (run.has("params") && run.get("params").has("mechanism")) {
                name += "[" + run.get("params").get("mechanism").asText() + "]";
            }
            if (run.has("params") && run.get("params").has("shape")) {
                name += "[" + run.get("params").get("shape").asText() + "]";
            }
            // the training step's model and split point; the defaults (MiniLM, m = 2) keep the plain name the
            // ratios below look up, any other is labelled [model=...] or [m=...] and left out of them
            name += unlessDefault(run, "model", "all-minilm-l6-v2", "model=") + unlessDefault(run, "split", "2", "m=");
            JsonNode metric = run.get("primaryMetric");
            scores.put(name, new double[] {
                metric.get("score").asDouble(), metric.get("scoreError").asDouble()
            });
            System.out.printf(
                    "%-28s %14.3f ± %.3f %s%n",
                    name,
                    metric.get("score").asDouble(),
                    metric.get("scoreError").asDouble(),
                    metric.get("scoreUnit").asText());
        }
        System.out.println();
        double fmaPeak = higher(get(scores, "fmaPeak256"), get(scores, "fmaPeak512"));
        double triad = get(scores, "triad");
        if (!Double.isNaN(fmaPeak)) {
            System.out.printf(
                    "machine: FMA limit %.0f GFLOP/s (all threads, Vector API; 256-bit %.0f, 512-bit %.0f)%n",
                    fmaPeak / 1e9, get(scores, "fmaPeak256") / 1e9, get(scores, "fmaPeak512") / 1e9);
        }
        if (!Double.isNaN(triad)) {
            System.out.printf("machine: memory bandwidth %.1f GB/s (STREAM-like triad, all threads)%n", triad / 1e9);
        }
        double engine = get(scores, "engine");
        double torch = get(scores, "pytorchMatmulTopK");
        double gemm = get(scores, "pytorchMatmulOnly");
        double naive = get(scores, "naiveScanSort");
        if (!Double.isNaN(engine)) {
            double gflops = 2.0 * KnnGraphBenchmark.V * 384 / (engine * 1e-6) / 1e9;
            System.out.printf(
                    "kNN graph, engine: %.2f s for the vocabulary, %.0f GFLOP/s of cosine scoring%n",
                    engine * KnnGraphBenchmark.V / 1e6, gflops);
            if (!Double.isNaN(fmaPeak)) {
                report("kNN graph as a share of the FMA limit (target >= 0.70)", gflops * 1e9 / fmaPeak, 0.70);
            }
            report("engine vs PyTorch matMul+topK (target >= 1.5x faster)", torch / engine, 1.5);
            report("engine throughput as a share of PyTorch's GEMM alone (target >= 0.60)", gemm / engine, 0.60);
            if (!Double.isNaN(naive)) {
                System.out.printf("engine vs naive scan + sort: %.0fx faster%n", naive / engine);
            }
            if (peers != null) {
                double engineS = engine * KnnGraphBenchmark.V / 1e6;
                System.out.printf(
                        "CPU peers (%s, %d threads): OpenBLAS GEMM alone %.2f s (%.2f CPU-s), PyTorch CPU matmul+topk %.2f s%n",
                        peers.versions(),
                        peers.threads(),
                        peers.numpyGemmS(),
                        peers.numpyGemmCpuS(),
                        peers.torchTopKS());
                report("engine vs OpenBLAS's GEMM alone (target >= 1.0x, faster)", peers.numpyGemmS() / engineS, 1.0);
                report("engine vs PyTorch CPU matmul+topk (target >= 1.0x, faster)", peers.torchTopKS() / engineS, 1.0);
            }
        }
        for (String name : scores.keySet()) {
            if (name.startsWith("graph[")) { // KnnKernelShapeBenchmark: milliseconds per graph of V rows
                double flops = 2.0 * KnnKernelShapeBenchmark.V * KnnKernelShapeBenchmark.V * 384;
                double gflops = flops / (scores.get(name)[0] * 1e-3) / 1e9;
                System.out.printf(
                        "kNN graph of %d rows, shape %-12s %6.0f GFLOP/s%s%n",
                        KnnKernelShapeBenchmark.V,
                        name.substring("graph[".length(), name.length() - 1),
                        gflops,
                        Double.isNaN(fmaPeak) ? "" : String.format(", %.2f of the FMA limit", gflops * 1e9 / fmaPeak));
            }
        }
        double opt3 = get(scores, "opt3ClosedForm");
        if (!Double.isNaN(opt3)) {
            System.out.printf(
                    "OPT-3: %.3g tokens/s = %.1f GB/s of h, c, delta traffic (3 x 1536 B per token); streaming reference %.3g tokens/s%n",
                    opt3, opt3 * 3 * 1536 / 1e9, get(scores, "streamingReference"));
            System.out.printf(
                    "OPT-2: %.3g tokens/s; full privtune mechanism: %.3g tokens/s%n",
                    get(scores, "opt2ProjectedGradient"), get(scores, "privtuneMechanism"));
            if (!Double.isNaN(triad)) {
                // per token the mechanism streams at least h in, a target row in and the upload out: 3 x 1536 B
                System.out.printf(
                        "as shares of the triad bandwidth: OPT-3 %.2f, full privtune mechanism %.2f (3 x 1536 B per token)%n",
                        opt3 * 3 * 1536 / triad, get(scores, "privtuneMechanism") * 3 * 1536 / triad);
            }
        }
        double plainStep = get(scores, "fullStep[none]");
        double plainDevice = get(scores, "deviceSide[none]");
        if (!Double.isNaN(plainStep) && !Double.isNaN(plainDevice)) {
            // the cloud side does the same work whatever the mechanism, so the mechanism's cost is the
            // difference of the device sides; full-step differences are dominated by backward-pass noise
            System.out.printf(
                    "training step (MiniLM m = 2, 32 sentences), none: %.0f ms, of which device side %.0f ms%n",
                    plainStep, plainDevice);
            for (String name : scores.keySet()) {
                if (name.startsWith("deviceSide[") && !name.equals("deviceSide[none]") && !name.contains("=")) {
                    String mechanism = name.substring("deviceSide[".length(), name.length() - 1);
                    double device = scores.get(name)[0];
                    double step = get(scores, "fullStep[" + mechanism + "]");
                    System.out.printf(
                            "  %-24s device side %5.1f ms, full step %5.0f ms, mechanism share of the step %5.1f %%%n",
                            mechanism, device, step, 100 * (device - plainDevice) / step);
                }
            }
            if (peers != null) {
                double torchStep = 1e3 * peers.torchStepS();
                double torchCloud = 1e3 * peers.torchCloudS();
                System.out.printf(
                        "PyTorch eager (%s): whole step %.0f ms, cloud half %.0f ms; engine cloud half %.0f ms%n",
                        peers.versions(), torchStep, torchCloud, plainStep - plainDevice);
                // a ratio <= 1.2 meets "within 1.2x of PyTorch eager"
                reportAtMost(
                        "training step (none) vs PyTorch eager, time ratio (target <= 1.20)",
                        plainStep / torchStep,
                        1.2);
                reportAtMost(
                        "cloud half vs PyTorch eager's, time ratio (target <= 1.20)",
                        (plainStep - plainDevice) / torchCloud,
                        1.2);
            }
        }
    }

    /** The higher of two scores, either of which may be missing (NaN); NaN when both are. */
    private static double higher(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    private static double get(Map<String, double[]> scores, String name) {
        double[] s = scores.get(name);
        return s == null ? Double.NaN : s[0];
    }

    private static void reportAtMost(String what, double ratio, double target) {
        if (Double.isNaN(ratio)) {
            return;
        }
        System.out.printf("%s: %.2f -> %s%n", what, ratio, ratio <= target ? "met" : "NOT met");
    }

    private static void report(String what, double ratio, double target) {
        if (Double.isNaN(ratio)) {
            return;
        }
        System.out.printf("%s: %.2f -> %s%n", what, ratio, ratio >= target ? "met" : "NOT met");
    }

    /** "[LABELvalue]" for a JMH parameter set to something other than its default, "" otherwise. */
    private static String unlessDefault(JsonNode run, String param, String defaultValue, String label) {
        JsonNode value = run.path("params").path(param);
        return value.isMissingNode() || value.asText().equals(defaultValue) ? "" : "[" + label + value.asText() + "]";
    }
}
