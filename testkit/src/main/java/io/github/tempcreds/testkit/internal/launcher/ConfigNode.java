package io.github.tempcreds.testkit.internal.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A JSON object of the launcher's configuration file with its path ({@code roles[1]}), so that every
 * error names the field: {@code roles[1].maxSessionDuration: must be 3600..43200 seconds}. Rejects
 * fields it does not know (a misspelt key is an error, not silently ignored). Internal: no compatibility
 * promise.
 */
public final class ConfigNode {
    private final JsonNode node;
    private final String path;

    private ConfigNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /**
     * The root object.
     *
     * @throws ConfigException if the document is not a JSON object
     */
    public static ConfigNode root(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ConfigException("(root): must be a JSON object");
        }
        return new ConfigNode(node, "");
    }

    /** The path of this node, empty for the root. */
    public String path() {
        return path;
    }

    /** The path of a field of this object. */
    public String pathOf(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** Fails with a message about a field of this node. */
    public ConfigException error(String field, String message) {
        return new ConfigException(pathOf(field) + ": " + message);
    }

    /**
     * Fails on fields outside {@code allowed}.
     *
     * @throws ConfigException naming the first unknown field and the allowed ones
     */
    public ConfigNode allow(String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            if (!ok.contains(name)) {
                throw error(name, "unknown field (allowed here: " + String.join(", ", new TreeSet<>(ok)) + ")");
            }
        }
        return this;
    }

    /** Whether a field is present and not null. */
    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /** A required string matching {@code pattern}; {@code rule} explains the pattern. */
    public String string(String field, Pattern pattern, String rule) {
        return optString(field, pattern, rule).orElseThrow(() -> error(field, "is required"));
    }

    /** An optional string matching {@code pattern} (null for any non-empty text). */
    public Optional<String> optString(String field, Pattern pattern, String rule) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode v = node.get(field);
        if (!v.isTextual()) {
            throw error(field, "must be a string");
        }
        String s = v.asText();
        if (s.isEmpty()) {
            throw error(field, "must not be empty");
        }
        if (pattern != null && !pattern.matcher(s).matches()) {
            throw error(field, "must be " + rule);
        }
        return Optional.of(s);
    }

    /** An optional whole number in {@code min..max}; {@code unit} follows the range in the message. */
    public Optional<Long> optLong(String field, long min, long max, String unit) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode v = node.get(field);
        String range = "must be " + min + ".." + max + (unit.isEmpty() ? "" : " " + unit);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw error(field, range + " (a whole number)");
        }
        long n = v.asLong();
        if (n < min || n > max) {
            throw error(field, range);
        }
        return Optional.of(n);
    }

    /** An optional field as raw JSON (for embedded documents such as a JWKS). */
    public Optional<JsonNode> optJson(String field) {
        return has(field) ? Optional.of(node.get(field)) : Optional.empty();
    }

    /** An optional boolean. */
    public Optional<Boolean> optBoolean(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode v = node.get(field);
        if (!v.isBoolean()) {
            throw error(field, "must be true or false");
        }
        return Optional.of(v.asBoolean());
    }

    /** An optional nested object. */
    public Optional<ConfigNode> optObject(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode v = node.get(field);
        if (!v.isObject()) {
            throw error(field, "must be a JSON object");
        }
        return Optional.of(new ConfigNode(v, pathOf(field)));
    }

    /** The objects of an optional array field, each with its indexed path; empty when absent. */
    public List<ConfigNode> objects(String field) {
        List<ConfigNode> out = new ArrayList<>();
        for (JsonNode e : array(field)) {
            String p = pathOf(field) + "[" + out.size() + "]";
            if (!e.isObject()) {
                throw new ConfigException(p + ": must be a JSON object");
            }
            out.add(new ConfigNode(e, p));
        }
        return out;
    }

    /** The strings of an optional array field, each matching {@code pattern}; empty when absent. */
    public List<String> strings(String field, Pattern pattern, String rule) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : array(field)) {
            String p = pathOf(field) + "[" + out.size() + "]";
            if (!e.isTextual() || e.asText().isEmpty()) {
                throw new ConfigException(p + ": must be a non-empty string");
            }
            if (pattern != null && !pattern.matcher(e.asText()).matches()) {
                throw new ConfigException(p + ": must be " + rule);
            }
            out.add(e.asText());
        }
        return out;
    }

    private List<JsonNode> array(String field) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode v = node.get(field);
        if (!v.isArray()) {
            throw error(field, "must be a JSON array");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    @Override
    public String toString() {
        return "ConfigNode(" + (path.isEmpty() ? "(root)" : path) + ")";
    }

    /** A configuration error; the message starts with the field's path. */
    public static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** An error with a message that names the field. */
        public ConfigException(String message) {
            super(message);
        }
    }
}
