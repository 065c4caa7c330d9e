package io.privtune.split.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.privtune.core.io.DType;
import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.io.SafetensorsWriter;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter) with decoupled weight decay, skipped for biases and LayerNorm weights.
 * Written here rather than taken from DJL because its moment estimates must go into checkpoints, so
 * that a resumed run continues exactly where it stopped.
 */
public final class AdamW {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final List<NDArray> parameters;
    private final NDArray[] firstMoment;
    private final NDArray[] secondMoment;
    private final float weightDecay;
    private long step;

    public AdamW(List<NDArray> parameters, float weightDecay) {
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, found " + weightDecay);
        }
        this.parameters = parameters;
        this.weightDecay = weightDecay;
        this.firstMoment = new NDArray[parameters.size()];
        this.secondMoment = new NDArray[parameters.size()];
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            firstMoment[i] = p.getManager().zeros(p.getShape());
            secondMoment[i] = p.getManager().zeros(p.getShape());
        }
    }

    public long step() {
        return step;
    }

    /** One update with learning rate {@code lr} from the gradients now on the parameters, which it then clears. */
    public void update(float lr) {
        step++;
        float correction1 = 1f - (float) Math.pow(BETA1, step);
        float correction2 = 1f - (float) Math.pow(BETA2, step);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            NDArray g = p.getGradient();
            NDArray m = firstMoment[i];
            NDArray v = secondMoment[i];
            try (NDManager scope = NDManager.subManagerOf(p)) {
                scope.tempAttachAll(p, m, v); // temporaries below are freed with the scope
                g.attach(scope); // a fresh handle on the gradient: close it with the scope too
                m.muli(BETA1).addi(g.mul(1f - BETA1));
                v.muli(BETA2).addi(g.square().mul(1f - BETA2));
                NDArray direction =
                        m.div(correction1).div(v.div(correction2).sqrt().add(EPSILON));
                if (decays(p)) {
                    direction = direction.add(p.mul(weightDecay));
                }
                p.subi(direction.mul(lr));
                g.subi(g); // DJL accumulates gradients across collectors
            }
        }
    }

    private static boolean decays(NDArray p) {
        String name = p.getName() == null ? "" : p.getName();
        return p.getShape().dimension() == 2 && !name.contains("LayerNorm");
    }

    public void save(SafetensorsWriter writer) {
        for (int i = 0; i < parameters.size(); i++) {
            String name = parameters.get(i).getName();
            writer.addF32(
                    "adam.m." + name,
                    firstMoment[i].toFloatArray(),
                    firstMoment[i].getShape().getShape());
            writer.addF32(
                    "adam.v." + name,
                    secondMoment[i].toFloatArray(),
                    secondMoment[i].getShape().getShape());
        }
        writer.metadata("adam.step", Long.toString(step));
    }

    public void load(SafetensorsFile file) {
        for (int i = 0; i < parameters.size(); i++) {
            String name = parameters.get(i).getName();
            long[] shape = firstMoment[i].getShape().getShape();
            firstMoment[i].set(java.nio.FloatBuffer.wrap(
                    file.tensor("adam.m." + name, DType.F32, shape).toFloatArray()));
            secondMoment[i].set(java.nio.FloatBuffer.wrap(
                    file.tensor("adam.v." + name, DType.F32, shape).toFloatArray()));
        }
        step = Long.parseLong(file.metadata().getOrDefault("adam.step", "0"));
    }
}
