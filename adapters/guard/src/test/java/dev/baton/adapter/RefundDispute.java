package dev.baton.adapter;

import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.DelegationEngine;
import dev.baton.GrantRef;
import dev.baton.Policy;
import dev.baton.Scope;
import dev.baton.codec.KeyRing;
import dev.baton.core.ManualClock;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Test fixture shared by the adapters' tests: an in-memory engine with a key ring on the example policy
 * (src/policies/refund-dispute.yaml), a task opened by alice for the planner, and the tool mapping the
 * adapters' tests and examples use.
 */
public final class RefundDispute implements AutoCloseable {
    public static final String ALICE = "user:alice@acme.example";
    public static final String PLANNER = "spiffe://acme.example/agent/planner";
    public static final String CRM_READER = "spiffe://acme.example/agent/crm-reader";
    public static final String PAYMENTS = "spiffe://acme.example/agent/payments";
    public static final String SUMMARISER = "spiffe://partner.example/mcp/summariser";

    public final Policy policy;
    public final ManualClock clock = new ManualClock(1_800_000_000_000L);
    public final DelegationEngine engine;
    public final DecisionSession session;

    public RefundDispute() throws Exception {
        policy = Policy.load(repoRoot().resolve("src/policies/refund-dispute.yaml"));
        final byte[] secret = Arrays.copyOf("adapter-tests-secret-not-for-production".getBytes(StandardCharsets.UTF_8), 32);
        engine = DelegationEngine.inMemory(policy, clock, new KeyRing(0, 1, secret));
        session = engine.session();
    }

    /** The tools every adapter test maps: names as a framework would call them. */
    public static ToolMapping tools() {
        return ToolMapping.builder()
            .tool("lookup_customer", ToolBinding.capability("crm.lookup", "read").data("customer_pii")
                .justifiedBy("reason"))
            .tool("send_mail", ToolBinding.capability("mail.send", "send").data("internal").justifiedBy("reason"))
            .tool("summarize_doc", ToolBinding.capability("doc.summarize", "summarize").data("public"))
            .tool("refund", ToolBinding.capability("ledger.refund", "refund").data("financial").justifiedBy("reason"))
            .build();
    }

    /** Opens a refund-dispute task for the planner with lookups, mail and summaries. */
    public Decision openTask() {
        final Scope scope = policy.scope().capability("crm.lookup", "read").capability("mail.send", "send")
            .capability("doc.summarize", "summarize").data("customer_pii").data("internal").data("public").build();
        return session.open(engine.principal(ALICE), policy.purpose("refund-dispute"), engine.agent(PLANNER), scope)
            .copy();
    }

    /** The planner hands the CRM reader customer lookups (no mail). */
    public Decision delegateToCrmReader(final Decision root) {
        final Scope scope = policy.scope().capability("crm.lookup", "read").data("customer_pii").build();
        return session.delegate(GrantRef.of(root), engine.agent(PLANNER), engine.agent(CRM_READER), scope).copy();
    }

    /** The planner hands the partner's summariser public summaries. */
    public Decision delegateToSummariser(final Decision root) {
        final Scope scope = policy.scope().capability("doc.summarize", "summarize").data("public").build();
        return session.delegate(GrantRef.of(root), engine.agent(PLANNER), engine.agent(SUMMARISER), scope).copy();
    }

    /** Closes the task as alice. */
    public Decision close(final Decision root) {
        return session.close(GrantRef.ofId(root.grantId()), engine.principal(ALICE)).copy();
    }

    public static Path repoRoot() {
        final String prop = System.getProperty("baton.repo.root");
        Path dir = Path.of(prop != null ? prop : "").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("src/policies"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    @Override
    public void close() {
        session.close();
        engine.close();
    }
}
