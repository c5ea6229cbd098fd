package dev.baton.audit;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
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
 * {@code explain} lists who approved an M-of-N review from named reviewer classes, under which class and when,
 * and the approval of a class the rule does not name as refused.
 */
class ExplainReviewerClassesTest {
    private static final String POLICY = String.join("\n",
        "version: \"explain-classes\"",
        "vocabulary:",
        "  actions: [refund]",
        "  data_classes: [financial]",
        "  trust_domains: [acme.example]",
        "  tools:",
        "    ledger.refund: [refund]",
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
        "reviewer_classes:",
        "  finance: [\"user:*@finance.acme.example\"]",
        "  security: [\"user:*@security.acme.example\"]",
        "  leads: [\"user:*@leads.acme.example\"]",
        "review:",
        "  four-eyes:",
        "    capabilities: [\"ledger.refund:refund\"]",
        "    min_depth: 1",
        "    timeout: 10m",
        "    reviewers: [\"user:*@finance.acme.example\", \"user:*@security.acme.example\", \"user:*@leads.acme.example\"]",
        "    approvals: {required: 2, from: [finance, security]}",
        "default_ttl: 1h") + "\n";

    @Test
    void shouldListWhoApprovedUnderWhichClassAndWhen(@TempDir final Path tmp) throws Exception {
        final Path file = tmp.resolve("classes.yaml");
        Files.writeString(file, POLICY);
        final Path dir = tmp.resolve("journal");
        final Policy policy = Policy.load(file);
        final ManualClock clock = new ManualClock(1_800_000_000_000L);
        final long pending;
        try (JournaledEngine engine = JournaledEngine.start(EngineConfig.of(policy, dir).fsync(FsyncMode.NONE, 0)
            .clock(clock));
             DecisionSession s = engine.session()) {
            final Agent lead = engine.agent("spiffe://acme.example/agent/lead");
            final Decision root = s.open(engine.principal("user:eve@acme.example"), policy.purpose("refunds"), lead,
                policy.scope().capability("ledger.refund", "refund").data("financial").build());
            final Decision child = s.delegate(new GrantRef().id(root.grantId()), lead,
                engine.agent("spiffe://acme.example/agent/payer"),
                policy.scope().capability("ledger.refund", "refund").data("financial").build());
            pending = child.grantId();
            final GrantRef ref = new GrantRef().id(pending);
            clock.advance(1_000);
            s.review(ref, engine.principal("user:lee@leads.acme.example"), true);
            s.review(ref, engine.principal("user:ana@finance.acme.example"), true);
            clock.advance(1_000);
            assertEquals(Outcome.ALLOW, s.review(ref, engine.principal("user:sam@security.acme.example"), true).outcome());
        }
        final AuditLog log = AuditLog.read(dir);
        assertTrue(log.mismatches().isEmpty(), () -> log.mismatches().toString());
        final GrantChain chain = new GrantChain(log.entries());
        final StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            new ExplainText(out, chain).grant(pending, chain.decision(1));
        }
        final String t = text.toString();
        assertTrue(t.contains("reviewer     user:lee@leads.acme.example was refused (REVIEWER_CLASS_NOT_NAMED) at"), t);
        assertTrue(t.contains("reviewer     user:ana@finance.acme.example (class finance) approved (recorded; the rule "
            + "needs more distinct approvals) at 2027-01-15T08:00:01Z"), t);
        assertTrue(t.contains("reviewer     user:sam@security.acme.example (class security) approved at "
            + "2027-01-15T08:00:02Z"), t);
    }
}
