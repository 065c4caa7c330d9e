# Learnability probe for blog-topic: multinomial naive Bayes on bag of words, split by blogger (20 % held out),
# over 10 seeds; first 64 words vs the whole post. Not the engine's split: an estimate of what the text carries.
import os, re, random, collections, math, sys
import numpy as np
from blog_posts import ROOT as root
TOP = ["Technology", "Arts", "Education", "Internet", "Communications-Media"]
posts = []
for f in sorted(os.listdir(root)):
    parts = f.split('.')
    blogger, topic = parts[0], parts[3]
    if topic not in TOP: continue
    raw = open(os.path.join(root, f), 'rb').read().decode('utf-8', 'replace')
    for m in re.finditer(r'<post>(.*?)</post>', raw, re.S):
        t = m.group(1).strip()
        if t: posts.append((blogger, TOP.index(topic), t))
print(len(posts), 'posts', len(set(p[0] for p in posts)), 'bloggers')
tok = lambda s: re.findall(r"[a-z']+", s.lower())
def run(seed, limit, alpha=0.5, vocab_min=3):
    bl = sorted(set(p[0] for p in posts)); random.Random(seed).shuffle(bl)
    test = set(bl[:round(len(bl)*0.2)])
    tr = [p for p in posts if p[0] not in test]; te = [p for p in posts if p[0] in test]
    docs = lambda ps: [tok(p[2])[:limit] if limit else tok(p[2]) for p in ps]
    dtr, dte = docs(tr), docs(te)
    df = collections.Counter(w for d in dtr for w in set(d))
    vocab = {w: i for i, w in enumerate(w for w, c in df.items() if c >= vocab_min)}
    counts = np.full((5, len(vocab)), alpha)
    prior = np.zeros(5)
    for d, p in zip(dtr, tr):
        prior[p[1]] += 1
        for w in d:
            if w in vocab: counts[p[1], vocab[w]] += 1
    logp = np.log(counts / counts.sum(1, keepdims=True)); lprior = np.log(prior / prior.sum())
    correct = 0; pred = []; gold = []
    for d, p in zip(dte, te):
        s = lprior.copy()
        for w in d:
            if w in vocab: s += logp[:, vocab[w]]
        pred.append(int(np.argmax(s))); gold.append(p[1])
    pred, gold = np.array(pred), np.array(gold)
    acc = (pred == gold).mean(); maj = np.bincount(gold, minlength=5).max() / len(gold)
    f1 = []
    for c in range(5):
        tp = ((pred == c) & (gold == c)).sum(); fp = ((pred == c) & (gold != c)).sum(); fn = ((pred != c) & (gold == c)).sum()
        f1.append(0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return acc, maj, np.mean(f1), len(tr), len(te)
for limit in (64, 0):
    rs = [run(s, limit) for s in range(10)]
    a = np.array([r[0] for r in rs]); m = np.array([r[1] for r in rs]); f = np.array([r[2] for r in rs])
    print(f"words {limit or 'all'}: accuracy {a.mean()*100:.1f} (sd {a.std()*100:.1f}), majority {m.mean()*100:.1f}, "
          f"acc-majority {(a-m).mean()*100:+.1f} (min {(a-m).min()*100:+.1f}), macro-F1 {f.mean()*100:.1f}")
