"""privtune's eta at bge-small-en-v1.5 m = 10: accuracy over three seeds, and what the attackers read.

Usage: lower_eta.py OUT.png ETAS=13,14,... STATS=statistics.csv [...] FRESH=ETA=run.log [...] \
       FRESHCTX=ETA=LABEL=results.csv [...]
ETAS: the privtune cells to show.
FRESHCTX: the BiLSTM trained on fresh noise at that eta, from a one-seed run's results.csv (contextual.adaptive.*),
labelled LABEL (its sentences and epoch cap).
STATS: an experiment's statistics.csv (three-seed means and 95 % bootstrap intervals); its none row and its
privtune_eta-E_kappa-1 rows are read, accuracy and the adaptive inversion MLP's top-1 (the strongest attacker there).
FRESH: a run's log, whose line "adaptive inversion model (epoch N kept): top-1 X %, ..." is the fresh-noise attacker at
that eta (seed 0; 95 % binomial interval over the victim's tokens). Prints a markdown table; plots accuracy (left) with
none's mean and the 3.33-point goal, and the attackers' top-1 (right) with the 30 % goal.
"""
import csv, math, re, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

CELL = re.compile(r"^privtune_eta-(\d+(?:\.\d+)?)_kappa-1$")
LINE = re.compile(r"adaptive inversion model \(epoch (\d+) kept\): top-1 ([\d.]+) %, top-5 ([\d.]+) % of (\d+) victim tokens")
GOAL_DROP, GOAL_ASR = 3.33, 30.0

VICTIM_TOKENS = 20199  # the SST-2 dev tokens every run here attacks (results.csv does not carry the count)


def binomial(top1, tokens):
    half = 196 * math.sqrt(top1 / 100 * (1 - top1 / 100) / tokens)
    return top1 - half, top1 + half


out, cells, none, fresh, bilstm = sys.argv[1], {}, None, {}, []
for arg in sys.argv[2:]:
    kind, rest = arg.split("=", 1)
    if kind == "ETAS":
        shown = {float(e) for e in rest.split(",")}
    elif kind == "STATS":
        for r in csv.DictReader(open(rest)):
            value = (100 * float(r["mean"]), 100 * float(r["lo"] or "nan"), 100 * float(r["hi"] or "nan"))
            if r["cell"] == "none" and r["metric"] == "accuracy":
                none = value
            m = CELL.match(r["cell"])
            if m and float(m.group(1)) in shown and r["metric"] in ("accuracy", "inversion.adaptive.top1"):
                cells.setdefault(float(m.group(1)), {})[r["metric"]] = value
    elif kind == "FRESHCTX":
        eta, label, results = rest.split("=", 2)
        row = next(r for r in csv.DictReader(open(results)) if CELL.match(r["id"].removesuffix("_seed-0")))
        top1 = 100 * float(row["contextual.adaptive.top1"])
        bilstm.append((float(eta), label, top1, *binomial(top1, VICTIM_TOKENS),
                       100 * float(row["contextual.adaptive.top5"]), int(float(row["contextual.adaptive.kept-epoch"]))))
    else:
        eta, log = rest.split("=", 1)
        kept, top1, top5, tokens = LINE.search(open(log).read()).groups()
        top1 = float(top1)
        fresh[float(eta)] = (top1, *binomial(top1, int(tokens)), float(top5), int(kept))

etas = sorted(cells)
print("| privtune η (κ = 1) | accuracy, 3 seeds [95 % CI] | drop (pts) | adaptive MLP, 3 000 sentences, 3 seeds | "
      "adaptive MLP, 20 000 sentences, fresh noise, seed 0 [95 % binomial] |")
print("|---:|---|---:|---|---|")
for e in etas:
    a, inv = cells[e]["accuracy"], cells[e]["inversion.adaptive.top1"]
    f = fresh.get(e)
    fresh_text = f"{f[0]:.2f} % [{f[1]:.1f}, {f[2]:.1f}] (kept epoch {f[4]})" if f else "not run"
    print(f"| {e:g} | {a[0]:.1f} % [{a[1]:.1f}, {a[2]:.1f}] | {none[0] - a[0]:.2f} | {inv[0]:.1f} % [{inv[1]:.1f}, "
          f"{inv[2]:.1f}] | {fresh_text} |")
print(f"\n`none`: {none[0]:.1f} % [{none[1]:.1f}, {none[2]:.1f}]")
if bilstm:
    print("\n| privtune η | adaptive BiLSTM, fresh noise, seed 0 | top-1 [95 % binomial] | top-5 | kept epoch |")
    print("|---:|---|---|---:|---:|")
    for eta, label, top1, lo, hi, top5, kept in bilstm:
        print(f"| {eta:g} | {label} | {top1:.2f} % [{lo:.1f}, {hi:.1f}] | {top5:.1f} % | {kept} |")

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 5.6))
acc = [cells[e]["accuracy"] for e in etas]
left.errorbar(etas, [a[0] for a in acc], yerr=[[a[0] - a[1] for a in acc], [a[2] - a[0] for a in acc]], fmt="o",
              capsize=3, color="C0", label="privtune, 3 seeds (95 % CI)")
left.axhline(none[0], color="C2", lw=1, label=f"none, 3 seeds ({none[0]:.1f} %)")
left.axhline(none[0] - GOAL_DROP, color="grey", ls=":", lw=1, label=f"none - {GOAL_DROP} points (issue 12 goal)")
left.set(xlabel="η", ylabel="SST-2 dev accuracy (%)", title="accuracy after private fine-tuning (4 000 sentences)")
left.set_xticks(etas)
inv = [cells[e]["inversion.adaptive.top1"] for e in etas]
right.errorbar(etas, [i[0] for i in inv], yerr=[[i[0] - i[1] for i in inv], [i[2] - i[0] for i in inv]], fmt="-o",
               capsize=3, color="C1", label="adaptive MLP, 3 000 sentences, one release (3 seeds)")
fe = sorted(fresh)
right.errorbar(fe, [fresh[e][0] for e in fe], yerr=[[fresh[e][0] - fresh[e][1] for e in fe],
               [fresh[e][2] - fresh[e][0] for e in fe]], fmt="-s", capsize=3, color="C3",
               label="adaptive MLP, 20 000 sentences, fresh noise (seed 0)")
for i, (eta, label, top1, lo, hi, top5, kept) in enumerate(bilstm):
    right.errorbar([eta + 0.08 * (i + 1)], [top1], yerr=[[top1 - lo], [hi - top1]], fmt="^", capsize=3, color=f"C{4 + i}",
                   label=f"adaptive BiLSTM, {label}, fresh noise (seed 0; kept epoch {kept})")
right.axhline(GOAL_ASR, color="grey", ls=":", lw=1, label="30 % (issue 12 goal)")
right.set(xlabel="η", ylabel="top-1 of the victim's tokens (%)", title="what the strongest attackers read")
right.set_xticks(etas)
for ax in (left, right):
    ax.grid(alpha=0.3)
    ax.title.set_fontsize(9)
left.legend(fontsize=7, loc="upper left")
# below the axes: the attackers' points at eta = 13 crowd the plot itself
right.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.16))
fig.suptitle("bge-small-en-v1.5 split at m = 10, privtune κ = 1 (label-free)", fontsize=10)
fig.tight_layout()
fig.savefig(out, dpi=110)
