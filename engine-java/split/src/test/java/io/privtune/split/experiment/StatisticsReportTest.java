package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.privtune.split.stats.Estimate;
import org.junit.jupiter.api.Test;

/** How the statistics table prints a metric: rates in percent, counts whole, scores as they are. */
class StatisticsReportTest {
    @Test
    void countsArePrintedAsWholeNumbersNotAsPercentages() {
        Estimate texts = Estimate.pointOnly(1500, 0);
        assertEquals("1500", StatisticsReport.shown("attacker.texts", texts));
        assertEquals("200", StatisticsReport.shown("attribute.attacker-texts", Estimate.pointOnly(200, 0)));
        assertEquals("38", StatisticsReport.shown("attribute.devices", Estimate.pointOnly(38, 0)));
    }

    @Test
    void ratesArePercentagesAndCosinesPlain() {
        assertEquals("40.1%", StatisticsReport.shown("knn.top1", Estimate.pointOnly(0.401, 0)));
        assertEquals("40.1%", StatisticsReport.shown("knn.top1.cosine", Estimate.pointOnly(0.401, 0)));
        assertEquals("0.294", StatisticsReport.shown("mean-cosine", Estimate.pointOnly(0.294, 0)));
    }
}
