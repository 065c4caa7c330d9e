"""The adaptive inverter against the goal point's uploads: one noise release of its text against fresh noise every epoch.

Usage: fresh_noise.py OUT.png ONE|FRESH=SENTENCES=SOURCE [...]
SOURCE is an experiment's results.csv (the privtune eta = 15, kappa = 1 row of seed 0) or a run's log, whose line
"adaptive inversion model (epoch N kept): top-1 X %, top-5 Y % of T victim tokens" gives the rates. Prints a markdown
table; plots top-1 against the attacker's sentences, one line per kind of noise, with the 30 % goal. The intervals
are binomial (95 %, over the victim's tokens): one seed each, so they leave out what another seed would change, and
tokens of one sentence are not independent, so they are narrower than a bootstrap over sentences.
"""
import csv, math, re, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import matplotlib.ticker

CELL = "privtune_eta-15_kappa-1"
LINE = re.compile(r"adaptive inversion model \(epoch (\d+) kept\): top-1 ([\d.]+) %, top-5 ([\d.]+) % of (\d+) victim tokens")
VICTIM_TOKENS = 20199  # the SST-2 dev tokens every run here attacks (results.csv does not carry the count)
LABELS = {"ONE": "one release of its text", "FRESH": "fresh noise every epoch (stopped by its epoch cap)"}


def point(source):
    if source.endswith(".csv"):
        row = next(r for r in csv.DictReader(open(source)) if r["id"] in (CELL, CELL + "_seed-0") and r["seed"] == "0")
        return float(row["inversion.adaptive.top1"]) * 100, float(row["inversion.adaptive.top5"]) * 100, \
            int(float(row["inversion.adaptive.kept-epoch"])), VICTIM_TOKENS
    kept, top1, top5, tokens = LINE.search(open(source).read()).groups()
    return float(top1), float(top5), int(kept), int(tokens)


out, rows = sys.argv[1], []
for arg in sys.argv[2:]:
    kind, sentences, source = arg.split("=", 2)
    top1, top5, kept, tokens = point(source)
    half = 196 * math.sqrt(top1 / 100 * (1 - top1 / 100) / tokens)
    rows.append(dict(kind=kind, n=int(sentences), top1=top1, top5=top5, kept=kept, half=half, source=source))
print("| attacker sentences | adaptive inverter's noise | top-1 [95 % binomial] | top-5 | kept epoch | source |")
print("|---:|---|---|---:|---:|---|")
for r in sorted(rows, key=lambda r: (r["n"], r["kind"])):
    print(f"| {r['n']} | {LABELS[r['kind']]} | {r['top1']:.2f} % [{r['top1'] - r['half']:.1f}, {r['top1'] + r['half']:.1f}] "
          f"| {r['top5']:.1f} % | {r['kept']} | `{'/'.join(r['source'].split('/')[-2:])}` |")
fig, ax = plt.subplots(figsize=(7, 4.5))
for colour, kind in enumerate(LABELS):
    rs = sorted((r for r in rows if r["kind"] == kind), key=lambda r: r["n"])
    if rs:
        ax.errorbar([r["n"] for r in rs], [r["top1"] for r in rs], yerr=[r["half"] for r in rs], fmt="-o", capsize=3,
                    color=f"C{colour}", label=LABELS[kind])
        for r in rs:  # the fresh-noise runs stopped at their epoch caps, still improving: say which epoch each kept
            ax.annotate(f"kept epoch {r['kept']}", (r["n"], r["top1"]), textcoords="offset points", xytext=(6, -12),
                        fontsize=7, color=f"C{colour}")
ax.axhline(30, color="grey", ls=":", lw=1)
ax.text(min(r["n"] for r in rows), 30.4, "30 % (issue 12 target)", fontsize=8, color="grey")
ax.set_ylim(top=max(33, max(r["top1"] + r["half"] for r in rows) + 2))
ax.set_xscale("log")
ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
ax.set_xticks(sorted({r["n"] for r in rows}))
ax.set_xticklabels([f"{n:,}" for n in sorted({r["n"] for r in rows})])
ax.set(xlabel="attacker's SST-2 sentences (log)", ylabel="adaptive inversion MLP, top-1 of victim tokens (%)",
       title="bge-small-en-v1.5 m = 10, privtune η = 15, κ = 1 (seed 0): what the adaptive inverter reads")
ax.title.set_fontsize(9)
ax.grid(alpha=0.3)
ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig(out, dpi=110)
