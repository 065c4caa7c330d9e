# Stronger probe: class-balanced L2 logistic regression on tf-idf of the 5 000 most frequent training words,
# 10 blogger splits; post-level accuracy, macro-F1 and balanced accuracy against the majority rate and chance.
import collections, sys
import numpy as np
from blog_posts import posts as read_posts, blogger_splits
limit = int(sys.argv[1]) if len(sys.argv) > 1 else 0
posts = [(b, y, w[:limit] if limit else w) for b, y, w in read_posts()]
def feats(docs, vocab, idf):
    X = np.zeros((len(docs), len(vocab)), np.float32)
    for i, d in enumerate(docs):
        for w in d:
            j = vocab.get(w)
            if j is not None: X[i, j] += 1
    X = np.log1p(X) * idf
    return X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-9)
out = []
for seed, tr, te in blogger_splits(posts):
    df = collections.Counter(w for p in tr for w in set(p[2]))
    words = [w for w, _ in df.most_common(5000)]
    vocab = {w: i for i, w in enumerate(words)}
    idf = np.log(len(tr) / np.array([df[w] for w in words], np.float32)).astype(np.float32)
    Xtr, Xte = feats([p[2] for p in tr], vocab, idf), feats([p[2] for p in te], vocab, idf)
    ytr = np.array([p[1] for p in tr]); yte = np.array([p[1] for p in te])
    w_cls = len(ytr) / (5 * np.bincount(ytr, minlength=5)); sw = w_cls[ytr][:, None]
    W = np.zeros((Xtr.shape[1], 5), np.float32); b = np.zeros(5, np.float32); Y = np.eye(5)[ytr]
    for it in range(300):  # full-batch gradient descent, step 2, L2 1e-3
        Z = Xtr @ W + b; Z -= Z.max(1, keepdims=True); P = np.exp(Z); P /= P.sum(1, keepdims=True)
        G = sw * (P - Y) / len(ytr)
        W -= 2.0 * (Xtr.T @ G + 1e-3 * W); b -= 2.0 * G.sum(0)
    pred = np.argmax(Xte @ W + b, 1)
    acc = (pred == yte).mean(); maj = np.bincount(yte, minlength=5).max() / len(yte)
    f1 = []; rec = []
    for c in range(5):
        tp = ((pred == c) & (yte == c)).sum(); fp = ((pred == c) & (yte != c)).sum(); fn = ((pred != c) & (yte == c)).sum()
        f1.append(0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)); rec.append(tp / max(1, tp + fn))
    trainacc = (np.argmax(Xtr @ W + b, 1) == ytr).mean()
    out.append((acc, maj, np.mean(f1), np.mean(rec), trainacc))
    print(f"seed {seed}: train posts {len(tr)} test posts {len(te)}; train acc {trainacc*100:.1f}; test acc {acc*100:.1f} majority {maj*100:.1f} macro-F1 {np.mean(f1)*100:.1f} balanced acc {np.mean(rec)*100:.1f}", flush=True)
o = np.array(out)
print(f"words {limit or 'all'}: mean test acc {o[:,0].mean()*100:.1f} (sd {o[:,0].std()*100:.1f}), majority {o[:,1].mean()*100:.1f}, macro-F1 {o[:,2].mean()*100:.1f} (sd {o[:,2].std()*100:.1f}), balanced acc {o[:,3].mean()*100:.1f} (sd {o[:,3].std()*100:.1f}; chance 20.0), train acc {o[:,4].mean()*100:.1f}")
