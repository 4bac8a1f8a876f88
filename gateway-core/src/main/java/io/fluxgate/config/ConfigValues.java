package io.fluxgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.POJONode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one configuration value (YAML, an environment variable's text, or a flag's object) into the type of
 * its record component: integers, strings, durations, enums and string lists. Every refusal names the key,
 * the value (hidden for secrets) and what was expected.
 */
final class ConfigValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigValues() {
    }

    /** Converts a scalar or list value; a record component given something that is not a mapping is refused. */
    static Object read(JsonNode node, Type type, String path) {
        if (node.isPojo()) {
            node = NODES.textNode(String.valueOf(((POJONode) node).getPojo()));
        }
        if (node.isNull()) {
            if (type == Integer.class || type == String.class) {
                return null;
            }
            throw bad(path, node, "a value");
        }
        if (type == int.class || type == Integer.class || type == long.class) {
            long v;
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                v = node.longValue();
            } else if (node.isTextual() && node.textValue().trim().matches("-?\\d{1,18}")) {
                v = Long.parseLong(node.textValue().trim());
            } else {
                throw bad(path, node, "an integer");
            }
            if (type == long.class) {
                return v;
            }
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw bad(path, node, "an integer of at most " + Integer.MAX_VALUE);
            }
            return (int) v;
        }
        if (type == String.class) {
            if (!node.isTextual() && !node.isNumber()) {
                throw bad(path, node, "a string");
            }
            return node.asText();
        }
        if (type == Duration.class) {
            if (node.isIntegralNumber() && node.longValue() == 0) {
                return Duration.ZERO;
            }
            if (!node.isTextual()) {
                throw bad(path, node, "a duration such as 500ms, 25s, 10m");
            }
            try {
                return Durations.parse(node.textValue());
            } catch (IllegalArgumentException e) {
                throw bad(path, node, "a duration such as 500ms, 25s, 10m");
            }
        }
        if (type instanceof Class<?> c && c.isEnum()) {
            if (!node.isTextual()) {
                throw bad(path, node, "one of " + enumNames(c));
            }
            for (Object constant : c.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(node.textValue().trim())) {
                    return constant;
                }
            }
            throw bad(path, node, "one of " + enumNames(c));
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            List<String> out = new ArrayList<>();
            if (node.isTextual()) {
                for (String part : node.textValue().split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
                return out;
            }
            if (!node.isArray()) {
                throw bad(path, node, "a list of strings");
            }
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw bad(path, node, "a list of strings");
                }
                out.add(item.textValue());
            }
            return out;
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            throw bad(path, node, "a mapping");
        }
        throw new IllegalStateException("no binding for " + type + " at " + path);
    }


    static ConfigException bad(String path, JsonNode node, String expected) {
        String shown = path.endsWith("jwtSecret") || path.endsWith("apiKeys") ? "<hidden>" : node.toString();
        return new ConfigException(path + ": " + shown + " (expected: " + expected + ")");
    }

    private static String enumNames(Class<?> c) {
        List<String> names = new ArrayList<>();
        for (Object constant : c.getEnumConstants()) {
            names.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
        }
        return String.join(", ", names);
    }
}
