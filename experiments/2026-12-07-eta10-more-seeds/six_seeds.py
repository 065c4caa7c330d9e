"""η = 10's accuracy drop against `none` per fine-tuning seed, and over all the seeds, as a markdown table.

Usage: /usr/bin/python3 six_seeds.py NONE_RESULTS.csv ETA10_RESULTS.csv...
NONE_RESULTS.csv holds the `none` cells per seed (the six-seed grid's results.csv); each ETA10_RESULTS.csv holds
privtune η = 10, κ = 1 cells (the three-seed grid's, or one seed's run). Each seed's drop pairs the two cells of the
same fine-tuning seed (same training sample and order). Over the seeds: the mean drop with a Student-t 95 % interval
over the per-seed drops (it covers the fine-tuning seed and the noise, not the dev sample: every seed scores the same
872 sentences), and the mean knn top-1. Needs scipy (Debian's python3-scipy).
"""
import csv
import math
import sys

from scipy import stats

BAR = 3.33


def cells(path, mechanism, eta):
    try:
        rows = list(csv.DictReader(open(path)))
    except OSError as e:
        sys.exit(f"six_seeds.py: {path}: cannot read: {e.strerror}")
    out = {}
    for r in rows:
        if r.get("mechanism") != mechanism or (eta and r.get("eta") not in (eta, eta + ".0")):
            continue
        if mechanism == "privtune" and r.get("kappa") not in ("1", "1.0"):
            continue
        try:
            seed, acc = int(r["seed"]), float(r["accuracy"])
            knn = float(r["knn.top1"]) if r.get("knn.top1") else math.nan
        except (KeyError, ValueError):
            sys.exit(f"six_seeds.py: {path}: row {r.get('id')}: expected numeric seed, accuracy and knn.top1")
        if not math.isfinite(acc):
            sys.exit(f"six_seeds.py: {path}: row {r.get('id')}: accuracy {r['accuracy']} is not a finite number")
        if seed in out:
            sys.exit(f"six_seeds.py: {path}: two {mechanism} cells for seed {seed}")
        out[seed] = (acc, knn)
    if not out:
        sys.exit(f"six_seeds.py: {path}: no {mechanism} cell{' with eta = ' + eta + ', kappa = 1' if eta else ''}")
    return out


def main(none_path, eta_paths):
    none = cells(none_path, "none", "")
    eta10 = {}
    for p in eta_paths:
        for seed, v in cells(p, "privtune", "10").items():
            if seed in eta10:
                sys.exit(f"six_seeds.py: {p}: seed {seed} of eta = 10 is also in an earlier file")
            eta10[seed] = v
    seeds = sorted(s for s in eta10 if s in none)
    missing = sorted(set(eta10) - set(none))
    if missing:
        sys.exit(f"six_seeds.py: {none_path}: no none cell for seed(s) {missing}")
    if len(seeds) < 2:
        sys.exit("six_seeds.py: fewer than two seeds with both a none and an eta = 10 cell")
    drops = [100 * (none[s][0] - eta10[s][0]) for s in seeds]
    print("| seed | none | privtune η = 10 | drop (pts) | knn top-1 |")
    print("|---:|---:|---:|---:|---:|")
    for s, d in zip(seeds, drops):
        print(f"| {s} | {100 * none[s][0]:.2f} % | {100 * eta10[s][0]:.2f} % | {d:.2f} | {100 * eta10[s][1]:.2f} % |")
    n = len(drops)
    mean = sum(drops) / n
    sd = math.sqrt(sum((d - mean) ** 2 for d in drops) / (n - 1))
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    acc_none = 100 * sum(none[s][0] for s in seeds) / n
    acc_eta = 100 * sum(eta10[s][0] for s in seeds) / n
    knn = 100 * sum(eta10[s][1] for s in seeds) / n
    print(f"| **mean of {n}** | {acc_none:.2f} % | {acc_eta:.2f} % | **{mean:.2f}** "
          f"([{mean - half:.2f}, {mean + half:.2f}] over the seeds, t with {n - 1} df; bar {BAR}) | {knn:.2f} % |")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: six_seeds.py NONE_RESULTS.csv ETA10_RESULTS.csv...")
    main(sys.argv[1], sys.argv[2:])
