package dev.baton.audit;

import dev.baton.Agent;
import dev.baton.Argument;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.ToolArguments;
import dev.baton.core.ManualClock;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournaledEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code explain} shows what policy language 2 adds to a decision: a call's typed arguments as journaled,
 * the budgets of the grant after it (limit, spent, set aside, left), and each approval of an M-of-N review
 * with who and when; the DOT labels each grant with its budget, and the export carries each request's
 * arguments and slices.
 */
class ExplainBudgetsTest {
    private static final String POLICY = String.join("\n",
        "version: \"explain-budgets\"",
        "vocabulary:",
        "  actions: [refund]",
        "  data_classes: [financial]",
        "  trust_domains: [acme.example]",
        "  tools:",
        "    ledger.refund: [refund]",
        "  arguments:",
        "    ledger.refund:",
        "      amount: {type: decimal, scale: 2}",
        "  budgets:",
        "    refund-total: {tool: ledger.refund, argument: amount}",
        "agents:",
        "  lead:",
        "    identity: spiffe://acme.example/agent/lead",
        "    ceiling: {capabilities: [\"ledger.refund:refund\"], data: [financial]}",
        "    delegates_to: [payer]",
        "    max_depth: 1",
        "  payer:",
        "    identity: spiffe://acme.example/agent/payer",
        "    ceiling: {capabilities: [\"ledger.refund:refund\"], data: [financial]}",
        "purposes:",
        "  refunds:",
        "    opened_by: [\"user:*@acme.example\"]",
        "    entry_agents: [lead]",
        "    ceiling: {capabilities: [\"*\"], data: [financial]}",
        "    budgets: {refund-total: \"1000.00\"}",
        "review:",
        "  four-eyes:",
        "    capabilities: [\"ledger.refund:refund\"]",
        "    min_depth: 1",
        "    timeout: 10m",
        "    reviewers: [\"user:*@finance.acme.example\"]",
        "    approvals: 2",
        "default_ttl: 1h") + "\n";

    @Test
    void shouldShowArgumentsBudgetsAndApprovals(@TempDir final Path tmp) throws Exception {
        final Path file = tmp.resolve("budgets.yaml");
        Files.writeString(file, POLICY);
        final Path dir = tmp.resolve("journal");
        final Policy policy = Policy.load(file);
        final long spendId;
        try (JournaledEngine engine = JournaledEngine.start(EngineConfig.of(policy, dir).fsync(FsyncMode.NONE, 0)
            .clock(new ManualClock(1_800_000_000_000L)));
             DecisionSession s = engine.session()) {
            final Agent lead = engine.agent("spiffe://acme.example/agent/lead");
            final Agent payer = engine.agent("spiffe://acme.example/agent/payer");
            final Principal ana = engine.principal("user:ana@finance.acme.example");
            final Principal bob = engine.principal("user:bob@finance.acme.example");
            final Decision root = s.open(engine.principal("user:eve@acme.example"), policy.purpose("refunds"), lead,
                policy.scope().capability("ledger.refund", "refund").data("financial").build());
            final long rootId = root.grantId(); // the session's decision is refilled by its next call
            final Decision child = s.delegate(new GrantRef().id(rootId), lead, payer,
                policy.scope().capability("ledger.refund", "refund").data("financial").budget("refund-total", "300.00")
                    .build());
            assertEquals(Outcome.REVIEW, child.outcome(), child::toString);
            final GrantRef ref = new GrantRef().id(child.grantId());
            s.review(ref, ana, true);
            assertEquals(Outcome.ALLOW, s.review(ref, bob, true).outcome());
            final Argument amount = policy.argument("ledger.refund", "amount");
            final Decision spend = s.authorize(ref, payer, policy.capability("ledger.refund", "refund"),
                policy.dataClass("financial"), null, null, new ToolArguments().decimal(amount, 12_550, 2));
            assertEquals(Outcome.ALLOW, spend.outcome(), spend::toString);
            spendId = spend.grantId();
            final Decision refused = s.delegate(new GrantRef().id(rootId), lead, lead,
                policy.scope().capability("ledger.refund", "refund").data("financial").budget("refund-total", "2000.00")
                    .build());
            assertEquals("NO_DELEGATION_EDGE", refused.reason().name(), refused::toString);
            final Decision over = s.authorize(ref, payer, policy.capability("ledger.refund", "refund"),
                policy.dataClass("financial"), null, null, new ToolArguments());
            assertEquals("ARGUMENT_INVALID", over.reason().name(), "a counted call without its amount: " + over);
        }
        final AuditLog log = AuditLog.read(dir);
        assertTrue(log.mismatches().isEmpty(), () -> log.mismatches().toString());
        final GrantChain chain = new GrantChain(log.entries());
        final DecisionEntry call = log.entries().get(log.entries().size() - 1);
        assertEquals(java.util.List.of("ARGUMENT_INVALID, rule vocabulary.budgets.refund-total at " + file + ":12:5"),
            call.denials(), "one refusing check: the budget's missing amount");
        final DecisionEntry refusal = log.entries().get(log.entries().size() - 2);
        final StringWriter why = new StringWriter();
        try (PrintWriter out = new PrintWriter(why)) {
            new ExplainText(out, new GrantChain(log.entries())).decision(refusal);
        }
        assertTrue(why.toString().contains("every step that refuses it (the first is the reason)\n  NO_DELEGATION_EDGE"),
            why.toString());
        assertTrue(why.toString().contains("  BUDGET_EXCEEDED, rule purposes.refunds.budgets.refund-total at "), why.toString());
        final DecisionEntry last = log.entries().get(log.entries().size() - 3);
        assertEquals(spendId, last.usedGrant());
        final StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            new ExplainText(out, chain).decision(last);
        }
        final String t = text.toString();
        assertTrue(t.contains("arguments    amount=125.50"), t);
        assertTrue(t.contains("budget after refund-total: 174.50 left of 300.00, spent 125.50, set aside 0.00"), t);
        assertTrue(t.contains("budget       refund-total: 1000.00 left of 1000.00, spent 0.00, set aside 0.00 (when issued)"),
            t);
        assertTrue(t.contains("budget       refund-total: 300.00 left of 300.00, spent 0.00, set aside 0.00 (when issued)"),
            "the child's slice: " + t);
        assertTrue(t.contains("reviewer     user:ana@finance.acme.example approved (recorded; the rule needs more"), t);
        assertTrue(t.contains("reviewer     user:bob@finance.acme.example approved at"), t);

        final StringWriter dot = new StringWriter();
        try (PrintWriter out = new PrintWriter(dot)) {
            DelegationDot.write(out, chain, last, chain.root(spendId));
        }
        assertTrue(dot.toString().contains("refund-total: 300.00 left of 300.00"), "the DOT labels the slice: " + dot);

        final java.util.List<String> lines = new java.util.ArrayList<>();
        new JsonLinesExport(dir, java.util.Map.of(), false).write(lines::add);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"arguments\":\"amount=125.50\"")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"arguments\":\"child 0 slice refund-total=300.00\"")),
            "the export names the slice a delegation asked for: " + lines);
    }
}
