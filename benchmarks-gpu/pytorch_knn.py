"""The PyTorch peer for the GPU kNN graph (DESIGN §6): cdist + topk over a MiniLM-shaped dictionary on the
same GPU, chunked like the engine (4096 query rows at a time), cosine via unit rows; and, as the stronger
peer, the same with a plain FP32 matmul of unit rows (cosine directly) + topk; and that matmul on TF32 tensor
cores, the peer of the engine's TF32 graph. Prints JSON."""
import json
import time

import torch

V, D, K, CHUNK = 30522, 384, 16, 4096


def graph_cdist(r):
    ids = []
    for start in range(0, V, CHUNK):
        q = r[start:start + CHUNK]
        # cosine distance through cdist on unit rows: ||a - b||^2 = 2 - 2 cos
        dist = torch.cdist(q, r)
        dist[torch.arange(q.shape[0], device=r.device), torch.arange(start, start + q.shape[0], device=r.device)] = float("inf")
        ids.append(torch.topk(dist, K, dim=1, largest=False).indices)
    torch.cuda.synchronize()
    return torch.cat(ids)


def graph_matmul(r):
    ids = []
    for start in range(0, V, CHUNK):
        q = r[start:start + CHUNK]
        sims = q @ r.T
        sims[torch.arange(q.shape[0], device=r.device), torch.arange(start, start + q.shape[0], device=r.device)] = float("-inf")
        ids.append(torch.topk(sims, K, dim=1).indices)
    torch.cuda.synchronize()
    return torch.cat(ids)


def timed(fn, r, repeats=5):
    fn(r)  # warm-up: kernels, allocator
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn(r)
        times.append((time.perf_counter() - t) * 1e3)
    return times


def main():
    torch.backends.cuda.matmul.allow_tf32 = False  # FP32, as the engine's graph
    torch.manual_seed(2026)
    r = torch.nn.functional.normalize(torch.randn(V, D, device="cuda"), dim=1)
    cdist_ms = timed(graph_cdist, r)
    matmul_ms = timed(graph_matmul, r)
    fp32_ids = graph_matmul(r)
    torch.backends.cuda.matmul.allow_tf32 = True  # the peer of the engine's TF32 graph
    tf32_ms = timed(graph_matmul, r)
    tf32_same = (graph_matmul(r) == fp32_ids).float().mean().item()
    print(json.dumps({"device": torch.cuda.get_device_name(), "torch": torch.__version__, "cdist_topk_ms": cdist_ms,
                      "best_ms": min(cdist_ms), "matmul_topk_ms": matmul_ms, "matmul_best_ms": min(matmul_ms),
                      "matmul_tf32_topk_ms": tf32_ms, "matmul_tf32_best_ms": min(tf32_ms),
                      "tf32_same_id_at_same_rank": tf32_same}, indent=2))


if __name__ == "__main__":
    main()
