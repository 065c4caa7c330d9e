package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Grid files: the committed example (so that it cannot rot) and one clear error per kind of mistake. */
class GridFileTest {
    /** The repository root: the folder above the build folder that holds experiments/grid-example.yaml. */
    static Path repository() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("experiments/grid-example.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "experiments/grid-example.yaml not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCommittedExampleIsTheGridOfTheCommittedRun() throws IOException {
        Path root = repository();
        Map<String, Object> o =
                GridFile.read(root.resolve("experiments/grid-example.yaml")).options();
        assertEquals("all-minilm-l6-v2", o.get("--model"));
        assertEquals(2, o.get("--split"));
        assertEquals(Path.of("../shared/data/sst2"), o.get("--data"));
        assertEquals(4000, o.get("--train-subset"));
        assertEquals(1e-4f, o.get("--lr"));
        assertEquals(0L, o.get("--seed"));
        assertEquals(500, o.get("--keywords"));
        assertEquals(List.of(3.0, 10.0, 30.0, 100.0), o.get("--eta"));
        assertEquals(Map.of("kappa", "0.7"), o.get("--param"));

        List<CellSpec> extra =
                ((List<String>) o.get("--cell")).stream().map(CellSpec::parse).toList();
        List<CellSpec> cells = ExperimentGrid.standard(
                (List<Double>) o.get("--eta"),
                (List<String>) o.get("--mechanisms"),
                (List<String>) o.get("--ablations"),
                (Double) o.get("--ablation-eta"),
                (Map<String, String>) o.get("--param"),
                extra,
                384);
        JsonNode committed = new ObjectMapper()
                .readTree(root.resolve("experiments/2026-11-24-minilm-m2-sst2/results.json")
                        .toFile());
        List<String> committedIds = new ArrayList<>();
        committed.get("cells").forEach(c -> committedIds.add(c.get("id").asText()));
        assertEquals(
                committedIds,
                cells.stream().map(CellSpec::id).toList(),
                "the example grid is the committed run's, cell for cell");

        String readme = Files.readString(root.resolve("README.md"));
        assertTrue(
                readme.contains(Files.readString(root.resolve("experiments/grid-example.yaml"))),
                "README shows the committed example verbatim");
    }

    @Test
    void bothCellFormsGiveTheSameCell(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("grid.yaml");
        Files.writeString(file, """
                cells:
                  - {mechanism: privtune, parameters: {kappa: 0.7, eta: 100}}
                  - privtune:eta=100,kappa=0.7
                  - mechanism: none
                """);
        assertEquals(
                List.of("privtune:eta=100,kappa=0.7", "privtune:eta=100,kappa=0.7", "none"),
                GridFile.read(file).options().get("--cell"));
    }

    @Test
    void theTokenAttackersBudgetIsRead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("grid.yaml");
        Files.writeString(file, """
                attacks:
                  attacker-sentences: all
                  inversion-epochs: 30
                  patience: 3
                  held-out: 0.2
                  contextual-epochs: 4
                  contextual-hidden: 64
                  contextual-model: transformer
                  contextual-sentences: 500
                  adaptive-fresh-noise: true
                  naive-epochs: 2
                """);
        Map<String, Object> o = GridFile.read(file).options();
        assertEquals(0, o.get("--attacker-sentences"), "all = 0");
        assertEquals(30, o.get("--inversion-epochs"));
        assertEquals(3, o.get("--attack-patience"));
        assertEquals(0.2, o.get("--attack-held-out"));
        assertEquals(4, o.get("--contextual-epochs"));
        assertEquals(64, o.get("--contextual-hidden"));
        assertEquals("transformer", o.get("--contextual-model"));
        assertEquals(500, o.get("--contextual-sentences"));
        assertEquals(true, o.get("--no-adaptive-fresh-noise"), "the option's value: fresh noise");
        assertEquals(2, o.get("--naive-epochs"));
    }

    @Test
    void theQaSectionIsTheQaFlags(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("grid.yaml");
        Files.writeString(file, """
                task: squad
                qa: {doc-stride: 32, max-question: 48, max-answer: 20, eval-questions: 500, upload: joint}
                """);
        assertEquals(
                Map.of(
                        "--task", "squad",
                        "--doc-stride", 32,
                        "--max-question", 48,
                        "--max-answer", 20,
                        "--eval-questions", 500,
                        "--qa-upload", "joint"),
                GridFile.read(file).options());
    }

