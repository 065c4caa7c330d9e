"""Per cell, seed 0's adaptive attackers with one release of their text against fresh noise every epoch.

Usage: seed_zero.py FRESH_FOLDER ONE_RELEASE_FOLDER [ONE_RELEASE_FOLDER ...]   (each holds an experiment's results.csv;
       a cell found in several one-release folders is taken from the first)
The victims are the same (same seed, fine-tuning and dev upload: the accuracy and knn columns must agree), so the
columns differ only in the attackers. Prints a Markdown table: accuracy, knn, the adaptive inversion MLP and BiLSTM
(top-1) under each, and the strongest attacker's top-1 under each.
"""
import csv, sys

ATTACKS = ["knn.top1", "inversion.naive.top1", "inversion.adaptive.top1", "contextual.naive.top1",
           "contextual.adaptive.top1", "optimisation.top1"]


def seed_zero(folder):
    return {r["id"].rsplit("_seed-", 1)[0]: r for r in csv.DictReader(open(f"{folder}/results.csv")) if r["seed"] == "0"}


def pct(r, key):
    return 100 * float(r[key])


fresh = seed_zero(sys.argv[1])
one = {}
for folder in sys.argv[2:]:
    for cell, r in seed_zero(folder).items():
        one.setdefault(cell, r)
print("| cell (seed 0) | accuracy | knn | MLP, one release → fresh | BiLSTM, one release → fresh | strongest, one release → fresh |")
print("|---|---:|---:|---:|---:|---:|")
for cell, f in sorted(fresh.items(), key=lambda kv: (kv[0].split("_")[0], pct(kv[1], "inversion.adaptive.top1"))):
    o = one.get(cell)
    if o is None:
        continue
    same = "" if o["accuracy"] == f["accuracy"] and o["knn.top1"] == f["knn.top1"] else " (victim differs!)"
    strongest = [max(pct(r, a) for a in ATTACKS if r.get(a)) for r in (o, f)]
    print(f"| `{cell}`{same} | {pct(f, 'accuracy'):.1f} % | {pct(f, 'knn.top1'):.1f} % | "
          f"{pct(o, 'inversion.adaptive.top1'):.1f} → {pct(f, 'inversion.adaptive.top1'):.1f} % | "
          f"{pct(o, 'contextual.adaptive.top1'):.1f} → {pct(f, 'contextual.adaptive.top1'):.1f} % | "
          f"{strongest[0]:.1f} → {strongest[1]:.1f} % (+{strongest[1] - strongest[0]:.1f}) |")
