package dev.baton.policy;

import static dev.baton.policy.PolicyTexts.BASE;
import static dev.baton.policy.PolicyTexts.check;
import static dev.baton.policy.PolicyTexts.errors;
import static dev.baton.policy.PolicyTexts.has;
import static dev.baton.policy.PolicyTexts.plus;
import static dev.baton.policy.PolicyTexts.single;
import static dev.baton.policy.PolicyTexts.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** One test per error class of the parser, each pinning line, column, field path and message. */
class PolicyErrorsTest {

    @Test
    void shouldReportYamlSyntaxErrorAtItsMark() {
        single(with(13, "    max_depth: [1"), 14, 9, "", "YAML syntax error");
    }

    @Test
    void shouldExplainThatABareStarIsAnAlias() {
        single(with(11, "    ceiling: {capabilities: [*], data: [public]}"), 11, 31, "", "quote wildcards");
    }

    @Test
    void shouldRejectMoreThanOneDocument() {
        single(BASE + "---\nversion: x\n", 23, 1, "", "YAML syntax error");
    }

    @Test
    void shouldRejectTopLevelThatIsNotAMapping() {
        single("- a\n- b\n", 1, 1, "", "expected a mapping at the top level, found a list");
        single("", 1, 1, "", "found an empty document");
        single("# only a comment\n", 1, 1, "", "found an empty document");
    }

    @Test
    void shouldRejectUnknownField() {
        final PolicyError e = single(with(12, "    delegate_to: [worker]"), 12, 5, "agents.planner.delegate_to",
            "unknown field 'delegate_to'");
        assertEquals("unknown field 'delegate_to'; expected one of: identity, ceiling, delegates_to, max_depth",
            e.message());
        single(plus("defaults: {}"), 23, 1, "defaults", "expected one of: version, vocabulary, agents");
    }

    @Test
    void shouldRejectMergeKeys() {
        single(plus("review:", "  r: {<<: {timeout: 1m}, data: [public], timeout: 1m, reviewers: [\"user:a\"]}"),
            24, 7, "review.r.<<", "unknown field '<<'");
    }

    @Test
    void shouldReportMissingRequiredField() {
        single(with(10, null), 10, 5, "agents.planner.identity", "missing required field 'identity'");
        single(with(22, null), 1, 1, "default_ttl", "missing required field 'default_ttl'");
    }

    @Test
    void shouldRejectWrongNodeTypes() {
        final String text = with(1, "version: [1]")
            .replace("    ceiling: {capabilities: [\"crm.lookup:*\"], data: [public]}", "    ceiling: [crm.lookup]")
            .replace("delegates_to: [worker]", "delegates_to: worker")
            .replace("max_depth: 1", "max_depth: three")
            .replace("default_ttl: 1h", "default_ttl: soon")
            + "review:\n  r:\n    capabilities: [\"crm.lookup:write\"]\n    external_only: no\n    timeout: 15m\n"
            + "    reviewers: [\"user:*@acme.example\"]\n";
        final List<PolicyError> errors = errors(text);
        has(errors, 1, 10, "version", "expected a string, found a list");
        has(errors, 11, 14, "agents.planner.ceiling", "expected a mapping, found a list");
        has(errors, 12, 19, "agents.planner.delegates_to", "expected a list, found 'worker'");
        has(errors, 13, 16, "agents.planner.max_depth", "expected an integer from 0 to 16, found 'three'");
        has(errors, 22, 14, "default_ttl", "expected a duration");
        has(errors, 26, 20, "review.r.external_only", "expected a boolean (true or false), found 'no'");
        assertEquals(6, errors.size(), PolicyTexts.render(errors));
    }

    @Test
    void shouldRejectEmptyValueWhereAListIsExpected() {
        single(with(12, "    delegates_to:"), 12, 18, "agents.planner.delegates_to", "expected a list, found an empty value");
    }

    @Test
    void shouldRejectDuplicateYamlKeyNamingTheFirstLine() {
        single(with(13, "    identity: spiffe://acme.example/agent/other"), 13, 5, "agents.planner.identity",
            "duplicate key 'identity'; first defined at line 10");
        final List<PolicyError> errors = errors(with(14, "  planner:"));
        has(errors, 14, 3, "agents.planner", "duplicate key 'planner'; first defined at line 9");
    }

