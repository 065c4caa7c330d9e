"""Issue 12's first Must-show at bge-small-en-v1.5 m = 10: each privtune cell's paired accuracy drop against what the
strongest attacker (the fresh-noise BiLSTM on 20 000 sentences) reads, beside the goal's box.

Usage: goal_box.py OUT.png [[TAG=text] REPORT=report.md [...] STATS=statistics.csv [...]]... BILSTM=CELL=results.csv \
       [...] [LABEL=CELL=text ...] [MLP=column header] [TITLE=plot title]
TAG: names the experiment (e.g. its fine-tuning budget) of the REPORT and STATS arguments after it, so that the same
cell of two experiments gives two rows, labelled "LABEL (TAG)"; the default is no tag.
REPORT: an experiment's report.md; its table "Drop in accuracy against none, paired" gives each cell's drop, its two
95 % intervals (over the dev sentences, over the seeds) and its seeds. A later REPORT's row replaces an earlier one's
under the same TAG.
STATS: the same experiments' statistics.csv; each cell's knn and adaptive MLP (means over its seeds; a
later STATS replaces an earlier one's).
BILSTM: a run's results.csv whose one row of CELL (id CELL or CELL_seed-K) is CELL's fresh-noise BiLSTM
(contextual.adaptive.*) at that row's seed; it applies to CELL under every TAG (the attacker reads the dev upload; in the
runs this plots, that upload is the same at both fine-tuning budgets: knn and mean-cosine match per seed). Several
BILSTM arguments of one CELL (other seeds) give their mean, each seed's reading beside it; the plot's horizontal bar
then spans the seeds' binomial intervals (their outer ends: not an interval over attacker seeds), and the table and
legend name each point's seeds.
MLP, TITLE: the adaptive MLP column's header and the plot's title, where they differ from this folder's defaults.
Prints a markdown table; plots drop against the BiLSTM's top-1 for the cells that have one.
"""
import csv, math, re, sys
from statistics import mean
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

GOAL_DROP, GOAL_ASR = 3.33, 30.0
VICTIM_TOKENS = 20199  # the SST-2 dev tokens every run here attacks (results.csv does not carry the count)
ROW = re.compile(r"^\| (\S+) \| ([\d.-]+) \| \[([\d.-]+), ([\d.-]+)\] \| \[([\d.-]+), ([\d.-]+)\] \| ([\d, ]+) \|")


def binomial(top1, tokens):
    half = 196 * math.sqrt(top1 / 100 * (1 - top1 / 100) / tokens)
    return top1 - half, top1 + half


if len(sys.argv) < 3 or sys.argv[1].count("="):
    sys.exit(__doc__)
for a in sys.argv[2:]:
    if "=" not in a:
        sys.exit(f"goal_box.py: {a!r}: expected KIND=value (quote values with spaces, e.g. \"TAG=4 000 sentences\")")
out, drops, stats, bilstm, labels, tag = sys.argv[1], {}, {}, {}, {}, ""
mlp_header = "adaptive MLP, 3 000 sentences, one release"
title = "bge-small-en-v1.5 split at m = 10, privtune κ = 1, 4 000 SST-2 sentences"
for arg in sys.argv[2:]:
    kind, rest = arg.split("=", 1)
    if kind == "REPORT":
        parts = open(rest, encoding="utf-8").read().split("## Drop in accuracy against none, paired", 1)
        rows = [ROW.match(line) for line in parts[-1].split("\n## ", 1)[0].splitlines()] if len(parts) == 2 else []
        rows = [m for m in rows if m]
        if not rows:
            sys.exit(f"goal_box.py: {rest}: no row with two intervals in its section 'Drop in accuracy against none, "
                     "paired' (a report of two or more seeds is needed)")
        for m in rows:
            drops[(tag, m.group(1))] = (float(m.group(2)), *map(float, m.groups()[2:6]), m.group(7).strip())
    elif kind == "STATS":
        rows = list(csv.DictReader(open(rest, encoding="utf-8")))
        if not rows or not {"cell", "metric", "mean"} <= set(rows[0]):
            sys.exit(f"goal_box.py: {rest}: expected an experiment's statistics.csv (columns cell, metric, mean)")
        for r in rows:
            if r["metric"] in ("knn.top1", "inversion.adaptive.top1"):
                stats.setdefault((tag, r["cell"]), {})[r["metric"]] = 100 * float(r["mean"])
    elif kind == "BILSTM":
        if "=" not in rest:
            sys.exit(f"goal_box.py: {arg!r}: expected BILSTM=CELL=results.csv")
        cell, results = rest.split("=", 1)
        rows = [r for r in csv.DictReader(open(results, encoding="utf-8"))
                if r["id"] == cell or r["id"].startswith(cell + "_seed-")]
        if len(rows) != 1:
            sys.exit(f"goal_box.py: {results}: expected one row of cell {cell!r} (one seed's run), found {len(rows)}")
        row, runs = rows[0], bilstm.setdefault(cell, [])
        if any(run["seed"] == row["seed"] for run in runs):
            sys.exit(f"goal_box.py: {results}: seed {row['seed']} of cell {cell!r} is given twice")
        top1 = 100 * float(row["contextual.adaptive.top1"])
        runs.append({"seed": row["seed"], "top1": top1, "ci": binomial(top1, VICTIM_TOKENS),
                     "top5": 100 * float(row["contextual.adaptive.top5"]),
                     "kept": int(float(row["contextual.adaptive.kept-epoch"]))})
    elif kind == "LABEL":
        if "=" not in rest:
            sys.exit(f"goal_box.py: {arg!r}: expected LABEL=CELL=text")
        cell, text = rest.split("=", 1)
        labels[cell] = text
    elif kind == "TAG":
        tag = rest
    elif kind == "MLP":
        mlp_header = rest
    elif kind == "TITLE":
        title = rest
    else:
        sys.exit(f"goal_box.py: unknown argument {arg!r}: expected TAG=, REPORT=, STATS=, BILSTM=, LABEL=, MLP= or "
                 "TITLE=")


