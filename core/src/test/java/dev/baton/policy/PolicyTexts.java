package dev.baton.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A small valid policy to mutate line by line, and assertions on the errors it then yields. */
final class PolicyTexts {
    /** Line numbers below are 1-based and referenced by the tests. */
    static final String BASE = String.join("\n",
        "version: \"t\"",                                                        // 1
        "vocabulary:",                                                           // 2
        "  actions: [read, write]",                                              // 3
        "  data_classes: [public, internal]",                                    // 4
        "  trust_domains: [acme.example, partner.example]",                      // 5
        "  tools:",                                                              // 6
        "    crm.lookup: [read, write]",                                         // 7
        "agents:",                                                               // 8
        "  planner:",                                                            // 9
        "    identity: spiffe://acme.example/agent/planner",                     // 10
        "    ceiling: {capabilities: [\"crm.lookup:*\"], data: [public]}",       // 11
        "    delegates_to: [worker]",                                            // 12
        "    max_depth: 1",                                                      // 13
        "  worker:",                                                             // 14
        "    identity: spiffe://acme.example/worker/**",                         // 15
        "    ceiling: {capabilities: [\"crm.lookup:read\"], data: [public]}",    // 16
        "purposes:",                                                             // 17
        "  p:",                                                                  // 18
        "    opened_by: [\"user:*@acme.example\"]",                              // 19
        "    entry_agents: [planner]",                                           // 20
        "    ceiling: {capabilities: [\"*\"], data: [\"*\"]}",                   // 21
        "default_ttl: 1h") + "\n";                                               // 22

    private PolicyTexts() {
    }

    /** BASE with 1-based line {@code line} replaced by {@code replacement} (which may span lines, or be null to delete). */
    static String with(final int line, final String replacement) {
        final List<String> lines = new ArrayList<>(Arrays.asList(BASE.split("\n", -1)));
        if (replacement == null) {
            lines.remove(line - 1);
        } else {
            lines.set(line - 1, replacement);
        }
        return String.join("\n", lines);
    }

    /** BASE followed by {@code extra} lines (line 23 onwards). */
    static String plus(final String... extra) {
        return BASE + String.join("\n", extra) + "\n";
    }

    static List<PolicyError> errors(final String text) {
        final PolicyException ex = assertThrows(PolicyException.class, () -> PolicyParser.parse("t.yaml", text));
        assertTrue(!ex.errors().isEmpty(), "a PolicyException carries at least one error");
        return ex.errors();
    }

    /** Asserts the text yields exactly one error, at the given place, whose message contains the fragment. */
    static PolicyError single(final String text, final int line, final int column, final String field,
                              final String fragment) {
        final List<PolicyError> errors = errors(text);
        assertEquals(1, errors.size(), () -> "expected one error, got:\n" + render(errors));
        return check(errors.get(0), line, column, field, fragment);
    }

    /** Asserts one of the errors is at the given place with the fragment. */
    static PolicyError has(final List<PolicyError> errors, final int line, final int column, final String field,
                           final String fragment) {
        for (final PolicyError e : errors) {
            if (e.line() == line && e.column() == column && e.field().equals(field)
                && e.message().contains(fragment)) {
                return e;
            }
        }
        throw new AssertionError("no error " + line + ':' + column + ' ' + field + " ~ '" + fragment + "' in:\n"
            + render(errors));
    }

    static PolicyError check(final PolicyError e, final int line, final int column, final String field,
                             final String fragment) {
        assertEquals("t.yaml", e.file(), e::toString);
        assertEquals(line, e.line(), e::toString);
        assertEquals(column, e.column(), e::toString);
        assertEquals(field, e.field(), e::toString);
        assertTrue(e.message().contains(fragment), () -> e + " does not contain '" + fragment + "'");
        return e;
    }

    static String render(final List<PolicyError> errors) {
        final StringBuilder sb = new StringBuilder();
        for (final PolicyError e : errors) {
            sb.append(e).append('\n');
        }
        return sb.toString();
    }

    /** The repository root: system property {@code baton.repo.root}, else the nearest ancestor holding docs/. */
    static Path repoRoot() {
        final String prop = System.getProperty("baton.repo.root");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop, "docs"))) {
            return Path.of(prop);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("docs")) && Files.isDirectory(dir.resolve("engine"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the repository root (no docs/ above " + Path.of("").toAbsolutePath() + ")");
    }
}
