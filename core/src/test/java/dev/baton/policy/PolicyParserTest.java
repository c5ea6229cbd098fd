package dev.baton.policy;

import static dev.baton.policy.PolicyTexts.BASE;
import static dev.baton.policy.PolicyTexts.repoRoot;
import static dev.baton.policy.PolicyTexts.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser on valid input: the example policies, defaults, raw scalars, wildcards and positions. */
class PolicyParserTest {

    private static Path example(final String name) {
        return repoRoot().resolve("src/policies").resolve(name);
    }

    private static <T> List<String> names(final List<T> items, final Function<T, NameRef> name) {
        return items.stream().map(name).map(NameRef::name).toList();
    }

    @Test
    void shouldParseRefundDisputeExample() throws Exception {
        final Path file = example("refund-dispute.yaml");
        final PolicyDocument p = PolicyParser.parse(file);

        assertEquals(file.toString(), p.file());
        assertEquals(Files.readString(file), p.text());
        assertEquals("2026-11-23.1", p.version().name());
        assertEquals(8, p.vocabulary().actions().size());
        assertEquals(9, p.vocabulary().tools().size());
        assertEquals(14, p.vocabulary().tools().stream().mapToInt(t -> t.actions().size()).sum());
        assertEquals(List.of("public", "internal", "customer_pii", "financial", "secrets"),
            names(p.vocabulary().dataClasses(), n -> n));
        assertEquals(List.of("acme.example", "partner.example"), names(p.vocabulary().trustDomains(), n -> n));
        assertEquals(List.of("planner", "crm-reader", "payments", "summariser", "kb-curator", "worker"),
            names(p.agents(), AgentRule::name));
        assertEquals(List.of("refund-dispute", "kb-maintenance"), names(p.purposes(), PurposeRule::name));
        assertEquals(List.of("customer_pii", "secrets", "financial"), names(p.neverLeave(), n -> n));
        assertEquals(1, p.external().size());
        assertEquals("partner.example", p.external().get(0).trustDomain().name());
        assertEquals(2, p.nonTransitive().capabilities().size());
        assertEquals(List.of("money-movement", "deletion", "external-sharing", "delegated-mail"),
            names(p.reviews(), ReviewRule::name));
        assertEquals(List.of("routine", "sensitive", "money"), names(p.tiers(), Tier::name));
        assertEquals(1, p.breakGlass().size());
        assertEquals(Durations.HOUR, p.defaultTtlMillis());

        final AgentRule planner = p.agents().get(0);
        assertEquals("spiffe://acme.example/agent/planner", planner.identity().pattern());
        assertEquals(List.of("crm-reader", "payments", "summariser"), names(planner.delegatesTo(), n -> n));
        assertEquals(2, planner.maxDepth());
        assertEquals(new CapabilityRef("crm.lookup", "*", planner.ceiling().capabilities().get(0).at()),
            planner.ceiling().capabilities().get(0));
        final AgentRule payments = p.agents().get(2);
        assertEquals(2, payments.maxDepth());
        assertEquals(List.of("crm-reader"), names(payments.delegatesTo(), n -> n));

        final ReviewRule sharing = p.reviews().get(2);
        assertTrue(sharing.externalOnly());
        assertEquals(10 * Durations.MINUTE, sharing.timeoutMillis());
        assertEquals(1, p.reviews().get(3).minDepth());
        assertFalse(p.tiers().get(0).requireJustification());
        assertEquals(5 * Durations.MINUTE, p.tiers().get(2).ttlMillis());
        final BreakGlassRule oncall = p.breakGlass().get(0);
        assertEquals(15 * Durations.MINUTE, oncall.maxTtlMillis());
        assertTrue(oncall.reasonRequired());
        assertNotNull(oncall.ceiling());

        final List<String> lines = Files.readAllLines(file);
        assertEquals(lines.indexOf("  planner:") + 1, planner.at().line());
        assertEquals(3, planner.at().column());
        for (final AgentRule a : p.agents()) {
            final IdentityPattern pattern = IdentityPattern.spiffe(a.identity().pattern());
            assertTrue(p.vocabulary().trustDomains().stream().anyMatch(d -> d.name().equals(pattern.trustDomain())));
        }
    }

    @Test
    void shouldParseMinimalExample() throws Exception {
        final PolicyDocument p = PolicyParser.parse(example("minimal.yaml"));
        assertEquals(1, p.vocabulary().tools().size());
        assertEquals(1, p.agents().size());
        assertEquals(1, p.purposes().size());
        assertTrue(p.reviews().isEmpty());
        assertTrue(p.tiers().isEmpty());
        assertTrue(p.breakGlass().isEmpty());
        assertTrue(p.external().isEmpty());
        assertTrue(p.neverLeave().isEmpty());
        assertTrue(p.nonTransitive().capabilities().isEmpty() && p.nonTransitive().data().isEmpty());
    }

