package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A plot is as wide as its title needs, so no title is cut at the edges (Blog's were, at a fixed 900 pixels). */
class FrontierPlotsTest {
    @Test
    void aLongTitleWidensThePlot() {
        assertEquals(FrontierPlots.MIN_WIDTH, FrontierPlots.width("knn top-1 vs accuracy: sst2 dev.tsv"));
        String blog = "attribute-mlp per device (adaptive) gender accuracy vs accuracy: blog-topic the posts of 20 % of"
                + " the bloggers (seed 13) (all-minilm-l6-v2, m = 2)";
        int wide = FrontierPlots.width(blog);
        assertTrue(wide > FrontierPlots.MIN_WIDTH, "a " + blog.length() + "-character title in " + wide + " px");
        assertTrue(wide > FrontierPlots.width(blog.substring(0, 120)), "longer titles, wider plots");
    }
}
