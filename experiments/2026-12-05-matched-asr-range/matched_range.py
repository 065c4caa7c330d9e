"""privtune against dchi and sap-cti at matched strongest-attacker ASR, across a range (issue 12's Must-show 2).

Usage: matched_range.py OUT.png [HOLD] [ATTACKS=FOLDER ...] FOLDER [FOLDER ...]   (each FOLDER holds an experiment's
       statistics.csv; the runs must share model, split, budget and attackers; a cell id found in several folders is
       taken from the first). With ATTACKS=FOLDER only that run's cells are compared, their attack rates read from it
       and their accuracy (mean and bootstrap interval over all its seeds) from the first FOLDER that holds the cell
       (the victims must be theirs: each attacked seed's accuracy and knn top-1 are checked against that FOLDER's
       results.csv). It re-reads the same victims with other attackers. Several ATTACKS= folders are joined, a cell's
       attack rates taken from the first that holds it (with that folder's seeds, even where a later one has more). A
       folder may be both an ATTACKS= folder and an accuracy FOLDER: its cells found in no earlier FOLDER read their
       accuracy from the attacks' own run, and those pairs are counted apart, not as reproduced. A cell in no FOLDER
       is left out and named.
Per cell: the accuracy (mean over its seeds, 95 % bootstrap interval) and its strongest token attacker, the attack with the
highest mean top-1 ASR among knn, the inversion MLP and the contextual BiLSTM (naive and adaptive) and the optimisation
attack, as in the experiment's report. Per mechanism, its frontier: the cells no other cell of it beats on both
accuracy and ASR, joined by straight lines, and the interval bounds interpolated the same way (as the report's
headline does). Prints, at each ASR of the range, privtune's accuracy, each baseline's, the lead, and the lead's
conservative bound (privtune's lower 95 % end minus the baseline's upper end); plots the cells with their intervals and the frontiers.
With HOLD, privtune's frontiers (not the baselines') continue flat past their last cell, marked †: that cell's setting
meets any higher ASR bound, so the held value is a lower bound on privtune's frontier there and the lead stays
conservative; a baseline's frontier is never extended (the held † rows all repeat one cell's measurement: they are not
independent evidence). HOLD also adds a row at each baseline frontier cell's own ASR inside the range (so that a
baseline frontier of one cell is read at all), leaves out rows where neither baseline's frontier reaches that ASR, and
plots the held lines, faded, out to the range's end.
"""
import csv, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

ATTACKS = ["knn.top1", "inversion.naive.top1", "inversion.adaptive.top1", "contextual.naive.top1",
           "contextual.adaptive.top1", "optimisation.top1"]
MECHANISMS = {"privtune": "privtune", "dchi": "dχ", "sap-cti": "sap-cti"}
RANGE = [20, 25, 30, 35, 40, 45, 50, 55, 60]
LEAD = 3.0

out = sys.argv[1]
hold = "HOLD" in sys.argv[2:]
attack_folders = [a.split("=", 1)[1] for a in sys.argv[2:] if a.startswith("ATTACKS=")]
folders = [a for a in sys.argv[2:] if not a.startswith("ATTACKS=") and a != "HOLD"]


def statistics(folder):
    stats = {}
    for r in csv.DictReader(open(f"{folder}/statistics.csv")):
        stats.setdefault(r["cell"], {})[r["metric"]] = r
    return stats


def seed_accuracy(folder):
    """(cell, seed) -> (accuracy, knn top-1), from the folder's results.csv: the victim and the upload it attacks."""
    return {(r["id"].rsplit("_seed-", 1)[0], r["seed"]): (float(r["accuracy"]), float(r["knn.top1"]))
            for r in csv.DictReader(open(f"{folder}/results.csv"))}


def name(folder):
    return folder.rstrip("/").split("/")[-1]


attacks = {} if attack_folders else None  # cell -> its metrics, from the first ATTACKS= folder that holds it
attack_folder = {}  # cell -> that folder
attacked = {}  # (cell, seed) -> (accuracy, knn top-1) of the victim that folder attacked
for folder in attack_folders:
    stats = {cell: m for cell, m in statistics(folder).items() if cell not in attacks}
    attacks.update(stats)
    attack_folder.update(dict.fromkeys(stats, folder))
    attacked.update({(c, seed): a for (c, seed), a in seed_accuracy(folder).items() if c in stats})
