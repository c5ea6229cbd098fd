package dev.baton.testkit;

import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a policy test file ({@code docs/policy-tests.md}): a {@code policy} and a list of
 * {@code cases}, each a {@code name}, scenario {@code steps} and an optional {@code skip}. Steps are
 * read by {@link ScenarioParser}, so they are written exactly as in a scenario. The first error stops
 * the parse and names file, line, column and field.
 * <p>
 * <b>Note:</b> stateless and thread-safe; allocates freely (set-up time only).
 */
public final class PolicyTestParser {
    private static final Set<String> TOP = Set.of("policy", "cases", "assertions");
    private static final Set<String> CASE = Set.of("name", "steps", "skip");

    private final ScenarioParser reader;
    private final YamlFields yaml;

    private PolicyTestParser(final String file) {
        this.reader = new ScenarioParser(file);
        this.yaml = new YamlFields(file);
    }

    /**
     * @param file a policy test YAML file.
     * @return the test file; its policy path is resolved against the file's directory.
     * @throws ScenarioException naming file, line, column and field of the first error.
     * @throws IOException       if the file cannot be read.
     */
    public static PolicyTestFile parse(final Path file) throws ScenarioException, IOException {
        final String text = YamlFields.read(file);
        return new PolicyTestParser(file.toString()).parse(file, text);
    }

    private PolicyTestFile parse(final Path path, final String text) throws ScenarioException {
        final Map<String, Node> top = yaml.top(text, "policy and cases", TOP, Set.of("policy"));
        final Path policy = yaml.policy(top, path);
        final List<PolicyAssertion> assertions = top.containsKey("assertions")
            ? new AssertionParser(yaml).parse(top.get("assertions")) : List.of();
        if (!top.containsKey("cases") && assertions.isEmpty()) {
            throw yaml.error(top.get("policy"), "cases", "missing required field 'cases' (or 'assertions')");
        }
        final List<Node> items = top.containsKey("cases") ? yaml.list(top.get("cases"), "cases") : List.of();
        if (items.isEmpty() && assertions.isEmpty()) {
            throw yaml.error(top.get("cases"), "cases", "expected at least one case");
        }
        final List<PolicyTestCase> cases = new ArrayList<>();
        final Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            final PolicyTestCase c = testCase(items.get(i), "cases[" + i + ']');
            final Integer first = seen.putIfAbsent(c.name(), c.at().line());
            if (first != null) {
                throw new ScenarioException(c.at() + ": cases[" + i + "].name: duplicate case name '" + c.name()
                    + "'; first used at line " + first);
            }
            cases.add(c);
        }
        return new PolicyTestFile(path, policy, List.copyOf(cases), assertions);
    }

    private PolicyTestCase testCase(final Node node, final String field) throws ScenarioException {
        final Map<String, Node> m = yaml.fields(node, field, CASE, Set.of("name", "steps"));
        final String name = yaml.string(m.get("name"), field + ".name");
        final boolean skip = m.containsKey("skip") && yaml.bool(m.get("skip"), field + ".skip");
        final List<Node> items = yaml.list(m.get("steps"), field + ".steps");
        final List<Step> steps = new ArrayList<>();
        boolean expects = false;
        for (int i = 0; i < items.size(); i++) {
            final String f = field + ".steps[" + i + ']';
            final Step step = reader.step(items.get(i), f);
            expects |= expects(step, f);
            steps.add(step);
        }
        if (!expects) {
            throw yaml.error(m.get("steps"), field + ".steps",
                "case '" + name + "' checks nothing: give at least one step an 'expect'");
        }
        return new PolicyTestCase(yaml.at(node), name, skip, List.copyOf(steps));
    }

    /** @return whether the step checks a decision; an expect that would never be checked is an error. */
    private static boolean expects(final Step step, final String field) throws ScenarioException {
        if (step instanceof Step.Advance || step instanceof Step.Swap) {
            if (step.expect() != null) {
                throw new ScenarioException(step.at() + ": " + field + ".expect: " + (step instanceof Step.Swap
                    ? "a swap" : "an advance") + " takes no decision, so there is nothing to expect; remove 'expect'");
            }
            return false;
        }
        if (step instanceof Step.FanOut f) {
            if (step.expect() != null) {
                throw new ScenarioException(step.at() + ": " + field + ".expect: a fan_out takes one decision per"
                    + " child; put 'expect' on each child instead");
            }
            boolean any = false;
            for (final Step.Delegate child : f.children()) {
                any |= child.expect() != null;
            }
            return any;
        }
        return step.expect() != null;
    }
}
