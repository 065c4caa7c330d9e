package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strongest token attacker per cell: the highest top-1 among the token attacks, nothing else. */
class StrongestAttackerTest {
    private static CellResult cell(String id, Map<String, Double> metrics) {
        return new CellResult(
                id, "dchi", Map.of("eta", "10"), Map.of("eta", "10"), 0, 0.8, 10, "", 1, 1, metrics, "", null);
    }

    @Test
    void picksTheHighestTopOneAmongTheTokenAttacks() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("knn.top1", 0.20);
        metrics.put("knn.top5", 0.95); // a top-5 rate is no top-1
        metrics.put("knn.top1.l2", 0.60); // a variant already folded into knn.top1
        metrics.put("mean-cosine", 0.99);
        metrics.put("inversion.naive.top1", 0.31);
        metrics.put("inversion.adaptive.top1", 0.44);
        metrics.put("inversion.adaptive.kept-epoch", 7.0); // not a rate
        metrics.put("contextual.naive.top1", Double.NaN); // not measured
        metrics.put("contextual.adaptive.top1", 0.52);
        metrics.put("optimisation.top1", 0.10);
        metrics.put("attribute-mlp.adaptive.gender", 0.9); // an attribute attack, not a token attack
        StrongestAttacker.Pick pick = StrongestAttacker.of(metrics).orElseThrow();
        assertEquals("contextual adaptive", pick.name());
        assertEquals("contextual.adaptive.top1", pick.metric());
        assertEquals(0.52, pick.top1());

        metrics.put("optimisation.top1", 0.75);
        assertEquals("optimisation", StrongestAttacker.of(metrics).orElseThrow().name());
        metrics.put("knn.top1", 0.75);
        assertEquals("knn", StrongestAttacker.of(metrics).orElseThrow().name(), "a tie goes to the first listed");
    }

    @Test
    void aCellWithoutTokenAttacksHasNone() {
        assertTrue(StrongestAttacker.of(Map.of("mean-cosine", 0.5, "inversion.naive.kept-epoch", 3.0))
                .isEmpty());
        assertTrue(
                Double.isNaN(StrongestAttacker.metric(cell("a", Map.of("knn.top5", 0.4)), StrongestAttacker.METRIC)));
    }

    @Test
    void theReportNamesTheStrongestPerCell() {
        CellResult weak = cell("dchi_eta-10", Map.of("knn.top1", 0.05, "inversion.adaptive.top1", 0.12));
        CellResult none = cell("none", Map.of("knn.top1", 1.0, "contextual.naive.top1", 0.97));
        assertEquals(0.12, StrongestAttacker.metric(weak, StrongestAttacker.METRIC));
        assertEquals(0.05, StrongestAttacker.metric(weak, "knn.top1"));
        String md = StrongestAttacker.markdown(
                List.of(none, weak), 0.8, "sst2 dev.tsv", io.privtune.split.task.UtilityMetric.ACCURACY);
        assertTrue(md.contains("| none | 80.0% | 0.00 | 97.0% | - | knn 100.0% |"), md);
        assertTrue(md.contains("| dchi_eta-10 | 80.0% | 0.00 | - | - | inversion adaptive 12.0% |"), md);
    }
}
