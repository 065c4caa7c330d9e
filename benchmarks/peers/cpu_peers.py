#!/usr/bin/env python3
"""The CPU peers of the JMH suite (issue 16), measured in the same run as the JMH benchmarks.

  knn.numpy_gemm      OpenBLAS (numpy) GEMM alone: R_chunk @ R^T over the whole dictionary
  knn.torch_topk      PyTorch CPU: chunked matmul + topk(k + 1), all threads (the peer approach)
  step.torch_cloud    the cloud's half of a split training step in PyTorch eager: all-MiniLM-L6-v2 layers
                      m+1..6 (BERT post-LN encoder layers, d 384, 12 heads, FFN 1536, GELU), pooler and
                      classification head, forward + cross-entropy + backward + AdamW, batch 32 x 38 tokens
  step.torch_eager    the whole split step with mechanism none: the device's embeddings and layers 1..m
                      without gradients, then step.torch_cloud (JMH's fullStep[none])

Shapes are those of the JMH benchmarks (V 30 522, d 384, k 16; MiniLM m = 2, batch 32). Values are random:
neither GEMM nor an encoder layer's time depends on them (topk's selection work varies a little with the
data; the dictionary rows are unit-normalised like the engine's). Writes one JSON object to the path given.
Run by benchmarks/run.sh when Debian's python3 has numpy and torch (apt-get install python3-numpy
python3-torch libopenblas0-pthread); never in CI. Without an OpenBLAS package Debian's numpy and torch run on
the reference BLAS (about 5 GFLOP/s here): the script names the BLAS it loaded and refuses the reference one.
"""
import json
import os
import statistics
import sys
import time

import numpy as np
import torch

V, D, K, CHUNK = 30522, 384, 16, 2048
BATCH, LENGTH, LAYERS_ON_CLOUD, HEADS, FFN = 32, 38, 4, 12, 1536


def timed(fn, repeats):
    """Median wall and process-CPU seconds (all threads): on a shared machine CPU seconds are the steadier figure."""
    fn()  # warm-up: thread pools, allocator, first-touch pages
    times, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {"median_s": statistics.median(times), "min_s": min(times), "median_cpu_s": statistics.median(cpu),
            "repeats": repeats}


def knn_peers(repeats):
    rng = np.random.default_rng(0)
    r = rng.standard_normal((V, D), dtype=np.float32)
    r /= np.linalg.norm(r, axis=1, keepdims=True)
    rt = np.ascontiguousarray(r.T)
    flops = 2.0 * V * V * D

    def numpy_gemm():
        out = np.empty((CHUNK, V), dtype=np.float32)
        for start in range(0, V, CHUNK):
            rows = r[start:start + CHUNK]
            np.dot(rows, rt, out=out[: rows.shape[0]])

    tr = torch.from_numpy(r)
    trt = tr.t().contiguous()

    def torch_topk():
        with torch.no_grad():
            for start in range(0, V, CHUNK):
                torch.topk(torch.mm(tr[start:start + CHUNK], trt), K + 1, dim=1)

    result = {}
    for name, fn in (("knn.numpy_gemm", numpy_gemm), ("knn.torch_topk", torch_topk)):
        t = timed(fn, repeats)
        t["gflops"] = flops / t["median_s"] / 1e9
        result[name] = t
    return result


def step_peer(repeats):
    torch.manual_seed(0)
    layers = torch.nn.ModuleList(
        torch.nn.TransformerEncoderLayer(
            D, HEADS, FFN, dropout=0.1, activation="gelu", batch_first=True, norm_first=False, layer_norm_eps=1e-12
        )
        for _ in range(LAYERS_ON_CLOUD)
    )
    bottom = torch.nn.ModuleList(
        torch.nn.TransformerEncoderLayer(
            D, HEADS, FFN, dropout=0.1, activation="gelu", batch_first=True, norm_first=False, layer_norm_eps=1e-12
        )
        for _ in range(6 - LAYERS_ON_CLOUD)
    ).eval()  # frozen on the device: inference only
    words, positions, types = torch.nn.Embedding(30522, D), torch.nn.Embedding(512, D), torch.nn.Embedding(2, D)
    embedding_norm = torch.nn.LayerNorm(D, eps=1e-12)
    pooler = torch.nn.Linear(D, D)
    head = torch.nn.Linear(D, 2)
    params = list(layers.parameters()) + list(pooler.parameters()) + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=1e-4, weight_decay=0.01)
    upload = torch.randn(BATCH, LENGTH, D)  # what the device sent: no gradient flows into it
    token_ids = torch.randint(1000, 30522, (BATCH, LENGTH))
    # trailing padding of 0..8 positions per sentence, as in a batch of similar-length sentences
    padding = torch.arange(LENGTH).unsqueeze(0) >= LENGTH - torch.randint(0, 9, (BATCH, 1))
    labels = torch.randint(0, 2, (BATCH,))

    def device():
        with torch.no_grad():
            x = embedding_norm(words(token_ids) + positions(torch.arange(LENGTH)) + types(torch.zeros_like(token_ids)))
            for layer in bottom:
                x = layer(x, src_key_padding_mask=padding)
            return x

    def cloud(x):
        opt.zero_grad(set_to_none=True)
        for layer in layers:
            x = layer(x, src_key_padding_mask=padding)
        logits = head(torch.tanh(pooler(x[:, 0])))
        loss = torch.nn.functional.cross_entropy(logits, labels)
        loss.backward()
        opt.step()

    for m in (layers, pooler, head):
        m.train()
    result = {}
    for name, fn in (("step.torch_cloud", lambda: cloud(upload)), ("step.torch_eager", lambda: cloud(device()))):
        t = timed(fn, repeats)
        t["ms_per_step"] = 1000 * t["median_s"]
        result[name] = t
    return result


def loaded_blas():
    """The BLAS libraries this process mapped (numpy and torch resolve libblas.so.3 through Debian's alternatives)."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.split()[-1]}
    return sorted({os.path.realpath(p) for p in paths})


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: cpu_peers.py OUT.json")
    threads = int(os.environ.get("PRIVTUNE_PEER_THREADS", os.cpu_count()))
    torch.set_num_threads(threads)
    repeats = int(os.environ.get("PRIVTUNE_PEER_REPEATS", "5"))
    np.dot(np.ones((2, 2), np.float32), np.ones((2, 2), np.float32))  # maps the BLAS
    blas = loaded_blas()
    if not any("openblas" in p or "blis" in p or "mkl" in p for p in blas):
        sys.exit(f"cpu_peers.py: numpy runs on {blas or 'no BLAS'}, the reference BLAS, not a peer worth measuring; "
                 "install an optimised one (apt-get install libopenblas0-pthread)")
    results = {
        "threads": threads,
        "numpy": np.__version__,
        "torch": torch.__version__,
        "blas": blas,
        "shapes": {"V": V, "d": D, "k": K, "chunk": CHUNK, "batch": BATCH, "length": LENGTH, "cloud_layers": LAYERS_ON_CLOUD},
    }
    results.update(knn_peers(repeats))
    results.update(step_peer(max(repeats, 10)))
    with open(sys.argv[1], "w") as out:
        json.dump(results, out, indent=2)
    for name, value in results.items():
        if isinstance(value, dict) and "median_s" in value:
            extra = f", {value['gflops']:.1f} GFLOP/s" if "gflops" in value else ""
            print(f"{name}: {value['median_s'] * 1000:.1f} ms median of {value['repeats']}{extra}, "
                  f"{value['median_cpu_s']:.2f} CPU-s")


if __name__ == "__main__":
    main()
