# The two constant baselines over the same 10 blogger splits as the other scripts: the held-out split's own largest
# class (an oracle: it changes from split to split) and the training split's largest class predicted for every post.
import numpy as np
from blog_posts import TOPICS as TOP, posts as read_posts, blogger_splits
posts = [(b, y) for b, y, _ in read_posts()]
oracle, train_major = [], []
for seed, tr, te in blogger_splits(posts):
    ytr = np.array([y for b, y in tr]); yte = np.array([y for b, y in te])
    c = np.bincount(ytr, minlength=5).argmax()
    oracle.append(np.bincount(yte, minlength=5).max() / len(yte)); train_major.append((yte == c).mean())
    print(f"seed {seed}: held-out majority {oracle[-1]*100:.1f} ({TOP[np.bincount(yte, minlength=5).argmax()]}); "
          f"training majority {TOP[c]} predicted: {train_major[-1]*100:.1f}")
print(f"mean: held-out majority {np.mean(oracle)*100:.1f}, training majority predicted {np.mean(train_major)*100:.1f}")
