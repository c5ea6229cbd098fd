package dev.baton.testkit;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.policy.Durations;
import dev.baton.policy.SourceRef;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario file. The first error stops the parse and names file, line, column and field.
 * Its step and node readers are shared with {@link PolicyTestParser}, so a policy test's steps are
 * exactly scenario steps.
 * <p>
 * <b>Note:</b> stateless and thread-safe; allocates freely (set-up time only).
 */
public final class ScenarioParser {
    private static final Set<String> TOP = Set.of("policy", "repeat", "steps");
    /** In documentation order, so messages list them that way. */
    private static final Set<String> OPS = Collections.unmodifiableSet(new LinkedHashSet<>(List.of("open",
        "delegate", "fan_out", "authorize", "revoke", "close", "review", "break_glass", "advance", "swap")));
    private static final Set<String> SCOPE = Set.of("capabilities", "data", "budgets", "constraints");

    private final String file;
    private final YamlFields yaml;

    /** @param file the file name errors name. */
    ScenarioParser(final String file) {
        this.file = file;
        this.yaml = new YamlFields(file);
    }

    /**
     * @param file a scenario YAML file.
     * @return the scenario; its policy path is resolved against the file's directory.
     * @throws ScenarioException naming file, line, column and field of the first error.
     * @throws IOException       if the file cannot be read.
     */
    public static Scenario parse(final Path file) throws ScenarioException, IOException {
        final String text = YamlFields.read(file);
        return new ScenarioParser(file.toString()).parse(file, text);
    }

    private Scenario parse(final Path path, final String text) throws ScenarioException {
        final Map<String, Node> top = yaml.top(text, "policy, repeat and steps", TOP, Set.of("policy", "steps"));
        final Path policy = yaml.policy(top, path);
        final int repeat = top.containsKey("repeat") ? (int) yaml.integer(top.get("repeat"), "repeat", 1, 10_000_000) : 1;
        final List<Step> steps = new ArrayList<>();
        final List<Node> items = yaml.list(top.get("steps"), "steps");
        for (int i = 0; i < items.size(); i++) {
            steps.add(step(items.get(i), "steps[" + i + ']'));
        }
        return new Scenario(path, policy, repeat, List.copyOf(steps));
    }

    Step step(final Node node, final String field) throws ScenarioException {
        final Operation op = operation(node, field);
        final String f = field + '.' + op.name();
        final SourceRef at = yaml.at(node);
        final Node body = op.body();
        final Step.Expectation expect = op.expect();
        switch (op.name()) {
            case "open":
                return open(body, f, at, expect);
            case "delegate":
                return delegate(body, f, at, expect, true);
            case "fan_out":
                return fanOut(body, f, at, expect);
            case "authorize":
                return authorize(body, f, at, expect);
            case "revoke":
            case "close":
                return release(op.name(), body, f, at, expect);
            case "review":
                return review(body, f, at, expect);
            case "break_glass":
                return breakGlass(body, f, at, expect);
            case "swap":
                return new Step.Swap(at, expect, Path.of(file).toAbsolutePath().getParent()
                    .resolve(yaml.string(body, f)).normalize());
            default: // advance
                return new Step.Advance(at, expect, duration(body, f));
        }
    }

    /** A step's one operation, its body and its expectation. */
    private record Operation(String name, Node body, Step.Expectation expect) {
    }

    private Operation operation(final Node node, final String field) throws ScenarioException {
        if (!(node instanceof MappingNode)) {
            throw yaml.error(node, field, "expected a mapping with one operation (" + String.join(", ", OPS) + ")");
        }
        String op = null;
        Node body = null;
        Step.Expectation expect = null;
        for (final NodeTuple t : ((MappingNode) node).getValue()) {
            final String key = yaml.string(t.getKeyNode(), field);
            if ("expect".equals(key)) {
                expect = expectation(t.getValueNode(), field + ".expect");
            } else if (OPS.contains(key)) {
                if (op != null) {
                    throw yaml.error(t.getKeyNode(), field + '.' + key, "a step has one operation; found '" + op
                        + "' and '" + key + "'");
                }
                op = key;
                body = t.getValueNode();
            } else {
                throw yaml.error(t.getKeyNode(), field + '.' + key, "unknown field '" + key + "'; expected one of: "
                    + String.join(", ", OPS) + ", expect");
            }
        }
        if (op == null) {
            throw yaml.error(node, field, "missing the operation; expected one of: " + String.join(", ", OPS));
        }
        return new Operation(op, body, expect);
    }

    private Step.Open open(final Node body, final String f, final SourceRef at, final Step.Expectation expect)
        throws ScenarioException {
        final Map<String, Node> m = yaml.fields(body, f, with(SCOPE, "as", "principal", "purpose", "agent"),
            Set.of("principal", "purpose", "agent"));
        final String as = opt(m, "as", f);
        return new Step.Open(at, expect, as, root(m, f));
    }

