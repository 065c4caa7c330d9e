"""The all-text BiLSTM's reading of one privtune cell over its seeds, as a markdown table.

Usage: /usr/bin/python3 three_seeds.py [--cell CELL] RUN_DIR...   (each RUN_DIR holds one seed's statistics.csv;
CELL defaults to eta = 10's privtune_eta-10_kappa-1, the cell this folder read)

Per seed: top-1 with its 95 % bootstrap interval over the dev tokens (from statistics.csv). Over the seeds: the mean,
a Student-t 95 % interval over the seeds' readings (it covers the attacker's and the device's seed, not the dev
sample: every seed reads the same 872 sentences), and the mean's interval over the tokens: the seeds' half-widths
((hi - lo) / 2, taken as symmetric) averaged, as for fully correlated errors, because all seeds share the one dev
sample (combining them as independent errors would understate the width).
"""
import argparse
import csv
import math
import sys
from pathlib import Path

from scipy import stats

METRICS = ("contextual.adaptive.top1", "contextual.adaptive.top5")


def read(run_dir, cell):
    path = Path(run_dir) / "statistics.csv"
    if not path.is_file():
        sys.exit(f"three_seeds.py: {path}: no statistics.csv (expected one per seed's run folder)")
    table = list(csv.DictReader(path.open()))
    columns = {"cell", "metric", "mean", "lo", "hi", "seeds"}
    if not table or not columns <= set(table[0]):
        sys.exit(f"three_seeds.py: {path}: expected columns {', '.join(sorted(columns))}")
    rows = {r["metric"]: r for r in table if r["cell"] == cell}
    missing = [m for m in METRICS if m not in rows]
    if missing:
        sys.exit(f"three_seeds.py: {path}: cell {cell} has no {', '.join(missing)}")
    for m in METRICS:
        r = rows[m]
        if r["seeds"] != "1":
            sys.exit(f"three_seeds.py: {path}: {m} is a mean over {r['seeds']} seeds; expected one seed's run")
        try:
            r.update({k: float(r[k]) for k in ("mean", "lo", "hi")})
        except ValueError:
            sys.exit(f"three_seeds.py: {path}: {m} has a mean, lo or hi that is not a number")
    return rows


def main(run_dirs, cell):
    if len(run_dirs) < 2:
        sys.exit("three_seeds.py: give at least two run folders (one per seed)")
    if len({Path(d).resolve() for d in run_dirs}) < len(run_dirs):
        sys.exit("three_seeds.py: a run folder is given twice")
    runs = [(d, read(d, cell)) for d in run_dirs]
    print("| run | top-1 [95 % over the dev tokens] | top-5 |")
    print("|---|---|---:|")
    for d, rows in runs:
        t1, t5 = rows[METRICS[0]], rows[METRICS[1]]
        print(f"| {Path(d).name} | {100 * t1['mean']:.2f} % "
              f"[{100 * t1['lo']:.2f}, {100 * t1['hi']:.2f}] | {100 * t5['mean']:.1f} % |")
    top1 = [rows[METRICS[0]]["mean"] for _, rows in runs]
    n = len(top1)
    mean = sum(top1) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in top1) / (n - 1))
    half_seeds = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    half_tokens = sum((r[METRICS[0]]["hi"] - r[METRICS[0]]["lo"]) / 2 for _, r in runs) / n
    top5 = sum(rows[METRICS[1]]["mean"] for _, rows in runs) / n
    print(f"| **mean of {n}** | **{100 * mean:.2f} %** (over the seeds, t with {n - 1} df: "
          f"[{100 * (mean - half_seeds):.2f}, {100 * (mean + half_seeds):.2f}]; over the tokens: "
          f"[{100 * (mean - half_tokens):.2f}, {100 * (mean + half_tokens):.2f}]) | {100 * top5:.1f} % |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="The all-text BiLSTM's top-1 and top-5 over seeds.")
    parser.add_argument("--cell", default="privtune_eta-10_kappa-1", help="the cell to read (statistics.csv's cell)")
    parser.add_argument("run_dirs", nargs="+", metavar="RUN_DIR", help="one seed's run folder")
    args = parser.parse_args()
    main(args.run_dirs, args.cell)
