package dev.baton.audit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ExplainText} and {@link DelegationDot} over the {@link AuditJournal} journal. */
class ExplainTextTest {
    @TempDir
    static Path shared;

    private static AuditJournal journal;
    private static GrantChain chain;

    @BeforeAll
    static void writeJournal() throws Exception {
        journal = AuditJournal.write(shared);
        chain = new GrantChain(AuditLog.read(journal.journal).entries());
    }

    private static String write(final Consumer<PrintWriter> writer) {
        final StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            writer.accept(out);
        }
        return text.toString();
    }

    @Test
    void shouldExplainADenialThroughItsChainToTheRuleAndPolicyLine() {
        final String text = write(out -> new ExplainText(out, chain).decision(chain.decision(4)));
        assertTrue(text.startsWith("decision 4: authorize by spiffe://acme.example/agent/crm-reader at "
            + DecisionEntry.instant(AuditJournal.START + 3_000)), text);
        assertTrue(text.contains("principal    user:alice@acme.example opened the task for purpose refund-dispute"),
            text);
        assertTrue(text.contains("reviewer     user:fay@finance.acme.example approved"), text);
        assertTrue(text.contains("hop 1        grant 2 held by spiffe://acme.example/agent/crm-reader, delegated by "
            + "spiffe://acme.example/agent/planner"), text);
        assertTrue(text.contains("DENY JUSTIFICATION_REQUIRED: the capability's tier requires a justification; "
            + "capability crm.lookup:read; data class customer_pii; rule tiers.sensitive at "), text);
    }

    @Test
    void shouldExplainAGrantWithItsLaterActionsAndRevocation() {
        final String text = write(out -> new ExplainText(out, chain).grant(journal.crm, chain.creation(journal.crm)));
        assertTrue(text.startsWith("grant 2: created by decision 2 (delegate)"), text);
        assertTrue(text.contains("later actions on grant 2: 4"), text);
        assertTrue(text.contains("revoked by   decision 9: revoke of grant 2 by spiffe://acme.example/agent/planner"),
            text);
    }

    @Test
    void shouldDrawTheTaskTreeWithTheExplainedPathInBlue() {
        final String dot = write(out -> DelegationDot.write(out, chain, chain.decision(5), journal.task));
        assertTrue(dot.startsWith("digraph baton {"), dot);
        assertTrue(dot.contains("principal [shape=ellipse, label=\"user:alice@acme.example\\nopened refund-dispute\"]"),
            dot);
        assertTrue(dot.contains("g1 -> g2 [label=\"decision 2 delegate\\nALLOW ALLOWED\"]"), dot);
        assertTrue(dot.contains("d5 [label=\"explained: delegate"), dot);
        assertTrue(dot.contains("DENY NEVER_LEAVE\", " + DelegationDot.TARGET + "]"), dot);
        assertFalse(dot.contains("DENY NEVER_LEAVE\", style=dashed, color=blue"), "not the chain's colour: " + dot);
        assertTrue(dot.contains("subgraph cluster_legend {"), dot);
        assertTrue(dot.contains("legend_revoked [label=\"grant REVOKED\", " + DelegationDot.REVOKED + "]"), dot);
    }

    @Test
    void shouldDrawRevokedGrantsGreyWithTheRevokingDecision() {
        final String dot = write(out -> DelegationDot.write(out, chain, null, journal.task));
        assertTrue(dot.matches("(?s).*  g2 \\[label=\"grant 2\\\\n[^\"]*\\\\nREVOKED by decision 9\", "
            + java.util.regex.Pattern.quote(DelegationDot.REVOKED) + "\\];.*"), dot);
        assertTrue(dot.contains("  r9 [label=\"decision 9 revoke\\nby spiffe://acme.example/agent/planner\\nALLOW ALLOWED\", "
            + DelegationDot.REVOKER + "];"), dot);
        assertTrue(dot.contains("  r9 -> g2 [label=\"revokes\", style=dotted, color=darkorange];"), dot);
        assertFalse(dot.matches("(?s).*  g1 \\[label=[^\\]]*REVOKED.*"), "the root grant is live: " + dot);
        assertEquals("}", dot.lines().reduce((a, b) -> b).orElseThrow());
    }
}
