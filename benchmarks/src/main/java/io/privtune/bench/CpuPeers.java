package io.privtune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;

/**
 * The CPU peers measured by benchmarks/peers/cpu_peers.py in the same run as JMH: median seconds of OpenBLAS's
 * GEMM alone (numpy) and PyTorch's chunked matmul + topk over the whole dictionary, and of one PyTorch eager
 * training step (the whole split step with mechanism none, and the cloud's half); the GEMM's process CPU seconds
 * too (steadier than wall time on a shared machine). NaN where the file lacks one.
 */
record CpuPeers(
        String versions,
        int threads,
        double numpyGemmS,
        double numpyGemmCpuS,
        double torchTopKS,
        double torchStepS,
        double torchCloudS) {

    static CpuPeers read(File file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file);
        } catch (IOException e) {
            throw new IOException(file + ": not the JSON cpu_peers.py writes (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": expected a JSON object from cpu_peers.py");
        }
        return new CpuPeers(
                "numpy " + root.path("numpy").asText("?") + ", torch "
                        + root.path("torch").asText("?"),
                root.path("threads").asInt(0),
                median(root, "knn.numpy_gemm"),
                root.path("knn.numpy_gemm").path("median_cpu_s").asDouble(Double.NaN),
                median(root, "knn.torch_topk"),
                median(root, "step.torch_eager"),
                median(root, "step.torch_cloud"));
    }

    private static double median(JsonNode root, String name) {
        JsonNode value = root.path(name).path("median_s");
        return value.isNumber() ? value.asDouble() : Double.NaN;
    }
}
