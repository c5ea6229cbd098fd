package dev.baton.core;

import dev.baton.Reason;
import dev.baton.Outcome;
import dev.baton.policy.PolicyParser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicySwapTest extends CoreFixture {

    private static CompiledPolicy variant(final String from, final String to) throws Exception {
        final String text = new String(PolicySwapTest.class.getResourceAsStream("/policies/rules.yaml").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains(from), from);
        return PolicyCompiler.compile(PolicyParser.parse("variant.yaml", text.replace(from, to)));
    }

    @Test
    void shouldCarryLiveGrantsOverByNameAndDecideWithTheNewVersion() throws Exception {
        final long root = openRoot();
        final long r = allow(root, planner, reader, scope().capability("crm.lookup", "read").data("internal"));
        // The new policy declares a tool first, so every capability index shifts.
        final CompiledPolicy next = variant("    crm.lookup: [read, summarize]", "    aaa.first: [read]\n"
            + "    crm.lookup: [read, summarize]");
        assertNotEquals(POLICY.capability("crm.lookup", "read"), next.capability("crm.lookup", "read"));
        assertEquals(0, core.swap(next));
        core.authorize(r, reader, next.capability("crm.lookup", "read"), next.dataClass("internal"), null, d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(next));
        assertEquals(next.versionId(), d.policyVersion());
        final GrantView g = new GrantView(next);
        assertTrue(core.grant(r, g));
        assertTrue(g.scope().hasCapability(next.capability("crm.lookup", "read")));
        assertFalse(g.scope().hasCapability(next.capability("aaa.first", "read")));
    }

    @Test
    void shouldRevokeGrantsWhosePurposeIsGone() throws Exception {
        core.open(alice, research, planner, scope().capability("crm.lookup", "read"), d);
        final long researchTask = d.grantId();
        final long refundTask = openRoot();
        final CompiledPolicy next = variant("  research:\n", "  studies:\n");
        assertEquals(1, core.swap(next));
        core.authorize(researchTask, planner, next.capability("crm.lookup", "read"), DecisionCore.NO_DATA_CLASS, null,
            d);
        assertEquals(Reason.REVOKED, d.reason());
        core.authorize(refundTask, planner, next.capability("crm.lookup", "read"), DecisionCore.NO_DATA_CLASS, null, d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(next));
    }

    @Test
    void shouldRebindIdentitiesToTheNewPolicy() throws Exception {
        final long root = openRoot();
        final CompiledPolicy next = variant("identity: spiffe://acme.example/agent/reader/*",
            "identity: spiffe://acme.example/agent/readers/*");
        core.swap(next);
        core.delegate(root, planner, reader, new ScopeBits(next).capability("crm.lookup", "read"), d);
        assertEquals(Reason.UNKNOWN_AGENT, d.reason(), "the reader's identity no longer matches any agent");
    }

    @Test
    void shouldNarrowWhatAnOldGrantCanPassOnUnderTheNewPolicy() {
        final long root = openRoot();
        final CompiledPolicy narrowed = TestPolicies.resource("rules-narrowed.yaml");
        core.swap(narrowed);
        core.delegate(root, planner, reader, new ScopeBits(narrowed).capability("crm.lookup", "read"), d);
        assertEquals(Reason.AGENT_CEILING, d.reason());
        assertEquals("agents.reader.ceiling", narrowed.ruleName(d.rule()));
        core.delegate(root, planner, reader, new ScopeBits(narrowed).capability("crm.lookup", "summarize"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(narrowed));
    }
}
