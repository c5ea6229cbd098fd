package dev.baton.bench.peers;

import dev.baton.Policy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every peer gives Baton's allow/deny answer on every case of the shared scenario ({@link PeerScenario#cases()}:
 * 8 chains x 6 capabilities x 4 data classes), and on the benchmarked case when prepared and run repeatedly.
 */
class PeerEquivalenceTest {
    private static final List<DelegationCase> CASES = PeerScenario.cases();
    private static final boolean[] EXPECTED = new boolean[CASES.size()];
    private static BatonPeer baton;

    @BeforeAll
    static void decideWithBaton() throws Exception {
        final String root = System.getProperty("baton.repo.root", "..");
        baton = new BatonPeer(Policy.load(Path.of(root, "src/policies/refund-dispute.yaml")));
        for (int i = 0; i < CASES.size(); i++) {
            EXPECTED[i] = baton.allowed(CASES.get(i));
        }
    }

    @AfterAll
    static void close() throws Exception {
        baton.close();
    }

    @Test
    void shouldHaveBothAnswersOnEveryChainLength() {
        int allowed = 0;
        final boolean[] allowedAtHops = new boolean[4];
        final boolean[] deniedAtHops = new boolean[4];
        for (int i = 0; i < CASES.size(); i++) {
            final int hops = CASES.get(i).hops();
            if (EXPECTED[i]) {
                allowed++;
                allowedAtHops[hops] = true;
            } else {
                deniedAtHops[hops] = true;
            }
        }
        assertEquals(192, CASES.size());
        // 20 planner calls, 9 via the CRM reader, 2 via payments, 1 by the partner, 1 CRM reader to partner.
        assertEquals(33, allowed, "allowed cases");
        for (int hops = 0; hops <= 2; hops++) {
            assertTrue(allowedAtHops[hops] && deniedAtHops[hops], "both answers with " + hops + " hops");
        }
        assertTrue(deniedAtHops[3], "the three-hop chain is denied");
    }

    @Test
    void shouldAllowTheBenchmarkedCaseRepeatedly() throws Exception {
        final PeerAdapter.Prepared hot = baton.prepare(PeerScenario.HOT_CASE);
        for (int i = 0; i < 5_000; i++) {
            assertTrue(hot.run(), "run " + i);
        }
    }

    @Test
    void cedarShouldMatchBaton() throws Exception {
        try (CedarPeer peer = new CedarPeer()) {
            assertMatchesBaton(peer);
        }
    }

    @Test
    void jcasbinShouldMatchBaton() throws Exception {
        try (CasbinPeer peer = new CasbinPeer()) {
            assertMatchesBaton(peer);
        }
    }

    @Test
    void saplShouldMatchBaton() throws Exception {
        try (SaplPeer peer = new SaplPeer()) {
            assertMatchesBaton(peer);
        }
    }

    @Test
    void biscuitShouldMatchBaton() throws Exception {
        try (BiscuitPeer peer = new BiscuitPeer()) {
            assertMatchesBaton(peer);
        }
    }

    @Test
    void macaroonsShouldMatchBaton() throws Exception {
        try (MacaroonsPeer peer = new MacaroonsPeer()) {
            assertMatchesBaton(peer);
        }
    }

    private static void assertMatchesBaton(final PeerAdapter peer) throws Exception {
        final List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            final boolean answer = peer.allowed(CASES.get(i));
            if (answer != EXPECTED[i]) {
                mismatches.add(CASES.get(i) + ": Baton " + (EXPECTED[i] ? "allows" : "denies") + ", "
                    + peer.name() + (answer ? " allows" : " denies"));
            }
        }
        assertEquals(List.of(), mismatches, peer.name() + " disagrees with Baton");
        final PeerAdapter.Prepared hot = peer.prepare(PeerScenario.HOT_CASE);
        for (int i = 0; i < 3; i++) {
            assertTrue(hot.run(), peer.name() + ": benchmarked case, run " + i);
        }
    }
}
