package io.privtune.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.openjdk.jmh.annotations.CompilerControl;

/**
 * The FMA-bound loop of the machine-limit measurements ({@link MachineLimitsBenchmark}, {@link KernelShapeCpuTime}):
 * {@link #CHAINS} independent vector FMA chains, enough to hide the FMA latency on every current core, so the loop
 * runs at the core's FMA throughput. Two copies that differ in their species only: the Vector API compiles to
 * vector instructions only where the species is a constant at the call; one method taking the species as an
 * argument would measure boxing.
 *
 * <p>Neither is ever inlined: inlined into its caller's loop (JMH's stub, or a main loop once C2 compiles it on stack
 * replacement) the chains ran at a half to a third of their rate, so each benchmark's first measured iteration
 * reached the limit and the later ones did not (2026-12-03: 433 GFLOP/s, then about 200).
 */
final class FmaChains {
    static final int CHAINS = 12;

    private FmaChains() {}

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static float chains512(int steps) {
        FloatVector x = FloatVector.broadcast(FloatVector.SPECIES_512, 0.999f);
        FloatVector y = FloatVector.broadcast(FloatVector.SPECIES_512, 1e-3f);
        FloatVector c0 = y, c1 = y, c2 = y, c3 = y, c4 = y, c5 = y;
        FloatVector c6 = y, c7 = y, c8 = y, c9 = y, c10 = y, c11 = y;
        for (int i = 0; i < steps; i++) {
            c0 = c0.fma(x, y);
            c1 = c1.fma(x, y);
            c2 = c2.fma(x, y);
            c3 = c3.fma(x, y);
            c4 = c4.fma(x, y);
            c5 = c5.fma(x, y);
            c6 = c6.fma(x, y);
            c7 = c7.fma(x, y);
            c8 = c8.fma(x, y);
            c9 = c9.fma(x, y);
            c10 = c10.fma(x, y);
            c11 = c11.fma(x, y);
        }
        return c0.add(c1)
                .add(c2)
                .add(c3)
                .add(c4)
                .add(c5)
                .add(c6)
                .add(c7)
                .add(c8)
                .add(c9)
                .add(c10)
                .add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static float chains256(int steps) {
        FloatVector x = FloatVector.broadcast(FloatVector.SPECIES_256, 0.999f);
        FloatVector y = FloatVector.broadcast(FloatVector.SPECIES_256, 1e-3f);
        FloatVector c0 = y, c1 = y, c2 = y, c3 = y, c4 = y, c5 = y;
        FloatVector c6 = y, c7 = y, c8 = y, c9 = y, c10 = y, c11 = y;
        for (int i = 0; i < steps; i++) {
            c0 = c0.fma(x, y);
            c1 = c1.fma(x, y);
            c2 = c2.fma(x, y);
            c3 = c3.fma(x, y);
            c4 = c4.fma(x, y);
            c5 = c5.fma(x, y);
            c6 = c6.fma(x, y);
            c7 = c7.fma(x, y);
            c8 = c8.fma(x, y);
            c9 = c9.fma(x, y);
            c10 = c10.fma(x, y);
            c11 = c11.fma(x, y);
        }
        return c0.add(c1)
                .add(c2)
                .add(c3)
                .add(c4)
                .add(c5)
                .add(c6)
                .add(c7)
                .add(c8)
                .add(c9)
                .add(c10)
                .add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
