package io.fusionscaler.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chart README's values table, made from values.yaml the way helm-docs makes it: a key preceded by a
 * {@code # --} comment is documented (its default is the key's value, shown whole); a key without one is a section
 * whose keys are documented one by one. A leaf that is neither is an error, so no value goes undocumented.
 */
final class ValuesDoc {

    record Entry(String key, String type, String defaultValue, String description) {
    }

    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_./-]+):( *)(.*)$");
    private static final Pattern DOC_START = Pattern.compile("^ *# -- (.*)$");
    private static final Pattern DOC_MORE = Pattern.compile("^ *# ?(.*)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ValuesDoc() {
    }

    static List<Entry> entries(String valuesYaml) {
        JsonNode values = tree(valuesYaml);
        List<Entry> entries = new ArrayList<>();
        Deque<int[]> indents = new ArrayDeque<>();
        Deque<String> path = new ArrayDeque<>();
        StringBuilder doc = null;
        int skipDeeperThan = -1;
        for (String line : valuesYaml.split("\n")) {
            Matcher start = DOC_START.matcher(line);
            if (start.matches()) {
                doc = new StringBuilder(start.group(1));
                continue;
            }
            Matcher more = DOC_MORE.matcher(line);
            if (doc != null && more.matches()) {
                doc.append(' ').append(more.group(1));
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (!key.matches() || line.trim().startsWith("#")) {
                continue;
            }
            int indent = key.group(1).length();
            if (skipDeeperThan >= 0 && indent > skipDeeperThan) {
                continue;
            }
            skipDeeperThan = -1;
            while (!indents.isEmpty() && indents.peek()[0] >= indent) {
                indents.pop();
                path.removeLast();
            }
            String name = key.group(2);
            String fullKey = path.isEmpty() ? name : String.join(".", path) + "." + name;
            if (doc != null) {
                JsonNode value = at(values, fullKey);
                entries.add(new Entry(fullKey, type(value), render(value), doc.toString()));
                doc = null;
                skipDeeperThan = indent;
            } else if (!key.group(4).isBlank()) {
                throw new IllegalStateException("values.yaml: " + fullKey + " has no '# --' description");
            } else {
                indents.push(new int[] {indent});
                path.addLast(name);
            }
        }
        return entries;
    }

    static String table(String valuesYaml) {
        StringBuilder table = new StringBuilder("| Key | Type | Default | Description |\n|---|---|---|---|\n");
        for (Entry e : entries(valuesYaml)) {
            table.append("| `").append(e.key()).append("` | ").append(e.type()).append(" | `").append(e.defaultValue().replace("|", "\\|"))
                    .append("` | ").append(e.description().replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }

    private static JsonNode tree(String yaml) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode at(JsonNode values, String key) {
        JsonNode node = values;
        for (String part : key.split("\\.")) {
            node = node.path(part);
        }
        if (node.isMissingNode()) {
            throw new IllegalStateException("values.yaml: no value at " + key);
        }
        return node;
    }

    private static String type(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT -> "object";
            case ARRAY -> "list";
            case BOOLEAN -> "bool";
            case NUMBER -> "int";
            default -> "string";
        };
    }

    private static String render(JsonNode value) {
        try {
            return value.isTextual() ? JSON.writeValueAsString(value.asText()) : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
