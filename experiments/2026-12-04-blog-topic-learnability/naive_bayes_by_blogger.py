# Post-level naive Bayes and a per-blogger vote (the sum of each held-out blogger's post posteriors), against the
# majority rate of posts and of bloggers, for the task's five topics and four other label sets; 10 blogger splits.
import os, re, random, collections
import numpy as np
from blog_posts import ROOT as root
tok = lambda s: re.findall(r"[a-z']+", s.lower())
raw_posts = []
for f in sorted(os.listdir(root)):
    parts = f.split('.')
    raw = open(os.path.join(root, f), 'rb').read().decode('utf-8', 'replace')
    for m in re.finditer(r'<post>(.*?)</post>', raw, re.S):
        t = m.group(1).strip()
        if t: raw_posts.append((parts[0], parts[3], tok(t)))
def probe(name, mapping, seeds=10, per_blogger=False):
    posts = [(b, mapping[t], w) for b, t, w in raw_posts if t in mapping]
    k = max(mapping.values()) + 1
    res = []
    for seed in range(seeds):
        bl = sorted(set(p[0] for p in posts)); random.Random(seed).shuffle(bl)
        test = set(bl[:round(len(bl)*0.2)])
        tr = [p for p in posts if p[0] not in test]; te = [p for p in posts if p[0] in test]
        df = collections.Counter(w for p in tr for w in set(p[2]))
        vocab = {w: i for i, w in enumerate(w for w, c in df.items() if c >= 3)}
        counts = np.full((k, len(vocab)), 0.5); prior = np.zeros(k)
        for b, y, ws in tr:
            prior[y] += 1
            for w in ws:
                if w in vocab: counts[y, vocab[w]] += 1
        logp = np.log(counts / counts.sum(1, keepdims=True)); lprior = np.log(prior / prior.sum())
        scores = collections.defaultdict(lambda: np.zeros(k)); gold = {}
        pred = []; g = []
        for b, y, ws in te:
            s = lprior.copy()
            for w in ws:
                if w in vocab: s += logp[:, vocab[w]]
            pred.append(np.argmax(s)); g.append(y)
            scores[b] += np.exp(s - s.max()) / np.exp(s - s.max()).sum(); gold[b] = y
        pred, g = np.array(pred), np.array(g)
        maj = np.bincount(g, minlength=k).max() / len(g)
        bp = np.array([np.argmax(scores[b]) for b in gold]); bg = np.array([gold[b] for b in gold])
        bmaj = np.bincount(bg, minlength=k).max() / len(bg)
        res.append(((pred == g).mean() - maj, (bp == bg).mean() - bmaj, len(te), len(gold)))
    r = np.array(res)
    print(f"{name}: post acc-majority {r[:,0].mean()*100:+.1f} (sd {r[:,0].std()*100:.1f}); blogger vote acc-majority {r[:,1].mean()*100:+.1f} (sd {r[:,1].std()*100:.1f}); test posts {r[:,2].mean():.0f}, bloggers {r[:,3].mean():.0f}")
probe("top5", {t: i for i, t in enumerate(["Technology", "Arts", "Education", "Internet", "Communications-Media"])})
probe("tech-merged vs Arts vs Education", {"Technology": 0, "Internet": 0, "Communications-Media": 0, "Engineering": 0, "Arts": 1, "Education": 2})
probe("Technology vs Arts", {"Technology": 0, "Arts": 1})
probe("Student vs indUnk", {"Student": 0, "indUnk": 1})
probe("Arts vs Education", {"Arts": 0, "Education": 1})
