package io.privtune.cuda.backend;

import io.privtune.core.backend.NoiseSolver;
import io.privtune.core.opt.ConstrainedParameters;
import io.privtune.cuda.CudaDriver;
import io.privtune.cuda.KernelArguments;

import java.lang.foreign.Arena;

/**
 * OPT-3 on the GPU ({@code privtune_opt3}: one warp per row, a single streaming pass). OPT-2 still runs
 * on the CPU solver it wraps: its GPU kernel is not written yet.
 */
final class CudaNoiseSolver implements NoiseSolver {
    private final CudaBackend backend;
    private final NoiseSolver cpu;
    private final int d;
    private final DeviceFloats h = new DeviceFloats();
    private final DeviceFloats c = new DeviceFloats();
    private final DeviceFloats delta = new DeviceFloats();

    CudaNoiseSolver(CudaBackend backend, int dim, NoiseSolver cpu) {
        this.backend = backend;
        this.d = dim;
        this.cpu = cpu;
    }

    @Override
    public void closedForm(float[] hRows, float[] cRows, int n, float lambda, float kappa, float[] out) {
        io.privtune.core.opt.NoiseParameters.checkRegularisation(lambda, kappa);
        io.privtune.core.opt.NoiseParameters.checkRows(hRows, cRows, out, n, d);
        synchronized (backend) {
            backend.device().makeCurrent();
            var stream = backend.device().stream();
            long elements = (long) n * d;
            backend.staging().upload(hRows, 0, (int) elements, h.ensure(elements), stream);
            backend.staging().upload(cRows, 0, (int) elements, c.ensure(elements), stream);
            try (Arena arena = Arena.ofConfined()) {
                KernelArguments args = new KernelArguments(arena, 7).pointer(h.pointer()).pointer(c.pointer()).i32(n).i32(d)
                        .f32(1f / (1f + lambda)).f32(kappa).pointer(delta.ensure(elements));
                int warpsPerBlock = 8;
                CudaDriver.cuLaunchKernel(backend.kernels().function("privtune_opt3"), (n + warpsPerBlock - 1) / warpsPerBlock, 1, 1,
                        32 * warpsPerBlock, 1, 1, 0, stream, args.array());
            }
            backend.staging().download(delta.pointer(), out, 0, (int) elements, stream);
        }
    }

    @Override
    public void constrained(float[] hRows, float[] cRows, int[] tokenIds, int n, ConstrainedParameters parameters, float[] out) {
        cpu.constrained(hRows, cRows, tokenIds, n, parameters, out);
    }
}