attack_names = " and ".join(f"`{name(f)}/`" for f in attack_folders)
reproduced = []  # (cell, seed, (accuracy, knn) in the accuracy folder, (accuracy, knn) in the attacks folder)
cells = {}
for folder in folders:
    stats = statistics(folder)
    mine = seed_accuracy(folder) if attacks is not None else None
    for cell, m in stats.items():
        if cell in cells or "accuracy" not in m or (attacks is not None and cell not in attacks):
            continue
        if attacks is not None:
            own = folder == attack_folder[cell]  # accuracy from the attacks' own run: nothing to reproduce
            reproduced += [(cell, seed, mine.get((c, seed)), a, own) for (c, seed), a in attacked.items() if c == cell]
            m = {**attacks[cell], **{k: v for k, v in m.items() if k in ("accuracy", "majority-rate")}}
            attack_seeds = attacks[cell]["accuracy"]["seeds"]
        present = [a for a in ATTACKS if a in m]
        best = max(present, key=lambda a: float(m[a]["mean"])) if present else None
        cells[cell] = dict(
            mechanism=cell.split("_")[0], folder=name(folder), seeds=int(m["accuracy"]["seeds"]),
            attack_seeds=int(attack_seeds) if attacks is not None else None,
            acc=100 * float(m["accuracy"]["mean"]), lo=100 * float(m["accuracy"]["lo"]), hi=100 * float(m["accuracy"]["hi"]),
            attack=best, asr=100 * float(m[best]["mean"]) if best else None,
            majority=100 * float(m["majority-rate"]["mean"]) if "majority-rate" in m else None)


def frontier(mechanism, pool):
    """The cells of one mechanism in pool that no other of its cells beats on both accuracy and ASR, by ASR."""
    points = sorted((c for c in pool.values() if c["mechanism"] == mechanism and c["asr"] is not None),
                    key=lambda c: (c["asr"], -c["acc"]))
    kept = []
    for c in points:
        if not kept or c["acc"] > kept[-1]["acc"]:
            kept.append(c)
    return kept


def at(line, asr, key, held=False):
    """The frontier's value of key at asr, linear between its two nearest cells; None outside its range, except
    past its last cell with held, where it is that cell's."""
    for i, c in enumerate(line):
        if c["asr"] == asr:
            return c[key]
        if c["asr"] > asr:
            if i == 0:
                return None
            p = line[i - 1]
            return p[key] + (asr - p["asr"]) / (c["asr"] - p["asr"]) * (c[key] - p[key])
    return line[-1][key] if held and line else None


lines = {m: frontier(m, cells) for m in MECHANISMS}
# consistent targets (consistent-share) read the training labels' token counts; the label-free frontier leaves them out
lines["privtune label-free"] = frontier("privtune", {k: c for k, c in cells.items() if "consistent-share" not in k})
none = cells.get("none")
if attacks is not None:
    checked = [r for r in reproduced if not r[4]]
    own = len(reproduced) - len(checked)
    same = [r for r in checked if r[2] == r[3]]
    print(f"Attack rates from {attack_names}" + (" (a cell from the first that holds it)" if len(attack_folders) > 1
                                                  else "") + ", accuracy from the folder named per "
          f"cell; the victims' accuracy and knn top-1 there and in the attacks' run agree in {len(same)} of "
          f"{len(checked)} (cell, seed) pairs" + ("." if len(same) == len(checked) else ", not in: " + ", ".join(
              f"{c} seed {s} ({a if a is None else f'{100 * a[0]:.2f} / {100 * a[1]:.2f} %'} vs "
              f"{100 * b[0]:.2f} / {100 * b[1]:.2f} %)" for c, s, a, b, _ in checked if a != b) + ".")
          + (f" {own} more pairs read their accuracy from the attacks' own run." if own else ""), end="\n\n")
    missing = sorted(set(attacks) - set(cells))
    if missing:
        print("Attacked but in no accuracy folder, left out: " + ", ".join(f"`{c}`" for c in missing) + ".", end="\n\n")
print("Cells (strongest token attacker; accuracy mean [95 % CI]); * on its mechanism's frontier:\n")
print("| cell | seeds | strongest attacker | accuracy | folder |" if attacks is None else
      "| cell | seeds (accuracy / attacks) | strongest attacker | accuracy | accuracy's folder |")
print("|---|---:|---|---|---|")
for cell_id, c in sorted(cells.items(), key=lambda kv: (kv[1]["mechanism"], kv[1]["asr"] or 0)):
    star = "*" if any(c is f for f in lines.get(c["mechanism"], [])) else ""
    attack = f"{c['attack'].replace('.top1', '')} {c['asr']:.1f} %" if c["attack"] else "–"
    seeds = c["seeds"] if attacks is None else f"{c['seeds']} / {c['attack_seeds']}"
    print(f"| `{cell_id}`{star} | {seeds} | {attack} | {c['acc']:.1f} % [{c['lo']:.1f}, {c['hi']:.1f}] | `{c['folder']}/` |")