    private Step.Root root(final Map<String, Node> m, final String f) throws ScenarioException {
        return new Step.Root(yaml.string(m.get("principal"), f + ".principal"),
            yaml.string(m.get("purpose"), f + ".purpose"), yaml.string(m.get("agent"), f + ".agent"), scope(m, f));
    }

    private Step.FanOut fanOut(final Node body, final String f, final SourceRef at, final Step.Expectation expect)
        throws ScenarioException {
        final Map<String, Node> m = yaml.fields(body, f, Set.of("from", "children"), Set.of("from", "children"));
        final List<Step.Delegate> children = new ArrayList<>();
        final List<Node> items = yaml.list(m.get("children"), f + ".children");
        for (int i = 0; i < items.size(); i++) {
            children.add(delegate(items.get(i), f + ".children[" + i + ']', yaml.at(items.get(i)), null, false));
        }
        return new Step.FanOut(at, expect, yaml.string(m.get("from"), f + ".from"), List.copyOf(children));
    }

    private Step.Authorize authorize(final Node body, final String f, final SourceRef at, final Step.Expectation expect)
        throws ScenarioException {
        final Map<String, Node> m = yaml.fields(body, f,
            Set.of("grant", "presenter", "capability", "data", "justification", "arguments"), Set.of("grant", "capability"));
        final Map<String, String> arguments = m.containsKey("arguments")
            ? stringMap(m.get("arguments"), f + ".arguments") : Map.of();
        return new Step.Authorize(at, expect, yaml.string(m.get("grant"), f + ".grant"), opt(m, "presenter", f),
            yaml.string(m.get("capability"), f + ".capability"), opt(m, "data", f), opt(m, "justification", f),
            arguments);
    }

    /** {@code revoke} or {@code close}: a grant and the identity that ends it. */
    private Step release(final String op, final Node body, final String f, final SourceRef at,
                         final Step.Expectation expect) throws ScenarioException {
        final Map<String, Node> m = yaml.fields(body, f, Set.of("grant", "by"), Set.of("grant", "by"));
        final String grant = yaml.string(m.get("grant"), f + ".grant");
        final String by = yaml.string(m.get("by"), f + ".by");
        return "revoke".equals(op) ? new Step.Revoke(at, expect, grant, by) : new Step.Close(at, expect, grant, by);
    }

    private Step.Review review(final Node body, final String f, final SourceRef at, final Step.Expectation expect)
        throws ScenarioException {
        final Map<String, Node> m = yaml.fields(body, f, Set.of("grant", "reviewer", "approve"),
            Set.of("grant", "reviewer", "approve"));
        return new Step.Review(at, expect, yaml.string(m.get("grant"), f + ".grant"),
            yaml.string(m.get("reviewer"), f + ".reviewer"), yaml.bool(m.get("approve"), f + ".approve"));
    }

    private Step.BreakGlass breakGlass(final Node body, final String f, final SourceRef at,
                                       final Step.Expectation expect) throws ScenarioException {
        final Map<String, Node> m = yaml.fields(body, f,
            with(SCOPE, "as", "principal", "rule", "agent", "purpose", "reason", "ttl"),
            Set.of("principal", "rule", "agent", "purpose"));
        final long ttl = m.containsKey("ttl") ? duration(m.get("ttl"), f + ".ttl") : 0;
        final String as = opt(m, "as", f);
        final Step.Root root = root(m, f);
        return new Step.BreakGlass(at, expect, as, root, yaml.string(m.get("rule"), f + ".rule"),
            opt(m, "reason", f), ttl);
    }

    private Step.Delegate delegate(final Node body, final String f, final SourceRef at, final Step.Expectation expect,
                                   final boolean needsFrom) throws ScenarioException {
        final Map<String, Node> m = yaml.fields(body, f, with(SCOPE, "as", "from", "presenter", "to", "expect"),
            needsFrom ? Set.of("from", "to") : Set.of("to"));
        final Step.Expectation e = m.containsKey("expect") ? expectation(m.get("expect"), f + ".expect") : expect;
        return new Step.Delegate(at, e, opt(m, "as", f), opt(m, "from", f), opt(m, "presenter", f),
            yaml.string(m.get("to"), f + ".to"), scope(m, f));
    }

    /** A mapping of names to string values ({@code arguments}, {@code budgets}), in file order. */
    private Map<String, String> stringMap(final Node node, final String f) throws ScenarioException {
        if (!(node instanceof MappingNode)) {
            throw yaml.error(node, f, "expected a mapping of names to values");
        }
        final Map<String, String> out = new java.util.LinkedHashMap<>();
        for (final NodeTuple t : ((MappingNode) node).getValue()) {
            final String name = yaml.string(t.getKeyNode(), f);
            out.put(name, yaml.string(t.getValueNode(), f + '.' + name));
        }
        return out;
    }

