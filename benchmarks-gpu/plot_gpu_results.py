"""Plots one GPU run's results (run-gpu.sh run OUT, copied into benchmarks/results as PREFIX.*): the kNN graph
of a MiniLM-shaped dictionary against the GEMM alone and the PyTorch peers, and OPT-3's bandwidth against the
copy kernel's. Bars are medians of JMH's single shots, whiskers their range. Optional earlier runs of the same
suite (LABEL=PATH.jmh.json) add their graph bar, to show what a change did.

    python3 benchmarks-gpu/plot_gpu_results.py benchmarks/results/2026-12-04-gpu-h200 \
        "per-thread top-k (2ac3173)=benchmarks/results/2026-12-04-gpu-h200-before.jmh.json" ...
"""
import json
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

BENCH = "io.privtune.bench.gpu.CudaKnnGraphBenchmark."


def shots(jmh_path):
    runs = json.load(open(jmh_path))
    return {r["benchmark"]: [x for fork in r["primaryMetric"]["rawData"] for x in fork] for r in runs}


def bar(label, values):
    return label, statistics.median(values), min(values), max(values)


def main():
    prefix, earlier = sys.argv[1], sys.argv[2:]
    jmh = shots(prefix + ".jmh.json")
    torch = json.load(open(prefix + ".pytorch-knn.json"))
    opt3 = json.load(open(prefix + ".opt3-bandwidth.json"))
    bars = [bar("cuBLAS FP32 GEMM alone (yardstick)", jmh[BENCH + "gemmAlone"]),
            bar("top-k alone (privtune_topk_rows)", jmh[BENCH + "topkAlone"])]
    for item in earlier:
        label, path = item.split("=", 1)
        bars.append(bar("graph, " + label, shots(path)[BENCH + "graph"]))
    bars += [bar("graph, FP32 (this run)", jmh[BENCH + "graph"]),
             bar("graph, TF32 tensor cores", jmh[BENCH + "graphTf32"]),
             bar("PyTorch cdist + topk", torch["cdist_topk_ms"]),
             bar("PyTorch matmul + topk (FP32)", torch["matmul_topk_ms"])]
    if "matmul_tf32_topk_ms" in torch:
        bars.append(bar("PyTorch matmul + topk (TF32)", torch["matmul_tf32_topk_ms"]))
    bars.append(bar("graph, our tiled GEMM (no cuBLAS)", jmh[BENCH + "graphTiledKernel"]))

    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.2), gridspec_kw={"width_ratios": [3, 2]})
    labels = [b[0] for b in bars][::-1]
    medians = [b[1] for b in bars][::-1]
    low = [b[1] - b[2] for b in bars][::-1]
    high = [b[3] - b[1] for b in bars][::-1]
    left.barh(labels, medians, xerr=[low, high], color="#4c72b0", capsize=3)
    for y, m in enumerate(medians):
        left.text(m, y, f" {m:.1f}", va="center", fontsize=8)
    left.axvline(1.3 * bars[0][1], color="#c44e52", linestyle="--", linewidth=1)
    left.text(1.3 * bars[0][1], len(bars) - 0.4, " 1.3x GEMM", color="#c44e52", fontsize=8)
    left.set_xscale("log")
    left.set_xlabel("ms for the whole graph (V = 30 522, d = 384, k = 16), log scale")
    left.set_title(f"Exact kNN graph on {opt3['device']}")

    tokens = [row["tokens"] for row in opt3["opt3"]]
    right.plot(tokens, [row["gb_s"] for row in opt3["opt3"]], "o-", label="OPT-3 kernel (12 B per element)")
    right.plot(tokens, [row["copy_gb_s"] for row in opt3["opt3"]], "s--", label="copy kernel (8 B per element)")
    right.axhline(opt3["peak_bandwidth_gb_s"], color="grey", linewidth=1, label="datasheet peak")
    right.set_xscale("log")
    right.set_xlabel("tokens per launch (d = 384)")
    right.set_ylabel("GB/s moved")
    right.set_title("OPT-3 against a copy on the same GPU")
    right.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(prefix + ".png", dpi=110)
    print("wrote " + prefix + ".png")


if __name__ == "__main__":
    main()