def table(privtune, title):
    print(f"\n{title} (lead = privtune minus the baseline, in points, and in brackets its conservative bound, "
          f"privtune's lower 95 % end minus the baseline's upper one: positive where the intervals are disjoint; "
          f"the goal is a lead of at least {LEAD:.0f} points" + (f"; † privtune's frontier held flat past its last cell, "
          f"at {lines[privtune][-1]['asr']:.1f} %" if hold and lines[privtune] and lines[privtune][-1]["asr"] < RANGE[-1]
                                                     else "") + "):\n")
    print("| strongest ASR | privtune | dχ | lead | sap-cti | lead |")
    print("|---:|---|---|---:|---|---:|")
    # with HOLD also each baseline frontier cell's own ASR inside the range: a one-cell frontier is read there only
    own = {c["asr"] for b in ("dchi", "sap-cti") for c in lines[b] if RANGE[0] <= c["asr"] <= RANGE[-1]
           and all(abs(c["asr"] - r) >= 0.05 for r in RANGE)} if hold else set()
    rows = 0
    for asr in sorted(set(RANGE) | own):
        if hold and all(at(lines[b], asr, "acc") is None for b in ("dchi", "sap-cti")):
            continue  # nothing to compare with: privtune's held value alone says nothing
        p = [at(lines[privtune], asr, k, hold) for k in ("acc", "lo", "hi")]
        dagger = "†" if p[0] is not None and asr > lines[privtune][-1]["asr"] else ""
        row = f"| {asr if asr in RANGE else f'{asr:.1f}'} % | " + ("–" if p[0] is None else f"{p[0]:.1f} %{dagger} [{p[1]:.1f}, {p[2]:.1f}]") + " |"
        for b in ("dchi", "sap-cti"):
            q = [at(lines[b], asr, k) for k in ("acc", "lo", "hi")]
            if q[0] is None:
                row += " – | – |"
                continue
            # the conservative bound: privtune's lower end minus the baseline's upper end
            lead = "–" if p[0] is None else f"{p[0] - q[0]:+.1f} (≥ {p[1] - q[2]:+.1f})"
            row += f" {q[0]:.1f} % [{q[1]:.1f}, {q[2]:.1f}] | {lead} |"
        print(row)
        rows += 1
    if not rows:
        print("\n(no ASR of the range where a baseline's frontier has a value)")


table("privtune", "At matched strongest-attacker ASR, privtune's frontier over every setting")
table("privtune label-free", "The same with privtune's label-free settings only (no consistent-share)")

fig, ax = plt.subplots(figsize=(7.5, 5))
for colour, (m, label) in enumerate(MECHANISMS.items()):
    pts = [c for c in cells.values() if c["mechanism"] == m and c["asr"] is not None]
    ax.errorbar([c["asr"] for c in pts], [c["acc"] for c in pts],
                yerr=[[c["acc"] - c["lo"] for c in pts], [c["hi"] - c["acc"] for c in pts]],
                fmt="o", color=f"C{colour}", alpha=0.6, capsize=3)
    ax.plot([c["asr"] for c in lines[m]], [c["acc"] for c in lines[m]], "-", color=f"C{colour}",
            label=f"{label} frontier")
    if m == "privtune":
        free = lines["privtune label-free"]
        ax.plot([c["asr"] for c in free], [c["acc"] for c in free], ":", color=f"C{colour}",
                label="privtune frontier, label-free settings")
        for line, style, held in ((lines[m], "-", "privtune frontier held flat past its last cell (a lower bound)"),
                                  (free, ":", "label-free frontier held flat past its last cell")):
            if hold and line and line[-1]["asr"] < RANGE[-1]:
                ax.plot([line[-1]["asr"], RANGE[-1]], [line[-1]["acc"]] * 2, style, color=f"C{colour}", alpha=0.4,
                        label=held)
if none:
    ax.axhline(none["acc"], color="grey", ls="--", label=f"none {none['acc']:.1f} %")
    if none["majority"] is not None:
        ax.axhline(none["majority"], color="black", ls=":", lw=1,
                   label=f"majority class {none['majority']:.1f} % (learned nothing)")
ax.axvspan(RANGE[0], RANGE[-1], color="grey", alpha=0.08, label="issue 12's 20–60 % range")
ax.set_xlabel("strongest token attacker, top-1 ASR (%)")
ax.set_ylabel("SST-2 dev accuracy (%)")
ax.set_title("Matched strongest-attacker ASR: privtune vs dχ and sap-cti (95 % CIs)" if attacks is None else
             f"Matched strongest-attacker ASR: privtune vs dχ and sap-cti\nattacks of {attack_names.replace('`', '')}\n"
             "accuracy: 95 % bootstrap intervals of its seeds' runs", fontsize=9)
ax.legend(fontsize=8, loc="lower right")
ax.grid(alpha=0.3)
fig.tight_layout()
fig.savefig(out, dpi=130)
