package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed Kubernetes and Slurm examples (README, "Scale-out") stay consistent with the code and the README. */
class ScaleOutExamplesTest {
    private static final List<String> FILES = List.of("k8s-grid-job.yaml", "k8s-grid-join.yaml", "slurm-grid.sbatch");

    @Test
    void theReadmeShowsTheCommittedFiles() throws IOException {
        Path root = GridFileTest.repository();
        String readme = Files.readString(root.resolve("README.md"));
        for (String file : FILES) {
            assertTrue(
                    readme.contains(Files.readString(
                            root.resolve("experiments/scale-out").resolve(file))),
                    file + " verbatim in README");
        }
    }

    @Test
    void theIndexedJobsGridParsesAndItsCountsAgree(@TempDir Path dir) throws IOException {
        Path root = GridFileTest.repository();
        List<JsonNode> documents = new ArrayList<>();
        new YAMLMapper()
                .readValues(
                        new YAMLMapper()
                                .createParser(root.resolve("experiments/scale-out/k8s-grid-job.yaml")
                                        .toFile()),
                        JsonNode.class)
                .forEachRemaining(documents::add);
        JsonNode configMap = documents.get(0);
        JsonNode job = documents.get(1);
        assertEquals("ConfigMap", configMap.get("kind").asText());
        Path grid = Files.writeString(
                dir.resolve("grid.yaml"), configMap.at("/data/grid.yaml").asText());
        assertTrue(GridFile.read(grid).options().containsKey("--cell"), "the ConfigMap's grid is a valid grid file");

        assertEquals("Indexed", job.at("/spec/completionMode").asText());
        int completions = job.at("/spec/completions").asInt();
        assertEquals(completions, job.at("/spec/parallelism").asInt());
        JsonNode container = job.at("/spec/template/spec/containers/0");
        String shards = null;
        for (JsonNode env : container.get("env")) {
            if (env.get("name").asText().equals(Shard.COUNT_VARIABLE)) {
                shards = env.get("value").asText();
            }
        }
        assertEquals(Integer.toString(completions), shards, "PRIVTUNE_SHARDS is the Job's completions");
        String command = container.get("command").toString();
        assertTrue(
                command.contains("\"--grid\",\"/etc/privtune/grid.yaml\"")
                        && command.contains("\"--out\",\"/shared/out/experiment-m2\""),
                command);

        String join = Files.readString(root.resolve("experiments/scale-out/k8s-grid-join.yaml"));
        assertTrue(
                join.contains("\"--grid\", \"/etc/privtune/grid.yaml\"")
                        && join.contains("\"--out\", \"/shared/out/experiment-m2\", \"--report-only\""),
                join);

        String sbatch = Files.readString(root.resolve("experiments/scale-out/slurm-grid.sbatch"));
        assertTrue(
                sbatch.contains("#SBATCH --array=0-3")
                        && sbatch.contains("--report-only")
                        && sbatch.contains(
                                "./privtune experiment --grid experiments/grid-example.yaml --out /shared/out/experiment-m2"),
                sbatch);
    }
}
