"""A privtune cell against none at bge-small-en-v1.5 m = 10, seed by seed: is the drop below 3.33 points?

Usage: six_seeds.py results.csv[,results.csv...] OUT.png CELL
Reads a run's results.csv (one row per seed run; several runs' files, comma-separated, are read as one; a cell's seed
given twice must have the same accuracy), pairs each seed's CELL run with none's run of the same seed (the same
training sample), prints a markdown table of the per-seed accuracies and drops with the mean drop and its Student t
interval over the seeds (the spread the report's bootstrap does not see), for the first three seeds and for all; plots
the per-seed drops with both means and intervals against the 3.33-point goal.
"""
import csv, math, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from scipy import stats

GOAL = 3.33
results, out, cell = sys.argv[1], sys.argv[2], sys.argv[3]
accuracy = {}
for path in results.split(","):
    for r in csv.DictReader(open(path)):
        key, value = (r["id"].rsplit("_seed-", 1)[0], int(r["seed"])), 100 * float(r["accuracy"])
        if accuracy.get(key, value) != value:
            sys.exit(f"{path}: {key[0]} seed {key[1]} has another accuracy in an earlier file")
        accuracy[key] = value
seeds = sorted(s for (c, s) in accuracy if c == cell and ("none", s) in accuracy)
if len(seeds) < 2:
    sys.exit(f"{results}: need at least two seeds run by both none and {cell}, found {seeds}")
drops = {s: accuracy[("none", s)] - accuracy[(cell, s)] for s in seeds}


def interval(values):
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    return mean, sd, mean - half, mean + half


print(f"| seed | none | {cell} | drop (pts) |")
print("|---:|---:|---:|---:|")
for s in seeds:
    print(f"| {s} | {accuracy[('none', s)]:.2f} % | {accuracy[(cell, s)]:.2f} % | {drops[s]:.2f} |")
print()
print(f"| seeds | none, mean | {cell}, mean | drop, mean | sd | 95 % t interval over seeds | against the 3.33 goal |")
print("|---|---:|---:|---:|---:|---|---|")
summaries = []
groups = [seeds[:3], seeds] if len(seeds) > 3 else [seeds]
for chosen in groups:
    label = f"{chosen[0]}–{chosen[-1]}"
    mean, sd, lo, hi = interval([drops[s] for s in chosen])
    none_mean = sum(accuracy[("none", s)] for s in chosen) / len(chosen)
    cell_mean = sum(accuracy[(cell, s)] for s in chosen) / len(chosen)
    where = "interval below the goal" if hi <= GOAL else "interval above the goal" if lo > GOAL else "goal inside"
    print(f"| {label} ({len(chosen)}) | {none_mean:.2f} % | {cell_mean:.2f} % | {mean:.2f} | {sd:.2f} | "
          f"[{lo:.2f}, {hi:.2f}] | {where} |")
    summaries.append((label, len(chosen), mean, lo, hi))

fig, ax = plt.subplots(figsize=(6.4, 3.6))
ax.plot(seeds, [drops[s] for s in seeds], "o", color="C0", label="drop of one seed (paired with none's run)")
for i, (label, n, mean, lo, hi) in enumerate(summaries):
    x = seeds[-1] + 0.8 + 0.5 * i
    ax.errorbar([x], [mean], yerr=[[mean - lo], [hi - mean]], fmt="s", capsize=4, color=f"C{i + 1}",
                label=f"mean of seeds {label} ({n}), 95 % t interval")
ax.axhline(GOAL, color="grey", ls=":", lw=1, label=f"{GOAL} points (issue 12 goal)")
ax.axhline(0, color="black", lw=0.5)
ax.set(xlabel="seed", ylabel="accuracy drop against none (points)",
       title=f"{cell} at bge-small-en-v1.5 m = 10: drop per seed")
ax.set_xticks(seeds)
ax.grid(alpha=0.3)
ax.legend(fontsize=7, loc="upper left")
ax.title.set_fontsize(9)
fig.tight_layout()
fig.savefig(out, dpi=110)