    private Step.ScopeNames scope(final Map<String, Node> m, final String f) throws ScenarioException {
        return new Step.ScopeNames(
            m.containsKey("capabilities") ? yaml.strings(m.get("capabilities"), f + ".capabilities") : List.of(),
            m.containsKey("data") ? yaml.strings(m.get("data"), f + ".data") : List.of(),
            m.containsKey("budgets") ? stringMap(m.get("budgets"), f + ".budgets") : java.util.Map.of(),
            m.containsKey("constraints") ? constraints(m.get("constraints"), f + ".constraints") : List.of());
    }

    /**
     * A scope's {@code constraints}, shaped as a policy's: {@code {tool: {argument: {kind: value or [values]}}}}.
     */
    private List<Step.Constrained> constraints(final Node node, final String f) throws ScenarioException {
        final List<Step.Constrained> out = new ArrayList<>();
        for (final java.util.Map.Entry<String, Node> tool : yaml.mapping(node, f).entrySet()) {
            final String t = tool.getKey();
            for (final java.util.Map.Entry<String, Node> arg : yaml.mapping(tool.getValue(), f + '.' + t).entrySet()) {
                final String a = arg.getKey();
                final String path = f + '.' + t + '.' + a;
                final java.util.Map<String, Node> kinds = yaml.mapping(arg.getValue(), path);
                if (kinds.size() != 1) {
                    throw yaml.error(arg.getValue(), path, "expected exactly one of: exact, one_of, range, prefix,"
                        + " glob, regex, found " + kinds.size());
                }
                final java.util.Map.Entry<String, Node> only = kinds.entrySet().iterator().next();
                final String kind = only.getKey();
                final Node value = only.getValue();
                out.add(new Step.Constrained(t, a, kind, value instanceof SequenceNode
                    ? yaml.strings(value, path + '.' + kind) : List.of(yaml.string(value, path + '.' + kind)),
                    yaml.at(arg.getValue())));
            }
        }
        return out;
    }

    private Step.Expectation expectation(final Node node, final String field) throws ScenarioException {
        if (!(node instanceof ScalarNode)) {
            throw yaml.error(node, field, "expected one string such as 'ALLOW', 'DENY NEVER_LEAVE',"
                + " 'DENY AGENT_CEILING|NEVER_LEAVE' or 'ALLOW expires_in=15m flags=BREAK_GLASS', found "
                + (node instanceof SequenceNode ? "a list (give several reasons as REASON|REASON)" : "a mapping"));
        }
        final String text = yaml.string(node, field).trim();
        final String[] parts = text.split("\\s+");
        try {
            final Outcome outcome = Outcome.valueOf(parts[0]);
            final List<Reason> reasons = new ArrayList<>();
            long expiresIn = -1;
            final List<String> flags = new ArrayList<>();
            final List<Reason> denies = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].startsWith("denies=") && outcome == Outcome.DENY) {
                    for (final String r : parts[i].substring("denies=".length()).split(",")) {
                        denies.add(Reason.valueOf(r));
                    }
                } else if (parts[i].startsWith("expires_in=")) {
                    expiresIn = Durations.parseMillis(parts[i].substring("expires_in=".length()));
                } else if (parts[i].startsWith("flags=")) {
                    for (final String flag : parts[i].substring("flags=".length()).split(",")) {
                        if (!Step.Expectation.FLAGS.contains(flag)) {
                            throw new IllegalArgumentException(flag);
                        }
                        flags.add(flag);
                    }
                } else if (i == 1) {
                    for (final String r : parts[i].split("\\|")) {
                        reasons.add(Reason.valueOf(r));
                    }
                } else {
                    throw new IllegalArgumentException(parts[i]);
                }
            }
            return new Step.Expectation(outcome, reasons, expiresIn, flags, denies);
        } catch (final IllegalArgumentException e) {
            throw yaml.error(node, field, "expected 'ALLOW', 'REVIEW', 'DENY' or 'DENY <REASON>', then optionally"
                + " more reasons as REASON|REASON, expires_in=DURATION, flags=BREAK_GLASS,REVIEWED and (after DENY)"
                + " denies=REASON,...; found '" + text + "'");
        }
    }

    // ------------------------------------------------------------------------------ typed node reads

    private String opt(final Map<String, Node> m, final String key, final String field) throws ScenarioException {
        return m.containsKey(key) ? yaml.string(m.get(key), field + '.' + key) : null;
    }

    private long duration(final Node node, final String field) throws ScenarioException {
        String text = yaml.string(node, field);
        final boolean back = text.startsWith("-");
        if (back) {
            text = text.substring(1);
        }
        try {
            final long ms = Durations.parseMillis(text);
            return back ? -ms : ms;
        } catch (final IllegalArgumentException e) {
            throw yaml.error(node, field, e.getMessage() + " (prefix '-' to move the clock back)");
        }
    }

    private static Set<String> with(final Set<String> base, final String... more) {
        final Set<String> s = new java.util.HashSet<>(base);
        s.addAll(List.of(more));
        return s;
    }
}