    @Test
    void shouldRejectDuplicateEntriesInNameLists() {
        single(with(3, "  actions: [read, write, read]"), 3, 26, "vocabulary.actions[2]",
            "duplicate action 'read'; first listed at line 3");
        single(with(7, "    crm.lookup: [read, read]"), 7, 24, "vocabulary.tools.crm.lookup[1]",
            "duplicate action 'read'");
        single(with(5, "  trust_domains: [acme.example, acme.example]"), 5, 33, "vocabulary.trust_domains[1]",
            "duplicate trust domain 'acme.example'");
        single(with(12, "    delegates_to: [worker, worker]"), 12, 28, "agents.planner.delegates_to[1]",
            "duplicate agent 'worker'");
    }

    @Test
    void shouldRejectADataClassDeclaredTwice() {
        single(with(4, "  data_classes:\n    - public\n    - internal\n    - public"), 7, 7,
            "vocabulary.data_classes[2]", "duplicate data class 'public'; first listed at line 5");
    }

    @Test
    void shouldRejectUnknownActionInATool() {
        single(with(7, "    crm.lookup: [read, send]"), 7, 24, "vocabulary.tools.crm.lookup[1]",
            "unknown action 'send'; declared actions: read, write");
    }

    @Test
    void shouldRejectUnknownTool() {
        single(with(11, "    ceiling: {capabilities: [\"crm.find:read\"], data: [public]}"), 11, 30,
            "agents.planner.ceiling.capabilities[0]", "unknown tool 'crm.find'; declared tools: crm.lookup");
    }

    @Test
    void shouldRejectAnActionTheToolDoesNotOffer() {
        single(with(3, "  actions: [read, write, send]")
                .replace("[\"crm.lookup:*\"]", "[\"crm.lookup:send\"]"), 11, 30,
            "agents.planner.ceiling.capabilities[0]", "tool 'crm.lookup' does not offer action 'send'; it offers: read, write");
        single(with(11, "    ceiling: {capabilities: [\"crm.lookup:fly\"], data: [public]}"), 11, 30,
            "agents.planner.ceiling.capabilities[0]", "unknown action 'fly'");
    }

    @Test
    void shouldRejectMalformedCapability() {
        single(with(11, "    ceiling: {capabilities: [\"crm.lookup\"], data: [public]}"), 11, 30,
            "agents.planner.ceiling.capabilities[0]", "expected a capability: tool:action, tool:*, family.*:action");
        single(with(11, "    ceiling: {capabilities: [\"*:*\"], data: [public]}"), 11, 30,
            "agents.planner.ceiling.capabilities[0]", "expected a capability");
    }

    @Test
    void shouldRejectUnknownDataClass() {
        single(with(11, "    ceiling: {capabilities: [\"crm.lookup:*\"], data: [pii]}"), 11, 54,
            "agents.planner.ceiling.data[0]", "unknown data class 'pii'; declared data classes: public, internal");
        single(plus("never_leave: [secrets]"), 23, 15, "never_leave[0]", "unknown data class 'secrets'");
    }

    @Test
    void shouldRejectUnknownTrustDomainInIdentity() {
        single(with(10, "    identity: spiffe://evil.example/agent/planner"), 10, 15, "agents.planner.identity",
            "unknown trust domain 'evil.example'; declared trust domains: acme.example, partner.example");
    }

    @Test
    void shouldRejectExternalLimitForUndeclaredDomain() {
        single(plus("external:", "  evil.example: {data: [public]}"), 24, 3, "external.evil.example",
            "unknown trust domain 'evil.example'");
    }

    @Test
    void shouldRejectUnknownAgentNames() {
        single(with(12, "    delegates_to: [wrker]"), 12, 20, "agents.planner.delegates_to[0]",
            "unknown agent 'wrker'; declared agents: planner, worker");
        single(with(20, "    entry_agents: [plannr]"), 20, 20, "purposes.p.entry_agents[0]", "unknown agent 'plannr'");
    }

