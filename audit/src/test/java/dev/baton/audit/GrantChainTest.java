package dev.baton.audit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GrantChain} and {@link AuditId} over the {@link AuditJournal} journal. */
class GrantChainTest {
    @TempDir
    static Path shared;

    private static AuditJournal journal;
    private static GrantChain chain;

    @BeforeAll
    static void writeJournal() throws Exception {
        journal = AuditJournal.write(shared);
        chain = new GrantChain(AuditLog.read(journal.journal).entries());
    }

    @Test
    void shouldLeadFromTheTaskRootToAGrant() {
        final List<DecisionEntry> hops = chain.chain(journal.crm);
        assertEquals(2, hops.size());
        assertEquals(journal.task, hops.get(0).grantId());
        assertEquals("user:alice@acme.example", hops.get(0).principal());
        assertEquals(journal.crm, hops.get(1).grantId());
        assertEquals(journal.task, chain.root(journal.crm));
        assertEquals(List.of(journal.task, journal.crm, journal.pay),
            chain.task(journal.task).stream().map(DecisionEntry::grantId).toList());
        assertTrue(chain.chain(999).isEmpty());
    }

    @Test
    void shouldListReviewsAndLaterUsesOfAGrant() {
        assertEquals(List.of("user:fay@finance.acme.example"),
            chain.reviews(journal.pay).stream().map(DecisionEntry::principal).toList());
        assertEquals(List.of("authorize", "authorize", "revoke", "authorize"),
            chain.uses(journal.crm).stream().map(DecisionEntry::opName).toList());
        assertThrows(UnsupportedOperationException.class, () -> chain.uses(journal.crm).clear());
    }

    @Test
    void shouldFindTheRevocationOfAGrantOrItsAncestorOnlyBeforeTheGivenRecord() {
        final DecisionEntry revoke = chain.revocation(journal.crm, Long.MAX_VALUE);
        assertEquals(9, revoke.decisionId());
        assertEquals("spiffe://acme.example/agent/planner", revoke.principal());
        assertNull(chain.revocation(journal.crm, revoke.seq()), "not revoked before the revoke itself");
        assertNull(chain.revocation(journal.pay, Long.MAX_VALUE), "a sibling is not revoked");
    }

    @Test
    void shouldResolveIdsOfEveryForm() {
        assertEquals(new AuditId(AuditId.Kind.DECISION, 4, null), AuditId.resolve("decision:4", chain));
        assertEquals(new AuditId(AuditId.Kind.GRANT, 3, null), AuditId.resolve(" grant:3 ", chain));
        final AuditId both = AuditId.resolve("2", chain);
        assertEquals(AuditId.Kind.DECISION, both.kind());
        assertTrue(both.note().contains("is both a decision id and a grant id"), both::note);
        final String base64 = java.util.Base64.getEncoder().encodeToString(journal.crmWarrant);
        final AuditId warrant = AuditId.resolve("warrant:" + base64, chain);
        assertEquals(new AuditId(AuditId.Kind.GRANT, journal.crm, warrant.note()), warrant);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuditId.resolve("grant:x", chain))
            .getMessage().contains("is not an id"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuditId.resolve("warrant:00", chain))
            .getMessage().startsWith("the warrant does not decode: "));
    }

    @Test
    void shouldRangeDecisionIdsAndListGrantIds() {
        assertEquals("0..10", chain.decisionRange());
        assertEquals("[1..3]", chain.grantList());
        assertNull(new GrantChain(List.of()).decisionRange());
    }

    @Test
    void shouldKeepTheGrantListShortForMillionsOfGrants() {
        assertEquals("[1..200000]", GrantChain.idList(java.util.stream.LongStream.rangeClosed(1, 200_000).toArray()));
        final long[] odd = java.util.stream.LongStream.rangeClosed(0, 99_999).map(i -> 2 * i + 1).toArray();
        assertEquals("[1, 3, 5, 7, 9, 11, 13, 15, ... and 99992 more (100000 grants)]", GrantChain.idList(odd));
        assertEquals("[1, 2, 4..6, 9]", GrantChain.idList(new long[] {1, 2, 4, 5, 6, 9}));
        assertEquals("[]", GrantChain.idList(new long[0]));
    }
}
