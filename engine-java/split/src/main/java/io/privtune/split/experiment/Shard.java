package io.privtune.split.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which part of a grid one process of a scale-out run takes: cell number p (0-based, grid order) belongs
 * to shard {@code p mod count}. A shard computes its own cells first, then takes any other cell nobody has
 * claimed (work stealing, from the end of the grid, where their owners get last), so that a slow or dead
 * shard delays nothing; the claims in {@link CellClaims} keep every cell computed once.
 */
public record Shard(int index, int count) {
    /** One process for the whole grid. */
    public static final Shard WHOLE = new Shard(0, 1);

    /** The shard count when the index comes from the environment (Kubernetes has no variable for it). */
    public static final String COUNT_VARIABLE = "PRIVTUNE_SHARDS";

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException(
                    "shard: expected INDEX/COUNT with 0 <= INDEX < COUNT, found " + index + "/" + count);
        }
    }

    /** {@code INDEX/COUNT}, e.g. {@code 0/4}. */
    public static Shard parse(String text) {
        String[] parts = text.strip().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (IllegalArgumentException e) {
            // not numbers, or out of range: the message below says what was expected
        }
        throw new IllegalArgumentException(
                "--shard: expected INDEX/COUNT with 0 <= INDEX < COUNT (0-based), e.g. 0/4, found '" + text + "'");
    }

    /**
     * The shard of this process: {@code --shard INDEX/COUNT} if given; else the index of a Kubernetes Indexed Job
     * ({@code JOB_COMPLETION_INDEX}) or of a Slurm job array ({@code SLURM_ARRAY_TASK_ID} less {@code SLURM_ARRAY_TASK_MIN},
     * over {@code SLURM_ARRAY_TASK_STEP}), with the count from {@code --shards}, else {@link #COUNT_VARIABLE}, else
     * (Slurm) {@code SLURM_ARRAY_TASK_COUNT}; else the whole grid.
     *
     * @param option {@code --shard}, or null
     * @param shards {@code --shards}, or null
     */
    public static Shard resolve(String option, Integer shards, Map<String, String> env) {
        if (option != null) {
            if (shards != null) {
                throw new IllegalArgumentException("--shards is the count for an index from the environment; --shard "
                        + option + " already gives one");
            }
            return parse(option);
        }
        String job = env.get("JOB_COMPLETION_INDEX");
        if (job != null) {
            int index = integer("JOB_COMPLETION_INDEX", job);
            return fromEnvironment("JOB_COMPLETION_INDEX=" + job, index, count(shards, env, null));
        }
        String task = env.get("SLURM_ARRAY_TASK_ID");
        if (task != null) {
            int id = integer("SLURM_ARRAY_TASK_ID", task);
            int min = integer("SLURM_ARRAY_TASK_MIN", env.getOrDefault("SLURM_ARRAY_TASK_MIN", "0"));
            int step = integer("SLURM_ARRAY_TASK_STEP", env.getOrDefault("SLURM_ARRAY_TASK_STEP", "1"));
            if (step < 1 || (id - min) % step != 0) {
                throw new IllegalArgumentException("SLURM_ARRAY_TASK_ID=" + task + " is not on the array's range (min "
                        + min + ", step " + step + "); use a range like --array=0-3, or pass --shard INDEX/COUNT");
            }
            return fromEnvironment(
                    "SLURM_ARRAY_TASK_ID=" + task + " (min " + min + ", step " + step + ")",
                    (id - min) / step,
                    count(shards, env, "SLURM_ARRAY_TASK_COUNT"));
        }
        if (shards != null) {
            throw new IllegalArgumentException("--shards " + shards
                    + " needs an index: --shard INDEX/COUNT, JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID");
        }
        return WHOLE;
    }

    /** True for a part of a scale-out run, false for one process running the whole grid. */
    public boolean sharded() {
        return count > 1;
    }

    /** Whether the cell at {@code position} (0-based, grid order) is this shard's own. */
    public boolean owns(int position) {
        return position % count == index;
    }

    /** The cells in the order this shard tries them: its own in grid order, then the others from the end of the grid. */
    public List<CellSpec> order(List<CellSpec> cells) {
        List<CellSpec> order = new ArrayList<>();
        for (int p = 0; p < cells.size(); p++) {
            if (owns(p)) {
                order.add(cells.get(p));
            }
        }
        for (int p = cells.size() - 1; p >= 0; p--) {
            if (!owns(p)) {
                order.add(cells.get(p));
            }
        }
        return order;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    private static Shard fromEnvironment(String source, int index, Count count) {
        if (index < 0 || index >= count.value()) {
            throw new IllegalArgumentException(source + " gives shard index " + index + ", not below the shard count "
                    + count.value() + " (" + count.source() + ")");
        }
        return new Shard(index, count.value());
    }

    /** The shard count and where it came from, for errors. */
    private record Count(int value, String source) {}

    private static Count count(Integer shards, Map<String, String> env, String schedulerVariable) {
        if (shards != null) {
            return new Count(positive("--shards", shards), "--shards");
        }
        for (String name :
                schedulerVariable == null ? List.of(COUNT_VARIABLE) : List.of(COUNT_VARIABLE, schedulerVariable)) {
            String value = env.get(name);
            if (value != null) {
                return new Count(positive(name, integer(name, value)), name);
            }
        }
        throw new IllegalArgumentException(
                "the shard index comes from the environment but the shard count does not: pass --shards N or set "
                        + COUNT_VARIABLE + " (for a Kubernetes Indexed Job: its completions)");
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected a shard count >= 1, found " + value);
        }
        return value;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected an integer, found '" + value + "'");
        }
    }
}
