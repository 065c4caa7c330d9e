"""Gathers the split-depth runs (one experiment folder per m) into one table and one plot.

Usage: depth_table.py [--model NAME] OUT.png M=FOLDER[+FOLDER...] [M=...]   (NAME titles the plot, default MiniLM; each FOLDER holds a privtune experiment's statistics.csv;
       with several folders for one m, a cell in a later folder replaces the same cell of an earlier one)
Strongest = the highest top-1 ASR over knn, the inversion MLP and the contextual BiLSTM (each naive and adaptive) and
the optimisation attack.
"""
import csv, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

CELLS = ["none", "dchi_eta-10", "privtune_eta-30_kappa-1", "privtune_consistent-share-0.25_eta-22_kappa-1"]
LABELS = {"none": "none", "dchi_eta-10": "dχ η = 10", "privtune_eta-30_kappa-1": "privtune η = 30, κ = 1 (defaults)",
          "privtune_consistent-share-0.25_eta-22_kappa-1": "privtune η = 22, ρ = 0.25"}
ATTACKS = ["knn.top1", "inversion.naive.top1", "inversion.adaptive.top1", "contextual.naive.top1",
           "contextual.adaptive.top1", "optimisation.top1"]

def load(folders):
    stats = {}
    for folder in folders.split("+"):
        for r in csv.DictReader(open(f"{folder}/statistics.csv")):
            stats[(r["cell"], r["metric"])] = (float(r["mean"]), r["lo"], r["hi"], r["seeds"])
    return stats

args = sys.argv[1:]
model = "MiniLM"
if args[0] == "--model":
    model, args = args[1], args[2:]
out, runs = args[0], [a.split("=", 1) for a in args[1:]]
rows = []
for m, folder in runs:
    s = load(folder)
    for cell in CELLS:
        acc = s[(cell, "accuracy")]
        best = max(ATTACKS, key=lambda a: s[(cell, a)][0])
        rows.append(dict(m=int(m), cell=cell, acc=acc, seeds=acc[3], knn=s[(cell, "knn.top1")], best=best, strongest=s[(cell, best)],
                         inv=s[(cell, "inversion.adaptive.top1")], ctx=s[(cell, "contextual.adaptive.top1")]))
pct = lambda v: f"{v[0]*100:.1f} % [{float(v[1])*100:.1f}, {float(v[2])*100:.1f}]" if v[1] else f"{v[0]*100:.1f} %"
print("| m | cell | seeds | accuracy [95 % CI] | drop (pts) | knn | inversion adaptive | contextual adaptive | strongest |")
print("|---:|---|---:|---|---:|---:|---:|---:|---|")
for r in rows:
    none = next(x for x in rows if x["m"] == r["m"] and x["cell"] == "none")
    print(f"| {r['m']} | {LABELS[r['cell']]} | {r['seeds']} | {pct(r['acc'])} | {(none['acc'][0]-r['acc'][0])*100:.1f} | "
          f"{r['knn'][0]*100:.1f} % | {r['inv'][0]*100:.1f} % | {r['ctx'][0]*100:.1f} % | "
          f"{r['best'].replace('.top1','')} {pct(r['strongest'])} |")
fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 5))
for cell in CELLS:
    rs = sorted((r for r in rows if r["cell"] == cell), key=lambda r: r["m"])
    ms = [r["m"] for r in rs]
    for ax, key in ((a1, "acc"), (a2, "strongest")):
        ys = [r[key][0] * 100 for r in rs]
        lo = [r[key][0] * 100 - float(r[key][1]) * 100 if r[key][1] else 0 for r in rs]
        hi = [float(r[key][2]) * 100 - r[key][0] * 100 if r[key][2] else 0 for r in rs]
        ax.errorbar(ms, ys, yerr=[lo, hi], marker="o", capsize=3, label=LABELS[cell])
a1.set(xlabel="split point m (layers on the device)", ylabel="SST-2 dev accuracy (%)", title="utility (4 000 SST-2 sentences, 1 epoch)")
a2.set(xlabel="split point m (layers on the device)", ylabel="strongest token attacker, top-1 (%)", title="privacy (strongest of six attacks)")
for ax in (a1, a2):
    ax.set_xticks(sorted({r["m"] for r in rows})); ax.grid(alpha=0.3)
a2.axhline(30, color="grey", ls=":", lw=1); a2.text(min(r["m"] for r in rows) + 0.05, 26, "30 % (issue 12 target)", fontsize=8, color="grey")
a1.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2)
depths = sorted({r["m"] for r in rows})
fig.suptitle(f"{model} split depth: the same mechanisms at m = {', '.join(map(str, depths))} (seeds per cell in the table beside it; 95 % bootstrap intervals)", fontsize=10)
fig.tight_layout(); fig.savefig(out, dpi=110)
