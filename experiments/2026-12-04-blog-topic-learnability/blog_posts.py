# The posts and blogger splits shared by logistic_regression.py and majority_baselines.py: the task's five topics,
# lower-cased words, posts without a word left out, and 10 seeded splits holding out 20 % of the bloggers.
import os, re, random

ROOT = os.environ.get('PRIVTUNE_BLOGS', os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '../../../shared/data/blog_authorship/blogs'))
TOPICS = ["Technology", "Arts", "Education", "Internet", "Communications-Media"]


def posts():
    """(blogger, topic index, words) for every post of the five topics that has at least one word."""
    out = []
    for f in sorted(os.listdir(ROOT)):
        parts = f.split('.')
        if parts[3] not in TOPICS: continue
        raw = open(os.path.join(ROOT, f), 'rb').read().decode('utf-8', 'replace')
        for m in re.finditer(r'<post>(.*?)</post>', raw, re.S):
            w = re.findall(r"[a-z']+", m.group(1).lower())
            if w: out.append((parts[0], TOPICS.index(parts[3]), w))
    return out


def blogger_splits(ps, seeds=10):
    """(seed, training posts, held-out posts) per seed: 20 % of the bloggers held out, never split by post."""
    for seed in range(seeds):
        bl = sorted(set(p[0] for p in ps)); random.Random(seed).shuffle(bl)
        test = set(bl[:round(len(bl) * 0.2)])
        yield seed, [p for p in ps if p[0] not in test], [p for p in ps if p[0] in test]