    @Test
    void shouldRejectMalformedSpiffePatterns() {
        single(with(15, "    identity: spiffe://acme.example/worker/a**"), 15, 15, "agents.worker.identity",
            "'**' must be a whole segment");
        single(with(15, "    identity: spiffe://*.example/worker"), 15, 15, "agents.worker.identity",
            "the trust domain must be literal");
        single(with(15, "    identity: https://acme.example/worker"), 15, 15, "agents.worker.identity",
            "expected spiffe://<trust-domain>/<path>");
        single(with(15, "    identity: spiffe://acme.example"), 15, 15, "agents.worker.identity",
            "at least one path segment");
        single(with(15, "    identity: spiffe://acme.example/**/**"), 15, 15, "agents.worker.identity",
            "'**' must not follow another '**'");
        single(with(15, "    identity: spiffe://acme.example/a//b"), 15, 15, "agents.worker.identity",
            "empty path segments");
    }

    @Test
    void shouldRejectMalformedPrincipalPatterns() {
        single(with(19, "    opened_by: [\"alice@acme.example\"]"), 19, 17, "purposes.p.opened_by[0]",
            "bad principal pattern 'alice@acme.example': expected kind:rest");
        single(with(19, "    opened_by: [\"user:alice smith\"]"), 19, 17, "purposes.p.opened_by[0]",
            "whitespace is not allowed");
        single(with(19, "    opened_by: [\"\"]"), 19, 17, "purposes.p.opened_by[0]", "found an empty string");
        single(with(19, "    opened_by: []"), 19, 16, "purposes.p.opened_by", "expected at least one principal pattern");
    }

    @Test
    void shouldRejectMalformedAdministratorPatterns() {
        single(plus("administrators: [\"alice@acme.example\"]"), 23, 18, "administrators[0]",
            "bad principal pattern 'alice@acme.example': expected kind:rest");
        single(plus("administrators: [\"spiffe://acme.example/ops//x\"]"), 23, 18, "administrators[0]",
            "bad SPIFFE pattern 'spiffe://acme.example/ops//x': expected spiffe://<trust-domain>/<path>; empty path");
        single(plus("administrators: [\"spiffe://evil.example/ops\"]"), 23, 18, "administrators[0]",
            "unknown trust domain 'evil.example'");
        single(plus("administrators: [\"user:a\", \"user:a\"]"), 23, 28, "administrators[1]", "duplicate pattern");
        single(plus("administrators: []"), 23, 17, "administrators", "expected at least one identity pattern");
        single(plus("administrators: \"user:a\""), 23, 17, "administrators", "expected a list");
    }

    @Test
    void shouldRejectOutOfRangeNumbers() {
        single(with(13, "    max_depth: 17"), 13, 16, "agents.planner.max_depth",
            "out of range: expected an integer from 0 to 16, found 17");
        single(with(13, "    max_depth: -1"), 13, 16, "agents.planner.max_depth", "found -1");
        single(with(22, "default_ttl: 31d"), 22, 14, "default_ttl",
            "out of range: expected a duration from 1s to 30d, found 31d");
        single(with(22, "default_ttl: 500ms"), 22, 14, "default_ttl", "from 1s to 30d");
        final List<PolicyError> errors = errors(plus(
            "review:",                                                                          // 23
            "  r: {data: [public], min_depth: 17, timeout: 8d, reviewers: [\"user:a\"]}",      // 24
            "tiers:",                                                                           // 25
            "  t: {ttl: 31d}",                                                                  // 26
            "break_glass:",                                                                     // 27
            "  b: {who: [\"user:a\"], max_ttl: 2d}"));                                          // 28
        has(errors, 24, 34, "review.r.min_depth", "expected an integer from 0 to 16, found 17");
        has(errors, 24, 47, "review.r.timeout", "expected a duration from 1s to 7d, found 8d");
        has(errors, 26, 12, "tiers.t.ttl", "from 1s to 30d, found 31d");
        has(errors, 28, 33, "break_glass.b.max_ttl", "from 1s to 1d, found 2d");
        assertEquals(4, errors.size(), PolicyTexts.render(errors));
    }

    @Test
    void shouldRejectEmptyIdentity() {
        single(with(10, "    identity: \"\""), 10, 15, "agents.planner.identity", "empty identity");
    }

