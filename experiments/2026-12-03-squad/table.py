#!/usr/bin/env python3
"""The README's table from the runs' summary.json files: exact match with a 95 % percentile bootstrap interval over
the evaluation questions (B = 2000, fixed seed), F1, and the copies of each context token. Usage: table.py DIR..."""
import json
import random
import sys


def interval(outcomes, b=2000, seed=13):
    rng = random.Random(seed)
    n = len(outcomes)
    means = sorted(sum(outcomes[rng.randrange(n)] for _ in range(n)) / n for _ in range(b))
    return means[int(0.025 * b)], means[int(0.975 * b) - 1]


print("| run | m | layout | mechanism | exact match [95 % CI] | F1 | training windows | copies per context token (mean / max) | training s |")
print("|---|---:|---|---|---|---:|---:|---|---:|")
for folder in sys.argv[1:]:
    s = json.load(open(folder + "/summary.json"))
    hits = [int(c) for c in s["exactMatches"]]
    lo, hi = interval(hits)
    name = folder.rstrip("/").split("/")[-1]
    layout = "separate" if name.endswith("separate") else "joint"
    params = s["mechanismParameters"]
    mech = s["mechanism"] if s["mechanism"] == "none" else "%s η = %g, κ = %g" % (
        s["mechanism"], float(params["eta"]), float(params["kappa"])) if s["mechanism"] == "privtune" else "%s η = %g" % (s["mechanism"], float(params["eta"]))
    print("| %s | %d | %s | %s | %.1f %% [%.1f, %.1f] | %.1f %% | %d | %.2f / %d | %.0f |" % (
        name, s["splitPoint"], layout, mech, 100 * s["exactMatch"], 100 * lo, 100 * hi, 100 * s["f1"],
        s["trainWindows"], s["meanContextReleases"], s["maxContextReleases"], s["trainSeconds"]))
