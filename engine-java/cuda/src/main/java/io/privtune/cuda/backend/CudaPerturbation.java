package io.privtune.cuda.backend;

import io.privtune.core.random.DrawPurpose;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.StreamAddresses;
import io.privtune.cuda.CudaDriver;
import io.privtune.cuda.KernelArguments;
import java.lang.foreign.Arena;

/**
 * The device side's last step on the GPU ({@code privtune_dchi_perturb}): for each token, dχ noise drawn
 * with the same ChaCha20 streams as {@link io.privtune.core.random.DchiNoise}, scaled by s_i, plus the
 * scaled mean shift s_i·δ_i; tokens left alone (special, padding) pass through unchanged. One block per
 * token; the radius (a sequential rejection sampler) is drawn by its first thread.
 */
final class CudaPerturbation implements AutoCloseable {
    private static final int THREADS = 128;

    private final CudaBackend backend;
    private final DeviceFloats h = new DeviceFloats();
    private final DeviceFloats delta = new DeviceFloats();
    private final DeviceFloats scale = new DeviceFloats();
    private final DeviceFloats leave = new DeviceFloats();
    private final DeviceFloats texts = new DeviceFloats();
    private final DeviceFloats positions = new DeviceFloats();
    private final DeviceFloats out = new DeviceFloats();

    CudaPerturbation(CudaBackend backend) {
        this.backend = backend;
    }

    /**
     * @param deltaRows n x d mean shift, or null; {@code scales}: s_i, or null for 1; {@code leaveAlone}: per token, or null
     * @return n x d perturbed rows
     */
    float[] perturb(
            float[] hRows,
            float[] deltaRows,
            float[] scales,
            boolean[] leaveAlone,
            int n,
            int d,
            StreamAddresses addresses,
            NoiseKey key,
            double eta) {
        // shapes and eta were checked by CudaBackend (DchiPerturbation.check); this limit is the kernel's shared memory
        if (d > 4096) {
            throw new IllegalArgumentException("perturb: the CUDA kernel takes d <= 4096, found " + d);
        }
        float[] result = new float[n * d];
        if (n == 0) {
            return result;
        }
        synchronized (backend) {
            backend.device().makeCurrent();
            var stream = backend.device().stream();
            long elements = (long) n * d;
            long hPointer = h.ensure(elements);
            long deltaPointer = deltaRows == null ? 0 : delta.ensure(elements);
            long scalePointer = scales == null ? 0 : scale.ensure(n);
            long leavePointer = leaveAlone == null ? 0 : leave.ensure((n + 3) / 4);
            long textPointer = texts.ensure(2L * n); // n 64-bit nonces in a buffer of floats
            long positionPointer = positions.ensure(n);
            long outPointer = out.ensure(elements);
            long rowBytes = StagedBatch.bytes(elements * 4);
            StagedBatch batch = backend.staging()
                    .batch(
                            stream,
                            rowBytes * (deltaRows == null ? 2 : 3)
                                    + (scales == null ? 0 : StagedBatch.bytes(n * 4L))
                                    + (leaveAlone == null ? 0 : StagedBatch.bytes(n))
                                    + StagedBatch.bytes(n * 8L)
                                    + StagedBatch.bytes(n * 4L));
            batch.upload(hRows, 0, (int) elements, hPointer);
            if (deltaRows != null) {
                batch.upload(deltaRows, 0, (int) elements, deltaPointer);
            }
            if (scales != null) {
                batch.upload(scales, 0, n, scalePointer);
            }
            batch.upload(addresses.texts(), textPointer);
            batch.upload(addresses.positions(), 0, n, positionPointer);
            if (leaveAlone != null) {
                byte[] flags = new byte[n];
                for (int i = 0; i < n; i++) {
                    flags[i] = (byte) (leaveAlone[i] ? 1 : 0);
                }
                batch.upload(flags, leavePointer);
            }
            try (Arena arena = Arena.ofConfined()) {
                KernelArguments args = new KernelArguments(arena, 11)
                        .pointer(hPointer)
                        .pointer(deltaPointer)
                        .pointer(scalePointer)
                        .pointer(leavePointer)
                        .pointer(textPointer)
                        .pointer(positionPointer)
                        .words(streamKeys(key))
                        .f64(eta)
                        .i32(n)
                        .i32(d)
                        .pointer(outPointer);
                int shared = (d + THREADS + 1) * Double.BYTES;
                CudaDriver.cuLaunchKernel(
                        backend.kernels().function("privtune_dchi_perturb"),
                        n,
                        1,
                        1,
                        THREADS,
                        1,
                        1,
                        shared,
                        stream,
                        args.array());
            }
            batch.download(outPointer, result, 0, (int) elements).finish();
        }
        return result;
    }

    /** The kernel's {@code StreamKeys}: the DIRECTION then the RADIUS ChaCha20 key, derived from the noise key on the host. */
    private static int[] streamKeys(NoiseKey key) {
        int[] words = new int[16];
        System.arraycopy(key.streamKey(DrawPurpose.DIRECTION), 0, words, 0, 8);
        System.arraycopy(key.streamKey(DrawPurpose.RADIUS), 0, words, 8, 8);
        return words;
    }

    @Override
    public void close() {
        synchronized (backend) {
            backend.device().makeCurrent();
            h.close();
            delta.close();
            scale.close();
            leave.close();
            texts.close();
            positions.close();
            out.close();
        }
    }
}
