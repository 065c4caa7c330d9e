"""The contextual model's held-out score after each epoch, read from run logs, one line per run.

Usage: held_out.py OUT.png [--title=TEXT] LABEL=log.txt [LABEL=log.txt ...]
Each log is a `./privtune experiment` log of one cell (progress lines may be left in; a next cell that started and
wrote no held-out line may follow); its lines "held-out score after epoch N (of at most M): X %" with M > 1 are the
contextual model's (the other models in these runs are cut to one epoch). Where a naive contextual model ran more than
one epoch before the adaptive one, the last series in the cell, the adaptive model's, is read; a log with multi-epoch
series in two cells is refused. Prints a markdown table of the scores per epoch and plots them (the default title is
the one of the beyond-cap folder's plot).
"""
import re, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

CELL = re.compile(r"^cell (\d+/\d+): ")
LINE = re.compile(r"held-out score after epoch (\d+) \(of at most (\d+)\): ([\d.]+) %")


def scores(path):
    out = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as e:
        sys.exit(f"{path}: cannot read the log: {e.strerror}")
    cell, series_cell = None, None
    for line in text.replace("\r", "\n").splitlines():
        c = CELL.match(line)
        if c:
            cell = c.group(1)
        m = LINE.search(line)
        if m and int(m.group(2)) > 1:
            epoch = int(m.group(1))
            if out and series_cell != cell:
                sys.exit(f"{path}: multi-epoch models in two cells ({series_cell}, {cell}); give a log of one cell")
            series_cell = cell
            if epoch == 1:  # a model starts: the last one in the cell is the adaptive contextual model
                out = {}
            if epoch in out:  # a second model with more than one epoch: its scores would mix with the first's
                sys.exit(f"{path}: epoch {epoch} appears twice; expected one multi-epoch model per log")
            out[epoch] = float(m.group(3))
    if not out:
        sys.exit(f"{path}: no held-out line of a model with more than one epoch")
    return out


if len(sys.argv) < 3 or "=" in sys.argv[1] or not sys.argv[1].endswith(".png"):
    sys.exit(__doc__)
title = "fresh-noise BiLSTM, 20 000 attacker sentences: held-out score per epoch"
runs = []
for arg in sys.argv[2:]:
    if arg.startswith("--title="):
        title = arg[len("--title="):]
        continue
    label, _, path = arg.partition("=")
    if not path:
        sys.exit(f"argument '{arg}': expected LABEL=log.txt")
    runs.append((label, scores(path)))

epochs = sorted({e for _, s in runs for e in s})
print("| epoch | " + " | ".join(label for label, _ in runs) + " |")
print("|---:|" + "---:|" * len(runs))
for e in epochs:
    print(f"| {e} | " + " | ".join(f"{s[e]:.2f}" if e in s else "" for _, s in runs) + " |")

fig, ax = plt.subplots(figsize=(8, 5))
for label, s in runs:
    xs = sorted(s)
    ax.plot(xs, [s[x] for x in xs], marker="o", markersize=3, label=label)
ax.set_xlabel("epoch")
ax.set_ylabel("held-out top-1 (% of the attacker's held-out tokens)")
ax.set_title(title)
ax.grid(alpha=0.3)
ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig(sys.argv[1], dpi=120)
