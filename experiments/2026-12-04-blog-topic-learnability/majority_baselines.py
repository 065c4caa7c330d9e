# The two constant baselines over the same 10 blogger splits as the other scripts: the held-out split's own largest
# class (an oracle: it changes from split to split) and the training split's largest class predicted for every post.
import os, re, random, collections
import numpy as np
root = os.environ.get('PRIVTUNE_BLOGS', os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../shared/data/blog_authorship/blogs'))
TOP = ["Technology", "Arts", "Education", "Internet", "Communications-Media"]
posts = []
for f in sorted(os.listdir(root)):
    parts = f.split('.')
    if parts[3] not in TOP: continue
    raw = open(os.path.join(root, f), 'rb').read().decode('utf-8', 'replace')
    for m in re.finditer(r'<post>(.*?)</post>', raw, re.S):
        if re.findall(r"[a-z']+", m.group(1).lower()): posts.append((parts[0], TOP.index(parts[3])))
oracle, train_major = [], []
for seed in range(10):
    bl = sorted(set(p[0] for p in posts)); random.Random(seed).shuffle(bl)
    test = set(bl[:round(len(bl) * 0.2)])
    ytr = np.array([y for b, y in posts if b not in test]); yte = np.array([y for b, y in posts if b in test])
    c = np.bincount(ytr, minlength=5).argmax()
    oracle.append(np.bincount(yte, minlength=5).max() / len(yte)); train_major.append((yte == c).mean())
    print(f"seed {seed}: held-out majority {oracle[-1]*100:.1f} ({TOP[np.bincount(yte, minlength=5).argmax()]}); "
          f"training majority {TOP[c]} predicted: {train_major[-1]*100:.1f}")
print(f"mean: held-out majority {np.mean(oracle)*100:.1f}, training majority predicted {np.mean(train_major)*100:.1f}")
