"""How much the token attacker reads as its text grows: the strongest attack per cell against the attacker's sentences.

Usage: attacker_scaling.py OUT.png SENTENCES=FOLDER [SENTENCES=FOLDER ...]   (each FOLDER holds an experiment's
       statistics.csv at that attacker size; a size may appear twice, e.g. one seed and three seeds)
Strongest = the attack with the highest mean top-1 ASR over knn, the inversion MLP and the contextual BiLSTM (each naive
and adaptive) and the optimisation attack, as in the experiment's report. Prints a markdown table; plots the strongest
rate with its 95 % interval against the attacker's sentences, one line per cell, and the 30 % goal.
"""
import csv, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import matplotlib.ticker

CELLS = {"none": "none (clean uploads)", "privtune_eta-15_kappa-1": "privtune η = 15, κ = 1", "dchi_eta-10": "dχ η = 10",
         "privtune_consistent-share-0.25_eta-22_kappa-1": "privtune η = 22, ρ = 0.25"}
ATTACKS = ["knn.top1", "inversion.naive.top1", "inversion.adaptive.top1", "contextual.naive.top1",
           "contextual.adaptive.top1", "optimisation.top1"]

out, runs = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
rows = []
for sentences, folder in runs:
    stats = {(r["cell"], r["metric"]): r for r in csv.DictReader(open(f"{folder}/statistics.csv"))}
    for cell in CELLS:
        if (cell, "accuracy") not in stats:
            continue
        best = max(ATTACKS, key=lambda a: float(stats[(cell, a)]["mean"]))
        s = stats[(cell, best)]
        rows.append(dict(n=int(sentences), cell=cell, seeds=int(s["seeds"]), attack=best.replace(".top1", ""),
                         mean=float(s["mean"]) * 100, lo=float(s["lo"]) * 100, hi=float(s["hi"]) * 100, folder=folder))
print("| attacker sentences | cell | seeds | strongest attack | top-1 [95 % CI] | folder |")
print("|---:|---|---:|---|---|---|")
for r in sorted(rows, key=lambda r: (list(CELLS).index(r["cell"]), r["n"], r["seeds"])):
    print(f"| {r['n']} | {CELLS[r['cell']]} | {r['seeds']} | {r['attack']} | {r['mean']:.1f} % [{r['lo']:.1f}, {r['hi']:.1f}] "
          f"| `{r['folder'].rstrip('/').split('/')[-1]}/` |")
fig, ax = plt.subplots(figsize=(7, 5))
for colour, (cell, label) in enumerate(CELLS.items()):
    for seeds, style in ((3, "-o"), (1, "--s")):
        rs = sorted((r for r in rows if r["cell"] == cell and r["seeds"] == seeds), key=lambda r: r["n"])
        if rs:
            ax.errorbar([r["n"] for r in rs], [r["mean"] for r in rs],
                        yerr=[[r["mean"] - r["lo"] for r in rs], [r["hi"] - r["mean"] for r in rs]], fmt=style, capsize=3,
                        color=f"C{colour}", alpha=1.0 if seeds == 3 else 0.6,
                        label=f"{label}, {seeds} seed{'s' if seeds > 1 else ''}")
ax.axhline(30, color="grey", ls=":", lw=1)
ax.text(min(r["n"] for r in rows), 31, "30 % (issue 12 target)", fontsize=8, color="grey")
ax.set_xscale("log")
ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
ax.set_xticks(sorted({r["n"] for r in rows}))
ax.set_xticklabels([f"{n:,}" for n in sorted({r["n"] for r in rows})])
ax.set(xlabel="attacker's SST-2 sentences (log; 3 000: standard attacker, more: stronger settings)", ylabel="strongest token attacker, top-1 (%)",
       title="bge-small-en-v1.5, m = 10: the attacker's text against what it reads")
ax.grid(alpha=0.3)
ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig(out, dpi=110)
