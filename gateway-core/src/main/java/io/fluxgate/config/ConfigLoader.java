package io.fluxgate.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@link GatewayConfig} from YAML, then {@code FLUXGATE_*} environment variables, then flags.
 *
 * <p>Binding walks the config records' components, so the YAML keys are exactly the record
 * component names, an unknown key is an error, and every failure names its full key path.
 */
public final class ConfigLoader {
    private static final String ENV_PREFIX = "FLUXGATE_";
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigLoader() {
    }

    /** Binds inline YAML with no environment overrides (tests, embedding). */
    public static GatewayConfig fromYaml(String yaml) {
        return fromYaml(yaml, Map.of());
    }

    /** Binds inline YAML, then dotted-path overrides such as {@code server.port -> 0}. */
    public static GatewayConfig fromYaml(String yaml, Map<String, Object> overrides) {
        ObjectNode root = parse(yaml, "inline YAML");
        overrides.forEach((path, value) -> set(root, path.split("\\."), NODES.pojoNode(value)));
        return bind(root);
    }

    /**
     * Loads the optional file, applies the {@code FLUXGATE_*} variables of {@code env}, then {@code overrides}
     * (dotted key paths to values, as the command-line flags give them).
     *
     * @throws ConfigException naming the bad key
     */
    public static GatewayConfig load(Path file, Map<String, String> env, Map<String, Object> overrides) {
        ObjectNode root;
        if (file == null) {
            root = NODES.objectNode();
        } else {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new ConfigException("config file " + file + ": cannot be read (" + e.getMessage() + ")");
            }
            root = parse(text, file.toString());
        }
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (e.getKey().startsWith(ENV_PREFIX)) {
                applyEnv(root, e.getKey(), e.getValue());
            }
        }
        overrides.forEach((path, value) -> set(root, path.split("\\."), NODES.pojoNode(value)));
        return bind(root);
    }

    private static ObjectNode parse(String text, String source) {
        if (text.isBlank()) {
            return NODES.objectNode();
        }
        JsonNode node;
        try {
            node = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new ConfigException(source + ": not valid YAML" + yamlProblem(e));
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return NODES.objectNode();
        }
        if (!node.isObject()) {
            throw new ConfigException(source + ": (root) " + node.getNodeType() + " (expected: a mapping of sections)");
        }
        return (ObjectNode) node;
    }

    /**
     * The parser's reasons and position on one line, without its snippet of the document: the snippet spans
     * several lines and may quote a secret (the offending line can be {@code jwtSecret: ...}).
     */
    private static String yamlProblem(JacksonException e) {
        List<String> reasons = new ArrayList<>();
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        for (String line : original.split("\\R")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                reasons.add(line.trim());
            }
        }
        // The last position the parser names is where the problem is (the first is where the construct began).
        String where = "";
        Matcher m = Pattern.compile("line (\\d+), column (\\d+)").matcher(original);
        while (m.find()) {
            where = " at line " + m.group(1) + ", column " + m.group(2);
        }
        JsonLocation at = e.getLocation();
        if (where.isEmpty() && at != null && at.getLineNr() > 0) {
            where = " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        return where + " (" + String.join("; ", reasons) + ")";
    }

    static GatewayConfig bind(ObjectNode root) {
        GatewayConfig base = GatewayConfig.defaults();
        ObjectNode channels = root.has("channels") && root.get("channels").isObject()
                ? (ObjectNode) root.get("channels") : null;
        if (channels != null) {
            root.remove("channels");
        }
        GatewayConfig partial = (GatewayConfig) bindRecord(root, GatewayConfig.class, base, "");
        ChannelsConfig ch = channels == null ? base.channels() : bindChannels(channels, base.channels());
        checkPublishCost("channels.default", ch.defaults(), partial.limits());
        new TreeMap<>(ch.namespaces()).forEach((ns, c) -> checkPublishCost("channels.namespaces." + ns, c,
                partial.limits()));
        return new GatewayConfig(partial.server(), partial.auth(), partial.limits(), partial.heartbeat(), ch,
                partial.logging());
    }

    /** A publish that costs more tokens than the bucket holds could never be paid: refuse it at start-up. */
    private static void checkPublishCost(String path, NamespaceConfig ns, LimitsConfig limits) {
        if (ns.publishCost() > limits.burst()) {
            throw new ConfigException(path + ".publishCost: " + ns.publishCost() + " (expected: <= limits.burst ("
                    + limits.burst() + "))");
        }
    }

    /** {@code channels.namespaces} entries start from the resolved {@code channels.default}, not the built-in one. */
    private static ChannelsConfig bindChannels(ObjectNode node, ChannelsConfig base) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals(ChannelsConfig.DEFAULT_KEY) && !key.equals("namespaces")) {
                throw new ConfigException("channels." + key + ": unknown key (expected: default, namespaces)");
            }
        }
        NamespaceConfig defaults = node.has(ChannelsConfig.DEFAULT_KEY)
                ? (NamespaceConfig) convert(node.get(ChannelsConfig.DEFAULT_KEY), NamespaceConfig.class,
                NamespaceConfig.defaults(), "channels.default")
                : base.defaults();
        // Built-in namespaces keep their own rules unless the file overrides them key by key.
        ObjectNode ns = NODES.objectNode();
        ns.putObject("inbox").put("subscribe", "owner").put("publish", "any");
        JsonNode given = node.get("namespaces");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw new ConfigException("channels.namespaces: " + given + " (expected: a mapping of namespace names)");
            }
            given.fields().forEachRemaining(e -> {
                JsonNode old = ns.get(e.getKey());
                if (old instanceof ObjectNode o && e.getValue().isObject()) {
                    o.setAll((ObjectNode) e.getValue());
                } else {
                    ns.set(e.getKey(), e.getValue());
                }
            });
        }
        Map<String, NamespaceConfig> resolved = new LinkedHashMap<>();
        ns.fields().forEachRemaining(e -> resolved.put(e.getKey(), (NamespaceConfig) convert(e.getValue(),
                NamespaceConfig.class, defaults, "channels.namespaces." + e.getKey())));
        try {
            return new ChannelsConfig(defaults, resolved);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("channels." + e.getMessage());
        }
    }

    private static Object bindRecord(JsonNode node, Class<?> type, Object base, String path) {
        if (!node.isObject()) {
            throw ConfigValues.bad(path, node, "a mapping");
        }
        RecordComponent[] comps = type.getRecordComponents();
        List<String> names = new ArrayList<>();
        for (RecordComponent c : comps) {
            names.add(c.getName());
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!names.contains(key)) {
                throw new ConfigException(join(path, key) + ": unknown key (expected one of: "
                        + String.join(", ", names) + ")");
            }
        }
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            RecordComponent c = comps[i];
            types[i] = c.getType();
            Object baseValue = invoke(c, base);
            JsonNode child = node.get(c.getName());
            args[i] = child == null ? baseValue : convert(child, c.getGenericType(), baseValue, join(path, c.getName()));
        }
        try {
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            String msg = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            throw new ConfigException(path.isEmpty() ? msg : path + "." + msg);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object convert(JsonNode node, Type type, Object base, String path) {
        if (type instanceof Class<?> c && c.isRecord() && node.isObject()) {
            return bindRecord(node, c, base, path);
        }
        return ConfigValues.read(node, type, path);
    }

    private static void applyEnv(ObjectNode root, String name, String value) {
        String[] segments = name.substring(ENV_PREFIX.length()).split("_");
        List<String> path = new ArrayList<>();
        Class<?> type = GatewayConfig.class;
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            if (type == ChannelsConfig.class && seg.equalsIgnoreCase(ChannelsConfig.DEFAULT_KEY)) {
                path.add(ChannelsConfig.DEFAULT_KEY);
                type = NamespaceConfig.class;
                continue;
            }
            if (type == Map.class) {
                path.add(seg.toLowerCase(Locale.ROOT));
                type = NamespaceConfig.class;
                continue;
            }
            RecordComponent match = null;
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    if (c.getName().equalsIgnoreCase(seg)) {
                        match = c;
                    }
                }
            }
            if (match == null || (i == segments.length - 1) == (match.getType().isRecord()
                    || match.getType() == Map.class)) {
                throw new ConfigException(name + ": unknown configuration variable (expected: FLUXGATE_ and a key"
                        + " path in upper snake case, e.g. FLUXGATE_SERVER_PORT)");
            }
            path.add(match.getName());
            type = match.getType();
        }
        set(root, path.toArray(String[]::new), NODES.textNode(value));
    }

    private static void set(ObjectNode root, String[] path, JsonNode value) {
        ObjectNode cur = root;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode next = cur.get(path[i]);
            if (!(next instanceof ObjectNode)) {
                next = cur.putObject(path[i]);
            }
            cur = (ObjectNode) next;
        }
        cur.set(path[path.length - 1], value);
    }

    private static Object invoke(RecordComponent c, Object target) {
        try {
            return c.getAccessor().invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