    @Test
    void shouldRejectReviewRuleWithEmptyTrigger() {
        single(plus("review:", "  idle:", "    capabilities: []", "    timeout: 1m", "    reviewers: [\"user:a\"]"),
            24, 3, "review.idle", "empty trigger");
    }

    @Test
    void shouldRejectEmptyAndMalformedNames() {
        single(with(3, "  actions: [read, write, \"\"]"), 3, 26, "vocabulary.actions[2]",
            "expected an action name, found an empty string");
        final List<PolicyError> errors = errors(with(14, "  _worker:").replace("[worker]", "[_worker]"));
        has(errors, 12, 20, "agents.planner.delegates_to[0]", "bad agent name '_worker'; expected [A-Za-z0-9]");
        has(errors, 14, 3, "agents._worker", "bad agent name '_worker'");
        assertEquals(2, errors.size(), PolicyTexts.render(errors));
        single(with(5, "  trust_domains: [acme.example, Partner.example]"), 5, 33, "vocabulary.trust_domains[1]",
            "bad trust domain name 'Partner.example'");
    }

    @Test
    void shouldRejectTooManyDataClasses() {
        final StringBuilder list = new StringBuilder("  data_classes: [public, internal");
        for (int i = 2; i < 65; i++) {
            list.append(", d").append(i);
        }
        final String line = list.append(']').toString();
        single(with(4, line), 4, line.indexOf("d64") + 1, "vocabulary.data_classes", "too many data classes: at most 64");
    }

    @Test
    void shouldRejectTooManyCapabilities() {
        final StringBuilder tools = new StringBuilder("    crm.lookup: [read, write]");
        for (int i = 0; i < 4095; i++) {
            tools.append("\n    t").append(i).append(": [read]");
        }
        // crm.lookup holds 2 capabilities, so t4094 holds the 4097th, on line 8 + 4094.
        single(with(7, tools.toString()), 8 + 4094, "    t4094: [".length() + 1, "vocabulary.tools.t4094[0]",
            "too many capabilities: at most 4096");
    }

    @Test
    void shouldRejectTooManyRules() {
        for (final String section : List.of("review", "tiers", "break_glass")) {
            final StringBuilder sb = new StringBuilder(section).append(':');
            for (int i = 0; i < 65; i++) {
                sb.append("\n  r").append(i).append(": ").append(switch (section) {
                    case "review" -> "{data: [public], timeout: 1m, reviewers: [\"user:a\"]}";
                    case "tiers" -> "{ttl: 1m}";
                    default -> "{who: [\"user:a\"], max_ttl: 1m}";
                });
            }
            final PolicyError e = single(plus(sb.toString()), 23 + 65, 3, section + ".r64", "at most 64");
            assertTrue(e.message().startsWith("too many "), e::toString);
        }
    }

    @Test
    void shouldReportAllErrorsTogetherSortedByPosition() {
        final String text = with(22, "default_ttl: 45d")
            .replace("delegates_to: [worker]", "delegate_to: [worker]")
            .replace("data_classes: [public, internal]", "data_classes: [public, internal, public]")
            .replace("entry_agents: [planner]", "entry_agents: [nobody]");
        final List<PolicyError> errors = errors(text);
        assertEquals(4, errors.size(), PolicyTexts.render(errors));
        check(errors.get(0), 4, 36, "vocabulary.data_classes[2]", "duplicate data class 'public'");
        check(errors.get(1), 12, 5, "agents.planner.delegate_to", "unknown field");
        check(errors.get(2), 20, 20, "purposes.p.entry_agents[0]", "unknown agent 'nobody'");
        check(errors.get(3), 22, 14, "default_ttl", "out of range");
    }

    @Test
    void shouldLimitAliases() {
        final StringBuilder sb = new StringBuilder(BASE).append("tiers:\n  t0: &m {ttl: 1m}\n");
        for (int i = 1; i < 13; i++) {
            sb.append("  t").append(i).append(": *m\n");
        }
        final PolicyError e = single(sb.toString(), 1, 1, "", "YAML error");
        assertTrue(e.message().contains("aliases"), e::toString);
    }
}
