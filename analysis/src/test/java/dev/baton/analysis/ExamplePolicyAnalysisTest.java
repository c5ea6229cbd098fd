package dev.baton.analysis;

import dev.baton.Policy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the analysis says about the example policy, as docs/analysis.md shows it. */
class ExamplePolicyAnalysisTest {
    private static final PolicyAnalysis ANALYSIS = load();

    private static PolicyAnalysis load() {
        try {
            return PolicyAnalysis.of(Policy.load(Path.of(System.getProperty("baton.repo.root", ".."),
                "src/policies/refund-dispute.yaml")));
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldNameNeverLeaveAsTheRuleThatKeepsCustomerDataFromThePartner() {
        final Answer a = ANALYSIS.query("summariser", "doc.summarize:summarize", "customer_pii");

        assertFalse(a.reachable());
        assertEquals(List.of("never_leave.customer_pii"), a.cut().rules());
        assertNull(a.witness());
    }

    @Test
    void shouldReachPaymentsOnlyThroughReviewWithAShortestWitness() {
        final Answer a = ANALYSIS.query("payments", "ledger.pay:purchase", "financial");

        assertTrue(a.onlyThroughReview());
        assertEquals("open refund-dispute: planner [review] -> payments [review] carrying ledger.pay:purchase / financial",
            a.witness().describe());
    }

    @Test
    void shouldKeepTheGreatestScopeOfEachDepth() {
        final Source open = ANALYSIS.sources().get(0);
        assertEquals("open refund-dispute at planner", ANALYSIS.label(open));
        final SourceReach reach = ANALYSIS.reach(open);
        final int crm = ANALYSIS.policy().agent("crm-reader");
        final int lookup = ANALYSIS.policy().capability("crm.lookup", "read");

        assertEquals(1, reach.minDepth(crm));
        assertTrue(PolicyModel.get(reach.capsAtDepth(crm, 1), lookup));
        // At depth 2 (through payments) the CRM reader can hold internal data but no capability.
        assertNotNull(reach.capsAtDepth(crm, 2));
        assertEquals(-1, ReachTable.nextBit(reach.capsAtDepth(crm, 2), 0));
        assertTrue(reach.holdsData(crm, ANALYSIS.policy().dataClass("internal")));
        assertNull(reach.capsAtDepth(crm, 3));
    }

    @Test
    void shouldCountEveryBreakGlassRootAsASource() {
        final long glass = ANALYSIS.sources().stream().filter(Source::breakGlass).count();
        // one rule x two purposes x two trust domains
        assertEquals(4, glass);
        final Assertion partnerPii = new Assertion(Assertion.Kind.NEVER_HOLDS, null, "partner.example", null,
            "customer_pii", null, true);
        assertFalse(ANALYSIS.check(partnerPii).proved());
    }
}
