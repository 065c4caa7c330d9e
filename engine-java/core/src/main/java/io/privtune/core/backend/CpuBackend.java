package io.privtune.core.backend;

import io.privtune.core.internal.opt.ClosedFormSolver;
import io.privtune.core.internal.opt.ConstrainedParameters;
import io.privtune.core.internal.opt.ConstrainedSolver;
import io.privtune.core.knn.CosineIndex;
import io.privtune.core.knn.CpuCosineIndex;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.space.EmbeddingSpace;

/** Plain Java and the Vector API on all cores of this machine. */
public final class CpuBackend implements ComputeBackend {
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    @Override
    public String name() {
        return "cpu (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors)";
    }

    @Override
    public CosineIndex cosineIndex(EmbeddingSpace space) {
        return new CpuCosineIndex(space);
    }

    @Override
    public NoiseSolver noiseSolver(EmbeddingSpace dictionary, KnnGraph graph) {
        ConstrainedSolver constrained = graph == null ? null : new ConstrainedSolver(dictionary, graph);
        int d = dictionary.dim();
        return new NoiseSolver() {
            @Override
            public void closedForm(float[] h, float[] c, int n, float lambda, float kappa, float[] delta) {
                ClosedFormSolver.solve(h, c, n, d, lambda, kappa, delta);
            }

            @Override
            public void constrained(
                    float[] h, float[] c, int[] tokenIds, int n, ConstrainedParameters parameters, float[] delta) {
                if (constrained == null) {
                    throw NoiseSolver.withoutGraph();
                }
                constrained.solve(h, c, tokenIds, n, parameters, delta);
            }
        };
    }
}