    @Test
    void anEmptySweepListIsAllowed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("grid.yaml");
        Files.writeString(file, "sweep: {mechanisms: [], ablations: []}\n");
        assertEquals(
                Map.of("--mechanisms", List.of(), "--ablations", List.of()),
                GridFile.read(file).options());
    }

    @Test
    void seedsIsTheSeedsOption(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("grid.yaml");
        Files.writeString(file, "seeds: 3\nbudget: {seed: 7}\n");
        assertEquals(Map.of("--seeds", 3, "--seed", 7L), GridFile.read(file).options());
    }

    @Test
    void theTaskAndItsFolderAreTheTaskOptions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("grid.yaml");
        Files.writeString(file, "task: fpb\ndata: {folder: ../shared/data/financial_phrasebank}\n");
        assertEquals(
                Map.of("--task", "fpb", "--data", Path.of("../shared/data/financial_phrasebank")),
                GridFile.read(file).options());
    }

    /** Each row: the file's text ('|' for new lines), then what the one error must name: field, expected, found. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            modle: x                                            ; modle              ; one of the fields      ; unknown field 'modle'
            budget: {epoch: 1}                                  ; budget.epoch       ; one of the fields      ; unknown field 'epoch'
            budget: {epochs: one}                               ; budget.epochs      ; an integer             ; 'one'
            budget: {epochs: 1.5}                               ; budget.epochs      ; an integer             ; 1.5
            budget: {epochs: 0}                                 ; budget.epochs      ; an integer >= 1        ; found 0
            budget: {lr: -1}                                    ; budget.lr          ; a finite number > 0    ; -1
            budget: 4000                                        ; budget             ; a mapping with the fields train-subset, epochs ; the number 4000
            budget:|  epochs:                                   ; budget.epochs      ; a value                ; none
            split: [2]                                          ; split              ; an integer             ; a list
            attacks: {attacker-sentences: many}                 ; attacks.attacker-sentences ; an integer >= 10 or 'all' ; 'many'
            attacks: {contextual-sentences: 5}                  ; attacks.contextual-sentences ; an integer >= 10 or 'all' ; '5'
            attacks: {held-out: 0.9}                            ; attacks.held-out   ; a share in [0, 0.5]    ; 0.9
            attacks: {contextual-model: gru}                    ; attacks.contextual-model ; bilstm or transformer ; 'gru'
            attacks: {contextual-model: transformer, contextual-hidden: 30} ; attacks.contextual-hidden ; a multiple of 4 ; 30
            attacks: {patience: 0}                              ; attacks.patience   ; an integer >= 1        ; found 0
            seeds: 0                                            ; seeds              ; an integer >= 1        ; found 0
            qa: {upload: both}                                  ; qa.upload          ; separate or joint      ; 'both'
            qa: {max-answer: 0}                                 ; qa.max-answer      ; an integer >= 1        ; found 0
            qa: {eval-question: 5}                              ; qa.eval-question   ; one of the fields      ; unknown field 'eval-question'
            'data: {folder: a, sst2: b}'                        ; data               ; one of data.folder and data.sst2 ; both
            task: ''                                            ; task               ; a task name            ; an empty text
            seeds: three                                        ; seeds              ; an integer             ; 'three'
            sweep: {etas: 100}                                  ; sweep.etas         ; a list                 ; the number 100
            sweep: {etas: [10, -3]}                             ; sweep.etas[1]      ; a finite number > 0    ; -3
            sweep: {mechanisms: [dchi, laplace]}                ; sweep.mechanisms[1]; a mechanism, one of none, dchi ; 'laplace'
            sweep: {ablations: [privtune-no-shfit]}             ; sweep.ablations[0] ; a mechanism            ; 'privtune-no-shfit'
            sweep: {privtune-parameters: {kappa: lots}}         ; sweep.privtune-parameters.kappa ; a valid mechanism parameter ; kappa must be a number, found 'lots'
            sweep: {privtune-parameters: {kapa: 0.7}}           ; sweep.privtune-parameters.kapa ; a valid mechanism parameter ; unknown mechanism parameter 'kapa'
            cells: [laplace:eta=1]                              ; cells[0]           ; a mechanism, one of    ; 'laplace'
            cells: ['dchi:eta']                                 ; cells[0]           ; a cell, NAME:key=value ; 'dchi:eta' (cell 'dchi:eta': expected key=value
            cells: [{mechanism: laplace}]                       ; cells[0].mechanism ; a mechanism            ; 'laplace'
            cells: [{parameters: {eta: 1}}]                     ; cells[0].mechanism ; a mechanism            ; no mechanism field
            cells: [{mechanism: dchi, params: {eta: 1}}]        ; cells[0].params    ; one of the fields      ; unknown field 'params'
            cells: [{mechanism: dchi, parameters: {eta: 0}}]    ; cells[0].parameters.eta ; a valid mechanism parameter ; eta must be a finite number > 0
            cells: [{mechanism: dchi, parameters: {eta: [1]}}]  ; cells[0].parameters.eta ; a single value      ; a list
            cells: [dchi:eta=1, 7]                              ; cells[1]           ; a cell, NAME:key=value ; the number 7
            cells: [none, ~]                                    ; cells[1]           ; a value                ; none (an empty value)
            - model: x                                          ; expected a mapping with the fields model, split ; ; a list
            'split: 2|split: 3'                                 ; not valid YAML     ; line 2                 ; Duplicate field 'split'
            'sweep: {etas: [1, 2}'                              ; not valid YAML     ; line 1                 ; ]
            """)
    void malformedFilesGetOneNamedError(String text, String field, String expected, String found, @TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("grid.yaml");
        Files.writeString(file, text.replace('|', '\n') + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GridFile.read(file));
        String message = e.getMessage();
        assertTrue(message.startsWith(file + ": "), message);
        for (String part : new String[] {field, expected, found}) {
            assertTrue(part == null || message.contains(part.strip()), "'" + part + "' in: " + message);
        }
        assertFalse(
                message.contains("com.fasterxml") || message.contains("\n") || message.contains("java."),
                "no Jackson internals: " + message);
    }

    @Test
    void anEmptyOrMissingFileIsNamed(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "# nothing but a comment\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GridFile.read(empty));
        assertTrue(
                e.getMessage().startsWith(empty + ": expected a mapping with the fields model")
                        && e.getMessage().contains("found nothing"),
                e.getMessage());
        Path missing = dir.resolve("missing.yaml");
        assertEquals(
                missing + ": no such grid file",
                assertThrows(IllegalArgumentException.class, () -> GridFile.read(missing))
                        .getMessage());
    }
}