    @Test
    void shouldApplyDefaults() throws Exception {
        final PolicyDocument p = PolicyParser.parse("t.yaml", BASE
            + "review:\n  r: {data: [public], timeout: 1m, reviewers: [\"user:a\"]}\n"
            + "tiers:\n  t: {ttl: 1m}\n"
            + "break_glass:\n  b: {who: [\"user:a\"], max_ttl: 1m}\n");
        final AgentRule worker = p.agents().get(1);
        assertEquals(0, worker.maxDepth());
        assertTrue(worker.delegatesTo().isEmpty());
        assertEquals(0, p.reviews().get(0).minDepth());
        assertFalse(p.reviews().get(0).externalOnly());
        assertFalse(p.tiers().get(0).requireJustification());
        assertTrue(p.tiers().get(0).members().capabilities().isEmpty());
        assertTrue(p.breakGlass().get(0).reasonRequired());
        assertNull(p.breakGlass().get(0).ceiling());
    }

    @Test
    void shouldReadAdministratorsAsPrincipalOrSpiffePatterns() throws Exception {
        assertTrue(PolicyParser.parse("t.yaml", BASE).administrators().isEmpty(), "administrators default to none");
        final PolicyDocument p = PolicyParser.parse("t.yaml", BASE
            + "administrators: [\"user:*@security.acme.example\", \"spiffe://acme.example/ops/**\"]\n");
        assertEquals(List.of("user:*@security.acme.example", "spiffe://acme.example/ops/**"),
            p.administrators().stream().map(PatternRef::pattern).toList());
        assertEquals(new SourceRef("t.yaml", 23, 18), p.administrators().get(0).at());
    }

    @Test
    void shouldKeepWildcardsAsWritten() throws Exception {
        final ScopeSpec ceiling = PolicyParser.parse("t.yaml", BASE).purposes().get(0).ceiling();
        assertEquals(CapabilityRef.ANY, ceiling.capabilities().get(0).tool());
        assertEquals(CapabilityRef.ANY, ceiling.capabilities().get(0).action());
        assertEquals("*", ceiling.data().get(0).name());
        assertEquals(new SourceRef("t.yaml", 21, 30), ceiling.capabilities().get(0).at());
    }

    @Test
    void shouldReadScalarsRawSoYaml11BooleansStayNames() throws Exception {
        final PolicyDocument p = PolicyParser.parse("t.yaml", with(4, "  data_classes: [public, internal, no, on, null2]")
            .replace("data: [public]}", "data: [no, on]}"));
        assertEquals(List.of("public", "internal", "no", "on", "null2"), names(p.vocabulary().dataClasses(), n -> n));
        assertEquals(List.of("no", "on"), names(p.agents().get(0).ceiling().data(), n -> n));
    }

    @Test
    void shouldAcceptAliasesAndForwardAgentReferences() throws Exception {
        final PolicyDocument p = PolicyParser.parse("t.yaml", with(11,
            "    ceiling: &c {capabilities: [\"crm.lookup:read\"], data: [public]}")
            .replace("    ceiling: {capabilities: [\"crm.lookup:read\"], data: [public]}", "    ceiling: *c"));
        assertEquals(p.agents().get(0).ceiling(), p.agents().get(1).ceiling());
        assertEquals("worker", p.agents().get(0).delegatesTo().get(0).name());
    }

    @Test
    void shouldReadFlowAndBlockStylesAlike() throws Exception {
        final PolicyDocument block = PolicyParser.parse("t.yaml", with(11,
            "    ceiling:\n      capabilities:\n        - \"crm.lookup:*\"\n      data:\n        - public"));
        final PolicyDocument flow = PolicyParser.parse("t.yaml", BASE);
        assertEquals(flow.agents().get(0).ceiling().capabilities().get(0).action(),
            block.agents().get(0).ceiling().capabilities().get(0).action());
        assertEquals(new SourceRef("t.yaml", 13, 11), block.agents().get(0).ceiling().capabilities().get(0).at());
    }

    @Test
    void shouldReportInvalidUtf8AsPolicyError(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("bad.yaml");
        Files.write(file, new byte[] {'v', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        final PolicyException ex = assertThrows(PolicyException.class, () -> PolicyParser.parse(file));
        assertEquals(1, ex.errors().size());
        assertTrue(ex.errors().get(0).message().contains("UTF-8"));
    }

    @Test
    void shouldPrintErrorsAsFileLineColumnFieldMessage() {
        final PolicyException ex = assertThrows(PolicyException.class,
            () -> PolicyParser.parse("p.yaml", with(13, "    max_depth: 99")));
        assertEquals("p.yaml:13:16: agents.planner.max_depth: out of range: expected an integer from 0 to 16, found 99",
            ex.getMessage());
        assertSame(ex.errors(), ex.errors());
    }
}
