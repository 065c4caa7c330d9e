package io.privtune.core.knn;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The micro-kernel shapes and the one this JVM uses, chosen once when the class loads, the way Lucene's and
 * JVector's vectorization providers choose theirs: by the width of {@code FloatVector.SPECIES_PREFERRED}, or
 * by the system property {@value #PROPERTY} (a shape's name, for tests and benchmarks).
 *
 * <p>Defaults, from measurements on a 2-core AMD EPYC with AVX-512 and from register counts
 * (benchmarks/results/2026-12-03-kernel-shapes.md):
 * <ul>
 *   <li>512 bits: {@code avx512-12x2}, BLIS' Skylake-X shape (12 rows x 32 floats), 24 accumulators of 32
 *       registers. A 32-column panel (48 KB at d = 384) does not stay in L1, so every tile streams it from L2;
 *       12 rows per pass halve that traffic against 6.</li>
 *   <li>256 bits: {@code avx2-6x2}, BLIS' Haswell shape (6 x 16 floats), 15 of AVX2's 16 registers; no slower
 *       under {@code -XX:UseAVX=2}'s 16 registers than with 32, so C2 does not spill it.</li>
 *   <li>128 bits (SSE, NEON): {@code v128-6x2}.</li>
 * </ul>
 */
final class KernelShapes {
    static final String PROPERTY = "privtune.knn.shape";

    /** Every shape; the first of each width is that width's default. */
    static final List<TopKKernel> ALL = List.of(
            new Avx512Kernel12x2(),
            new Avx512Kernel6x2(),
            new Avx512Kernel8x2(),
            new Avx512Kernel4x3(),
            new Avx2Kernel6x2(),
            new Avx2Kernel4x2(),
            new Avx2Kernel3x3(),
            new Avx2Kernel2x4(),
            new Vector128Kernel6x2());

    private static final Logger LOG = LoggerFactory.getLogger(KernelShapes.class);

    /** The shape every CPU index of this JVM packs for and runs. */
    static final TopKKernel DEFAULT = choose(
            System.getProperty(PROPERTY),
            FloatVector.SPECIES_PREFERRED.vectorBitSize(),
            FloatVector.SPECIES_MAX.vectorBitSize());

    private KernelShapes() {}

    /**
     * The named shape when {@code override} is set (refused if this JVM's vectors are narrower than the shape's:
     * the Vector API would emulate it, orders of magnitude slower), otherwise the default of the widest width
     * &le; {@code preferredBits} (128 bits below that).
     */
    static TopKKernel choose(String override, int preferredBits, int maxBits) {
        TopKKernel chosen;
        if (override != null && !override.isBlank()) {
            chosen = named(override.strip());
            if (chosen.vectorBits > maxBits) {
                throw new IllegalArgumentException(PROPERTY + " = " + chosen.name + " needs " + chosen.vectorBits
                        + "-bit vectors, but this JVM's widest (FloatVector.SPECIES_MAX) are " + maxBits + " bits");
            }
        } else {
            chosen = ALL.stream()
                    .filter(k -> k.vectorBits <= preferredBits)
                    .findFirst()
                    .orElse(ALL.getLast());
        }
        LOG.debug(
                "kNN micro-kernel {}: {} query rows x {} vectors of {} bits, {} accumulators ({}; preferred vectors {}"
                        + " bits)",
                chosen.name,
                chosen.rows,
                chosen.vectors,
                chosen.vectorBits,
                chosen.accumulators(),
                override != null && !override.isBlank() ? PROPERTY + " override" : "default for the width",
                preferredBits);
        return chosen;
    }

    /** The shape called {@code name}, e.g. {@code avx2-4x2}. */
    static TopKKernel named(String name) {
        return ALL.stream()
                .filter(k -> k.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(PROPERTY + " = '" + name
                        + "' is not a kNN kernel shape; expected one of "
                        + ALL.stream().map(k -> k.name).toList()));
    }
}
