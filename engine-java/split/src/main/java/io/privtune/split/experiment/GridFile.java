package io.privtune.split.experiment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.privtune.core.mechanism.MechanismKind;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.split.attack.ContextualInversionAttack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A whole experiment grid as a YAML file ({@code ./privtune experiment --grid FILE}, schema in
 * {@link GridDocument} and the README). Read strictly: an unknown field, a wrong type, an unknown
 * mechanism or a bad parameter is one error naming the file, the field, what was expected and what was found.
 * The result is the file's values by the experiment command's option names, so that the command can take the
 * file as its base and let options given on the command line replace single values.
 */
public final class GridFile {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // epochs: 1.5 is a mistake, not 1
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Path file;
    private final Map<String, Object> options = new LinkedHashMap<>();

    private GridFile(Path file) {
        this.file = file;
    }

    /** Reads and checks {@code file}; an {@link IllegalArgumentException} says what is wrong and where. */
    public static GridFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such grid file");
        }
        GridFile grid = new GridFile(file);
        GridDocument document;
        try {
            JsonNode tree = YAML.readTree(file.toFile());
            if (tree == null || tree.isMissingNode()) {
                throw grid.bad("", expected(GridDocument.class), "nothing (an empty file)");
            }
            grid.refuseEmptyValues("", tree);
            document = YAML.treeToValue(tree, GridDocument.class);
        } catch (JsonProcessingException e) {
            throw grid.translate(e, "");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the grid file: " + e.getMessage(), e);
        }
        grid.check(document);
        return grid;
    }

    /**
     * The file's values by the experiment command's option names ({@code --eta}, {@code --cell}, ...), typed as those
     * options are: List of Double for {@code --eta}, List of String for {@code --cell} (NAME:key=value,...), Path for folders.
     * Fields absent from the file are absent here.
     */
    public Map<String, Object> options() {
        return java.util.Collections.unmodifiableMap(options);
    }

    private void check(GridDocument d) {
        if (d.model() != null) {
            if (d.model().isBlank()) {
                throw bad("model", "a model name or checkpoint folder", "an empty text");
            }
            options.put("--model", d.model());
        }
        put("--split", atLeast("split", d.split(), 0));
        if (d.task() != null) {
            if (d.task().isBlank()) {
                throw bad("task", "a task name (sst2, fpb, blog-topic, ag-news, squad)", "an empty text");
            }
            options.put("--task", d.task());
        }
        if (d.data() != null) {
            if (d.data().folder() != null && d.data().sst2() != null) {
                throw bad("data", "one of data.folder and data.sst2 (its older name)", "both");
            }
            String folder =
                    d.data().folder() != null ? d.data().folder() : d.data().sst2();
            put("--data", folder == null ? null : Path.of(folder));
            put(
                    "--trustpilot",
                    d.data().trustpilot() == null ? null : Path.of(d.data().trustpilot()));
        }
        if (d.budget() != null) {
            GridDocument.Budget b = d.budget();
            put("--train-subset", atLeast("budget.train-subset", b.trainSubset(), 0));
            put("--epochs", atLeast("budget.epochs", b.epochs(), 1));
            put("--batch-size", atLeast("budget.batch-size", b.batchSize(), 1));
            put("--lr", b.lr() == null ? null : (float) positive("budget.lr", b.lr()));
            put("--max-length", atLeast("budget.max-length", b.maxLength(), 3));
            put("--seed", b.seed());
        }
        put("--seeds", atLeast("seeds", d.seeds(), 1));
        if (d.attacks() != null) {
            GridDocument.Attacks a = d.attacks();
            put("--attacker-sentences", sentences("attacks.attacker-sentences", a.attackerSentences()));
            put("--inversion-epochs", atLeast("attacks.inversion-epochs", a.inversionEpochs(), 1));
            put("--attack-patience", atLeast("attacks.patience", a.patience(), 1));
            if (a.heldOut() != null && !(a.heldOut() >= 0 && a.heldOut() <= 0.5)) {
                throw bad("attacks.held-out", "a share in [0, 0.5]", Double.toString(a.heldOut()));
            }
            put("--attack-held-out", a.heldOut());
            put("--contextual-epochs", atLeast("attacks.contextual-epochs", a.contextualEpochs(), 1));
            put("--contextual-hidden", atLeast("attacks.contextual-hidden", a.contextualHidden(), 1));
            List<String> models = ContextualInversionAttack.Architecture.labels();
            if (a.contextualModel() != null && !models.contains(a.contextualModel())) {
                throw bad("attacks.contextual-model", String.join(" or ", models), "'" + a.contextualModel() + "'");
            }
            int heads = ContextualInversionAttack.Config.TRANSFORMER_HEADS;
            if (ContextualInversionAttack.Architecture.TRANSFORMER.label().equals(a.contextualModel())
                    && a.contextualHidden() != null
                    && a.contextualHidden() % heads != 0) {
                throw bad(
                        "attacks.contextual-hidden",
                        "a multiple of " + heads + " (the transformer's heads)",
                        Integer.toString(a.contextualHidden()));
            }
            put("--contextual-model", a.contextualModel());
            put("--contextual-sentences", sentences("attacks.contextual-sentences", a.contextualSentences()));
            // the command's option is declared by its negative name; its value is still "fresh noise"
            put("--no-adaptive-fresh-noise", a.adaptiveFreshNoise());
            put("--naive-epochs", atLeast("attacks.naive-epochs", a.naiveEpochs(), 0));
            put("--optimisation-sentences", atLeast("attacks.optimisation-sentences", a.optimisationSentences(), 1));
            put("--optimisation-steps", atLeast("attacks.optimisation-steps", a.optimisationSteps(), 1));
            put("--attribute-texts", atLeast("attacks.attribute-texts", a.attributeTexts(), 10));
            put("--keywords", atLeast("attacks.keywords", a.keywords(), 1));
        }
        if (d.qa() != null) {
            checkQa(d.qa());
        }
        if (d.sweep() != null) {
            checkSweep(d.sweep());
        }
        if (d.cells() != null) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < d.cells().size(); i++) {
                cells.add(cell("cells[" + i + "]", d.cells().get(i)).toString());
            }
            options.put("--cell", cells);
        }
    }

    /** The QA section; whether the task is squad is the command's check, as for the same flags. */
    private void checkQa(GridDocument.Qa q) {
        put("--doc-stride", atLeast("qa.doc-stride", q.docStride(), 1));
        put("--max-question", atLeast("qa.max-question", q.maxQuestion(), 1));
        put("--max-answer", atLeast("qa.max-answer", q.maxAnswer(), 1));
        put("--eval-questions", atLeast("qa.eval-questions", q.evalQuestions(), 0));
        if (q.upload() != null && !List.of("separate", "joint").contains(q.upload())) {
            throw bad("qa.upload", "separate or joint", "'" + q.upload() + "'");
        }
        put("--qa-upload", q.upload());
    }

    private void checkSweep(GridDocument.Sweep s) {
        if (s.etas() != null) {
            for (int i = 0; i < s.etas().size(); i++) {
                positive("sweep.etas[" + i + "]", s.etas().get(i));
            }
            options.put("--eta", List.copyOf(s.etas()));
        }
        if (s.mechanisms() != null) {
            options.put("--mechanisms", mechanisms("sweep.mechanisms", s.mechanisms()));
        }
        if (s.ablations() != null) {
            options.put("--ablations", mechanisms("sweep.ablations", s.ablations()));
        }
        put("--ablation-eta", s.ablationEta() == null ? null : positive("sweep.ablation-eta", s.ablationEta()));
        if (s.privtuneParameters() != null) {
            parameters("sweep.privtune-parameters", s.privtuneParameters());
            options.put("--param", new LinkedHashMap<>(s.privtuneParameters()));
        }
    }

    /** One extra cell: the string form NAME:key=value,... or the mapping {mechanism, parameters}. */
    private CellSpec cell(String field, JsonNode node) {
        String expected = "a cell, NAME:key=value,... or {mechanism: NAME, parameters: {key: value}}";
        CellSpec cell;
        if (node.isTextual()) {
            mechanism(field, node.textValue().split(":", 2)[0].trim());
            try {
                cell = CellSpec.parse(node.textValue());
            } catch (IllegalArgumentException e) {
                throw bad(field, expected, "'" + node.textValue() + "' (" + e.getMessage() + ")");
            }
        } else if (node.isObject()) {
            GridDocument.CellEntry entry;
            try {
                entry = YAML.treeToValue(node, GridDocument.CellEntry.class);
            } catch (JsonProcessingException e) {
                throw translate(e, field);
            }
            if (entry.mechanism() == null) {
                throw bad(
                        field + ".mechanism",
                        "a mechanism, one of " + String.join(", ", MechanismKind.names()),
                        "no mechanism field");
            }
            mechanism(field + ".mechanism", entry.mechanism());
            cell = new CellSpec(entry.mechanism(), entry.parameters() == null ? Map.of() : entry.parameters());
        } else {
            throw bad(field, expected, found(node));
        }
        parameters(field + ".parameters", cell.parameters());
        return cell;
    }

    private List<String> mechanisms(String field, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            mechanism(field + "[" + i + "]", names.get(i));
        }
        return List.copyOf(names);
    }

    private void mechanism(String field, String name) {
        if (!MechanismKind.names().contains(name)) {
            throw bad(field, "a mechanism, one of " + String.join(", ", MechanismKind.names()), "'" + name + "'");
        }
    }

    /** Each parameter alone (to name it), then all together (the mechanism checks them as a whole). */
    private void parameters(String field, Map<String, String> parameters) {
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            try {
                MechanismParameters.defaults().with(Map.of(p.getKey(), p.getValue()));
            } catch (IllegalArgumentException e) {
                throw bad(
                        field + "." + p.getKey(),
                        "a valid mechanism parameter",
                        "'" + p.getValue() + "': " + e.getMessage());
            }
        }
        try {
            MechanismParameters.defaults().with(parameters);
        } catch (IllegalArgumentException e) {
            throw bad(field, "valid mechanism parameters", parameters + ": " + e.getMessage());
        }
    }

    /** "epochs:" with no value is a mistake, not the default: binding alone could not tell it from an absent field. */
    private void refuseEmptyValues(String path, JsonNode node) {
        if (node.isNull()) {
            throw bad(path, "a value", "none (an empty value)");
        }
        if (node.isObject()) {
            node.properties()
                    .forEach(e ->
                            refuseEmptyValues(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseEmptyValues(path + "[" + i + "]", node.get(i));
            }
        }
    }

    private void put(String option, Object value) {
        if (value != null) {
            options.put(option, value);
        }
    }

    /** A sentence count: {@code all} (0) or an integer >= 10. */
    private Integer sentences(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.trim().equalsIgnoreCase("all")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 10) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(field, "an integer >= 10 or 'all'", "'" + value + "'");
    }

    private Integer atLeast(String field, Integer value, int minimum) {
        if (value != null && value < minimum) {
            throw bad(field, "an integer >= " + minimum, Integer.toString(value));
        }
        return value;
    }

    private double positive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw bad(field, "a finite number > 0", Double.toString(value));
        }
        return value;
    }

    private IllegalArgumentException bad(String field, String expected, String found) {
        return new IllegalArgumentException(
                file + ": " + (field.isEmpty() ? "" : field + ": ") + "expected " + expected + ", found " + found);
    }

    /** Jackson's error as ours: the field's path in the file, what the schema wanted there and what the file has. */
    private IllegalArgumentException translate(JsonProcessingException e, String prefix) {
        if (!(e instanceof JsonMappingException m)) {
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            return new IllegalArgumentException(file + ": not valid YAML" + where + ": "
                    + e.getOriginalMessage().replaceAll("\\s+", " ").strip());
        }
        String field = path(prefix, m.getPath());
        if (m instanceof UnrecognizedPropertyException u) {
            String known =
                    u.getReferringClass() != null && u.getReferringClass().isRecord()
                            ? fields(u.getReferringClass())
                            : u.getKnownPropertyIds() == null
                                    ? ""
                                    : u.getKnownPropertyIds().stream()
                                            .map(Object::toString)
                                            .collect(Collectors.joining(", "));
            return bad(field, "one of the fields " + known, "the unknown field '" + u.getPropertyName() + "'");
        }
        if (m instanceof InvalidNullException) {
            return bad(field, "a value", "none (an empty value)");
        }
        if (m instanceof InvalidFormatException f) {
            return bad(field, expected(f.getTargetType()), "'" + f.getValue() + "'");
        }
        if (m instanceof MismatchedInputException mi) {
            return bad(
                    field,
                    expected(mi.getTargetType()),
                    mi.getProcessor() instanceof JsonParser p ? found(p) : mi.getOriginalMessage());
        }
        return bad(field, "a valid value", m.getOriginalMessage().replaceAll("\\s+", " "));
    }

    private static String path(String prefix, List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder(prefix);
        for (JsonMappingException.Reference r : references) {
            if (r.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == float.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a single value (a text or a number)";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a mapping";
        }
        if (type.isRecord()) {
            return "a mapping with the fields " + fields(type);
        }
        return "a " + type.getSimpleName();
    }

    /** A schema record's fields as the file spells them, in the schema's order. */
    private static String fields(Class<?> record) {
        PropertyNamingStrategies.NamingBase kebab =
                (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.KEBAB_CASE;
        return java.util.Arrays.stream(record.getRecordComponents())
                .map(c -> kebab.translate(c.getName()))
                .collect(Collectors.joining(", "));
    }

    private static String found(JsonParser p) {
        JsonToken t = p.currentToken();
        try {
            return t == null
                    ? "nothing (an empty file)"
                    : switch (t) {
                        case START_OBJECT, FIELD_NAME -> "a mapping";
                        case START_ARRAY -> "a list";
                        case VALUE_STRING -> "the text '" + p.getText() + "'";
                        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + p.getText();
                        case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
                        case VALUE_NULL -> "none (an empty value)";
                        default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
                    };
        } catch (IOException e) {
            return t.name();
        }
    }

    private static String found(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNull()) {
            return "none (an empty value)";
        }
        return node.isNumber()
                ? "the number " + node.asText()
                : node.isBoolean() ? "the boolean " + node.asText() : "'" + node.asText() + "'";
    }
}
