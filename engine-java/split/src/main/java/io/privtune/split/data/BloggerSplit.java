package io.privtune.split.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Splits blog posts by blogger, never by post: a seeded share of the bloggers and all their posts go to
 * the test part, so no author's writing is on both sides (an attribute attack would otherwise recognise
 * the author, not infer the attribute).
 */
public final class BloggerSplit {
    private BloggerSplit() {}

    public static StratifiedSplit.Parts<BlogPost> of(List<BlogPost> posts, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), found " + testFraction);
        }
        List<String> bloggers = new ArrayList<>(new LinkedHashSet<>(
                posts.stream().map(BlogPost::blogger).sorted().toList()));
        Collections.shuffle(bloggers, new Random(seed));
        Set<String> test = Set.copyOf(bloggers.subList(0, (int) Math.round(bloggers.size() * testFraction)));
        List<BlogPost> trainPart = new ArrayList<>();
        List<BlogPost> testPart = new ArrayList<>();
        for (BlogPost p : posts) {
            (test.contains(p.blogger()) ? testPart : trainPart).add(p);
        }
        return new StratifiedSplit.Parts<>(trainPart, testPart);
    }
}
