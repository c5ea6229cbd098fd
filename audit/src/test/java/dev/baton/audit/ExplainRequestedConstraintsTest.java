package dev.baton.audit;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.ToolArguments;
import dev.baton.core.ManualClock;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournaledEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code explain} (text and DOT) prints the argument constraints each grant of a chain is held to, those its
 * requested scope asked for marked {@code (requested)}, beside the ceilings' with their rules; the export names
 * the constraints a delegation asked for.
 */
class ExplainRequestedConstraintsTest {
    @Test
    void shouldShowRequestedConstraintsInExplainDotAndExport(@TempDir final Path tmp) throws Exception {
        final Policy policy = Policy.load(Path.of(ExplainRequestedConstraintsTest.class
            .getResource("/policies/requested-constraints.yaml").toURI()));
        final Path dir = tmp.resolve("journal");
        try (JournaledEngine engine = JournaledEngine.start(EngineConfig.of(policy, dir).fsync(FsyncMode.NONE, 0)
            .clock(new ManualClock(1_800_000_000_000L)));
             DecisionSession s = engine.session()) {
            final Agent lead = engine.agent("spiffe://acme.example/agent/lead");
            final Agent worker = engine.agent("spiffe://acme.example/agent/worker-1");
            final Decision root = s.open(engine.principal("user:ana@acme.example"), policy.purpose("refund"), lead,
                policy.scope().capability("ledger.refund", "refund").data("financial").build());
            final long rootId = root.grantId();
            final Decision child = s.delegate(new GrantRef().id(rootId), lead, worker,
                policy.scope().capability("ledger.refund", "refund").data("financial")
                    .constrain("ledger.refund", "amount", "range", "0.00", "50.00")
                    .constrain("ledger.refund", "order", "exact", "ord-12345").build());
            assertEquals(Outcome.ALLOW, child.outcome(), child::toString);
            final Decision call = s.authorize(new GrantRef().id(child.grantId()), worker,
                policy.capability("ledger.refund", "refund"), policy.dataClass("financial"), null, null,
                new ToolArguments().decimal(policy.argument("ledger.refund", "amount"), 6_000, 2)
                    .string(policy.argument("ledger.refund", "order"), "ord-12345"));
            assertEquals("ARGUMENT_CONSTRAINT", call.reason().name(), call::toString);
        }
        final AuditLog log = AuditLog.read(dir);
        assertTrue(log.mismatches().isEmpty(), () -> log.mismatches().toString());
        final GrantChain chain = new GrantChain(log.entries());
        final DecisionEntry last = log.entries().get(log.entries().size() - 1);
        final StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            new ExplainText(out, chain).decision(last);
        }
        final String t = text.toString();
        assertTrue(t.contains("constraint   ledger.refund.amount range [0.00, 50.00] (requested)"), t);
        assertTrue(t.contains("constraint   ledger.refund.order exact 'ord-12345' (requested)"), t);
        assertTrue(t.contains("constraint   ledger.refund.amount range [0.00, 1000.00] "
            + "(agents.worker.ceiling.constraints.ledger.refund.amount)"), "the ceiling's, with its rule: " + t);
        assertTrue(t.contains("constraint   ledger.refund.order regex 'ord-[0-9]{4,8}' "
            + "(agents.lead.ceiling.constraints.ledger.refund.order)"), "the root's ceiling: " + t);

        final StringWriter dot = new StringWriter();
        try (PrintWriter out = new PrintWriter(dot)) {
            DelegationDot.write(out, chain, last, chain.root(last.usedGrant()));
        }
        assertTrue(dot.toString().contains("\\nledger.refund.amount range [0.00, 50.00] (requested)"),
            "the DOT labels the grant with its requested constraint: " + dot);

        final List<String> lines = new ArrayList<>();
        new JsonLinesExport(dir, java.util.Map.of(), false).write(lines::add);
        assertTrue(lines.stream().anyMatch(l -> l.contains("child 0 requested ledger.refund.amount range [0.00, 50.00]"
            + " and ledger.refund.order exact 'ord-12345'")), "the export names what the delegation asked for: " + lines);
    }
}
