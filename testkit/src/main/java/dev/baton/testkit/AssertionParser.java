package dev.baton.testkit;

import dev.baton.analysis.Assertion;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code assertions} of a policy test file: each a {@code name} and one of
 * {@code never_holds} or {@code only_through_review}, whose fields say which agents ({@code agent} or
 * {@code domain}), what ({@code capability}, {@code data}), from where ({@code purpose}) and whether
 * break-glass tasks count ({@code break_glass}, default true).
 * <p>
 * <b>Note:</b> stateless apart from its {@link YamlFields}; allocates freely (set-up time only).
 */
final class AssertionParser {
    private static final Set<String> ITEM = Set.of("name", "never_holds", "only_through_review");
    private static final Set<String> BODY = Set.of("agent", "domain", "capability", "data", "purpose", "break_glass");

    private final YamlFields yaml;

    AssertionParser(final YamlFields yaml) {
        this.yaml = yaml;
    }

    List<PolicyAssertion> parse(final Node node) throws ScenarioException {
        final List<Node> items = yaml.list(node, "assertions");
        final List<PolicyAssertion> out = new ArrayList<>();
        final Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            final String field = "assertions[" + i + ']';
            final PolicyAssertion a = item(items.get(i), field);
            final Integer first = seen.putIfAbsent(a.name(), a.at().line());
            if (first != null) {
                throw new ScenarioException(a.at() + ": " + field + ".name: duplicate assertion name '" + a.name()
                    + "'; first used at line " + first);
            }
            out.add(a);
        }
        return List.copyOf(out);
    }

    private PolicyAssertion item(final Node node, final String field) throws ScenarioException {
        final Map<String, Node> m = yaml.fields(node, field, ITEM, Set.of("name"));
        final String name = yaml.string(m.get("name"), field + ".name");
        final boolean never = m.containsKey("never_holds");
        if (never == m.containsKey("only_through_review")) {
            throw yaml.error(node, field, "give exactly one of never_holds, only_through_review");
        }
        final String key = never ? "never_holds" : "only_through_review";
        final String f = field + '.' + key;
        final Map<String, Node> b = yaml.fields(m.get(key), f, BODY, Set.of());
        if (b.containsKey("agent") && b.containsKey("domain")) {
            throw yaml.error(m.get(key), f, "give agent or domain, not both");
        }
        if (!never && !b.containsKey("capability")) {
            throw yaml.error(m.get(key), f, "only_through_review needs a capability");
        }
        final Assertion a = new Assertion(never ? Assertion.Kind.NEVER_HOLDS : Assertion.Kind.ONLY_THROUGH_REVIEW,
            optional(b, "agent", f), optional(b, "domain", f), optional(b, "capability", f), optional(b, "data", f),
            optional(b, "purpose", f), !b.containsKey("break_glass") || yaml.bool(b.get("break_glass"), f + ".break_glass"));
        return new PolicyAssertion(yaml.at(node), name, a);
    }

    private String optional(final Map<String, Node> m, final String key, final String field) throws ScenarioException {
        return m.containsKey(key) ? yaml.string(m.get(key), field + '.' + key) : null;
    }
}
