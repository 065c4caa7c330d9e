package io.privtune.core.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.core.testing.BruteForceKnn;
import io.privtune.core.testing.LogCapture;
import io.privtune.core.testing.NeighbourAssertions;
import io.privtune.core.testing.RandomSpaces;
import java.util.HashSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Every kernel shape, constructed directly (whatever this machine would choose), against the brute-force
 * reference on awkward sizes: V and n not multiples of any tile, d not a multiple of any lane count, k larger
 * than some panels, exact ties across panels and chunks.
 */
class KernelShapesTest {
    static Stream<String> shapes() {
        return KernelShapes.ALL.stream().map(kernel -> kernel.name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void cosineGraphEqualsBruteForce(String shape) {
        TopKKernel kernel = KernelShapes.named(shape);
        // {V, d, k}: a single tile; V = 97 and d = 19 primes; k = 50 > the 16- and 32-column panels; k = V - 1
        for (int[] c : new int[][] {{2, 3, 1}, {97, 19, 5}, {203, 37, 50}, {61, 129, 60}}) {
            int rows = c[0], dim = c[1], k = c[2];
            float[] values = RandomSpaces.gaussian(rows, dim, 7 + rows);
            KnnGraph graph = new CpuCosineIndex(EmbeddingSpace.fromArray("random", values, rows, dim), kernel)
                    .graph(k, ProgressListener.NONE);
            NeighbourAssertions.assertSameExceptTies(
                    BruteForceKnn.search(values, rows, values, rows, dim, k, true), graph.lists(), 1e-5f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void cosineSearchEqualsBruteForce(String shape) {
        int rows = 151, dim = 33, n = 23, k = 49;
        float[] db = RandomSpaces.gaussian(rows, dim, 21);
        float[] queries = RandomSpaces.gaussian(n, dim, 22);
        NeighbourLists result = new CpuCosineIndex(
                        EmbeddingSpace.fromArray("db", db, rows, dim), KernelShapes.named(shape))
                .search(queries, n, k, ProgressListener.NONE);
        NeighbourAssertions.assertSameExceptTies(
                BruteForceKnn.search(queries, n, db, rows, dim, k, false), result, 1e-5f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void l2SearchEqualsBruteForce(String shape) {
        int rows = 131, dim = 21, n = 17, k = 35;
        float[] db = RandomSpaces.gaussian(rows, dim, 31);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dim; j++) {
                db[r * dim + j] *= 1 + (r % 5); // unequal norms: L2 order differs from cosine order
            }
        }
        float[] queries = RandomSpaces.gaussian(n, dim, 32);
        NeighbourLists result = new CpuL2Index(EmbeddingSpace.fromArray("db", db, rows, dim), KernelShapes.named(shape))
                .search(queries, n, k, ProgressListener.NONE);
        for (int q = 0; q < n; q++) {
            double[] distance = new double[rows];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < dim; j++) {
                    double diff = queries[q * dim + j] - db[r * dim + j];
                    distance[r] += diff * diff;
                }
            }
            int[] order = IntStream.range(0, rows)
                    .boxed()
                    .sorted((a, b) -> Double.compare(distance[a], distance[b]))
                    .mapToInt(Integer::intValue)
                    .toArray();
            for (int i = 0; i < k; i++) {
                double tolerance = 1e-3 * (1 + distance[order[i]]);
                assertEquals(-distance[order[i]], result.similarity(q, i), tolerance, "query " + q + " rank " + i);
                if (order[i] != result.id(q, i)) { // only a near-tie may swap
                    assertEquals(distance[order[i]], distance[result.id(q, i)], tolerance, "query " + q + " rank " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void exactTiesAcrossPanelsAndChunksKeepTheLowerIds(String shape) {
        int rows = 300, dim = 7, k = 270; // 300 columns: past one chunk (256) and many panels of every shape
        float[] base = RandomSpaces.gaussian(1, dim, 41);
        float[] values = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(base, 0, values, r * dim, dim);
        }
        KnnGraph graph = new CpuCosineIndex(
                        EmbeddingSpace.fromArray("dups", values, rows, dim), KernelShapes.named(shape))
                .graph(k, ProgressListener.NONE);
        assertArrayEquals(IntStream.rangeClosed(1, k).toArray(), graph.lists().idsOf(0));
        assertArrayEquals(IntStream.range(0, k).toArray(), graph.lists().idsOf(rows - 1));
        int[] middle = IntStream.range(0, k + 1).filter(i -> i != 150).toArray();
        assertArrayEquals(middle, graph.lists().idsOf(150));
    }

    @Test
    void everyShapeGivesBitwiseTheSameGraph() {
        // each lane sums its dot product as the same FMA chain over j, whatever the tile, width or blocking
        int rows = 300, dim = 64, k = 16; // 300 columns: two chunks
        EmbeddingSpace space = RandomSpaces.space(rows, dim, 61);
        NeighbourLists first = null;
        for (TopKKernel kernel : KernelShapes.ALL) {
            NeighbourLists lists = new CpuCosineIndex(space, kernel)
                    .graph(k, ProgressListener.NONE)
                    .lists();
            if (first == null) {
                first = lists;
            } else {
                assertArrayEquals(first.ids(), lists.ids(), kernel.name);
                assertArrayEquals(first.similarities(), lists.similarities(), kernel.name);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void packingMatchesTheShapesPanelWidth(String shape) {
        TopKKernel kernel = KernelShapes.named(shape);
        PackedDatabase db = PackedDatabase.of(RandomSpaces.space(101, 5, 51), kernel);
        assertEquals(kernel.vectors * kernel.vectorBits / Float.SIZE, kernel.panel);
        assertEquals((101 + kernel.panel - 1) / kernel.panel, db.panels);
        assertEquals(db.panels * kernel.panel * 5, db.packed.length);
        assertTrue(db.toString().contains(shape), db.toString());
    }

    @Test
    void everyShapeFitsItsRegisterFile() {
        assertEquals(KernelShapes.ALL.size(), new HashSet<>(shapes().toList()).size(), "names are unique");
        for (TopKKernel kernel : KernelShapes.ALL) {
            int registers = kernel.vectorBits == 512 ? 32 : 16; // AVX-512: 32 zmm; AVX2 and SSE: 16
            int live = kernel.accumulators() + kernel.vectors + 1; // + the panel's loads + one broadcast
            assertTrue(live <= registers, kernel.name + " needs " + live + " of " + registers + " registers");
            assertTrue(kernel.name.endsWith("-" + kernel.rows + "x" + kernel.vectors), kernel.name);
        }
    }

    @Test
    void defaultPerVectorWidth() {
        assertEquals("avx512-12x2", KernelShapes.choose(null, 512, 512).name);
        assertEquals("avx512-12x2", KernelShapes.choose(null, 2048, 2048).name); // wider SVE: the widest we have
        assertEquals("avx2-6x2", KernelShapes.choose(null, 256, 512).name);
        assertEquals("v128-6x2", KernelShapes.choose(" ", 128, 128).name);
        assertEquals("v128-6x2", KernelShapes.choose(null, 64, 64).name);
    }

    @Test
    void thisJvmsChoiceFollowsItsPreferredSpecies() {
        String override = System.getProperty(KernelShapes.PROPERTY);
        if (override == null) {
            assertEquals(
                    KernelShapes.choose(null, FloatVector.SPECIES_PREFERRED.vectorBitSize(), 512).name,
                    KernelShapes.DEFAULT.name);
            assertTrue(KernelShapes.DEFAULT.vectorBits <= FloatVector.SPECIES_PREFERRED.vectorBitSize());
        } else {
            assertEquals(override, KernelShapes.DEFAULT.name);
        }
        assertTrue(new CpuCosineIndex(RandomSpaces.space(3, 2, 1)).toString().contains(KernelShapes.DEFAULT.name));
    }

    @Test
    void overrideIsHonouredAndBadOnesNamed() {
        assertEquals("avx2-3x3", KernelShapes.choose("avx2-3x3", 512, 512).name);
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> KernelShapes.choose("avx2-5x5", 512, 512));
        assertTrue(unknown.getMessage().contains("privtune.knn.shape = 'avx2-5x5'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("avx2-4x2"), unknown.getMessage());
        IllegalArgumentException tooWide =
                assertThrows(IllegalArgumentException.class, () -> KernelShapes.choose("avx512-8x2", 256, 256));
        assertTrue(
                tooWide.getMessage().contains("512-bit") && tooWide.getMessage().contains("256 bits"),
                tooWide.getMessage());
    }

    @Test
    void theChoiceIsLoggedAtDebug() {
        Logger logger = (Logger) LoggerFactory.getLogger(KernelShapes.class);
        Level before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try (LogCapture log = LogCapture.privtune()) {
            KernelShapes.choose("avx2-2x4", 512, 512);
            assertTrue(
                    log.messages().stream()
                            .anyMatch(m -> m.contains("avx2-2x4") && m.contains("privtune.knn.shape override")),
                    log.messages().toString());
            assertTrue(log.events().stream().allMatch(e -> e.getLevel() == Level.DEBUG), "debug only");
        } finally {
            logger.setLevel(before);
        }
    }
}