def bilstm_text(runs):
    if len(runs) == 1:
        r = runs[0]
        seed = "" if one_seed else f"seed {r['seed']}: "
        return (f"{seed}{r['top1']:.2f} % [{r['ci'][0]:.1f}, {r['ci'][1]:.1f}], top-5 {r['top5']:.1f} %, "
                f"kept epoch {r['kept']}")
    per_seed = "; ".join(f"seed {r['seed']} {r['top1']:.2f} % [{r['ci'][0]:.1f}, {r['ci'][1]:.1f}]" for r in runs)
    return (f"mean {mean(r['top1'] for r in runs):.2f} % ({per_seed}), top-5 mean "
            f"{mean(r['top5'] for r in runs):.1f} %, kept epochs {' / '.join(str(r['kept']) for r in runs)}")


def label(key):
    tag, cell = key
    return f"{labels.get(cell, cell)} ({tag})" if tag else labels.get(cell, cell)


one_seed = all(len(runs) == 1 and runs[0]["seed"] == "0" for runs in bilstm.values())
print("| cell | drop against none, paired (pts) | 95 % over dev sentences | 95 % over seeds | seeds | knn | "
      f"{mlp_header} | fresh-noise BiLSTM, 20 000 sentences, {'seed 0' if one_seed else 'by seed'} [95 % binomial] |")
print("|---|---:|---|---|---|---:|---:|---|")
for key, (drop, elo, ehi, slo, shi, seeds) in drops.items():
    s = stats.get(key, {})
    b_text = bilstm_text(bilstm[key[1]]) if key[1] in bilstm else "not run"
    print(f"| {label(key)} | {drop:.2f} | [{elo:.2f}, {ehi:.2f}] | [{slo:.2f}, {shi:.2f}] | {seeds} | "
          f"{s.get('knn.top1', float('nan')):.1f} % | {s.get('inversion.adaptive.top1', float('nan')):.1f} % | "
          f"{b_text} |")

unplotted = sorted(set(bilstm) - {cell for _, cell in drops})
if unplotted:
    sys.exit(f"goal_box.py: BILSTM cells without a paired drop in any REPORT: {', '.join(unplotted)}")
fig, ax = plt.subplots(figsize=(7.5, 5.4))
ax.add_patch(plt.Rectangle((0, 0), GOAL_ASR, GOAL_DROP, color="grey", alpha=0.15, label="issue 12's goal"))
for i, key in enumerate(k for k in drops if k[1] in bilstm):
    drop, elo, ehi, slo, shi, seeds = drops[key]
    runs = bilstm[key[1]]  # the mean reading; its bar spans every seed's binomial interval
    top1, lo, hi = mean(r["top1"] for r in runs), min(r["ci"][0] for r in runs), max(r["ci"][1] for r in runs)
    n = len(seeds.split(","))
    seeds_of_runs = ", ".join(r["seed"] for r in runs)
    attacker = "" if one_seed else (f", BiLSTM seed {seeds_of_runs}" if len(runs) == 1
                                    else f", BiLSTM mean of seeds {seeds_of_runs}")
    ax.errorbar([top1], [drop], xerr=[[top1 - lo], [hi - top1]], yerr=[[drop - slo], [shi - drop]], fmt="o",
                capsize=3, color=f"C{i}", label=f"{label(key)} ({n} seeds{attacker}; drop's 95 % interval over seeds)")
    ax.errorbar([top1 + 0.15], [drop], yerr=[[drop - elo], [ehi - drop]], fmt="none", capsize=3, color=f"C{i}",
                alpha=0.5, ls="--")
top = max([7] + [math.ceil(max(drops[k][2], drops[k][4])) + 0.5 for k in drops if k[1] in bilstm])  # every bar's top
x_label = ("fresh-noise BiLSTM on 20 000 sentences: top-1 of the victim's tokens (%, seed 0, 95 % binomial)" if one_seed
           else "fresh-noise BiLSTM, 20 000 sentences: top-1 of the victim's tokens (%; bars: the seeds' 95 % binomial)")
ax.set(xlabel=x_label,
       ylabel="accuracy drop against none, paired (points)", xlim=(20, 40), ylim=(0, top))
ax.axhline(GOAL_DROP, color="grey", ls=":", lw=1)
ax.axvline(GOAL_ASR, color="grey", ls=":", lw=1)
ax.grid(alpha=0.3)
ax.legend(fontsize=7, loc="upper left")
ax.set_title(f"{title}\n"
             "(faint bars beside each point: the drop's 95 % interval over the dev sentences)", fontsize=9)
fig.tight_layout()
fig.savefig(out, dpi=110)
