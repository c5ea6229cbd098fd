package dev.baton.engine;

import dev.baton.Outcome;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.core.ManualClock;
import dev.baton.core.ScopeBits;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only the live decision counts: the same random workload (opens, delegations to every agent with
 * assorted scopes, calls, reviews, revocations, time passing) decided by an engine with a candidate
 * attached and by one without gives the same decisions, field for field, though the candidate (widened
 * or narrowed) disagrees on many of them.
 */
class ShadowIsolationTest {
    private static final String[] AGENTS = {"spiffe://acme.example/agent/planner", "spiffe://acme.example/agent/reader/crm",
        "spiffe://acme.example/agent/helper/a", "spiffe://acme.example/agent/payer", "spiffe://partner.example/mcp/summariser"};
    private static final String[] PEOPLE = {"user:alice@acme.example", "user:bob@security.acme.example",
        "user:pat@privacy.acme.example"};

    /** One engine and the ids it gave. */
    private static final class Side implements AutoCloseable {
        final JournaledEngine engine;
        final int[] agents = new int[AGENTS.length];
        final int[] people = new int[PEOPLE.length];

        Side(final Path dir, final ManualClock clock, final CompiledPolicy shadow) {
            engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0).clock(clock)
                .shadow(shadow));
            for (int i = 0; i < AGENTS.length; i++) {
                agents[i] = engine.identity(AGENTS[i]);
            }
            for (int i = 0; i < PEOPLE.length; i++) {
                people[i] = engine.identity(PEOPLE[i]);
            }
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rules-widened.yaml", "rules-narrowed.yaml"})
    void shouldDecideExactlyAsAnEngineWithoutACandidate(final String candidate, @TempDir final Path dir) {
        final ManualClock clock = new ManualClock(1_800_000_000_000L);
        final ScopeBits[] scopes = {EngineFixture.rootScope(POLICY).data("financial").capability("ledger.pay", "purchase"),
            EngineFixture.readScope(POLICY), EngineFixture.rootScope(POLICY).capability("files.delete", "delete"),
            new ScopeBits(POLICY).capability("crm.lookup", "read").data("financial"),
            new ScopeBits(POLICY).capability("doc.summarize", "summarize").data("internal").data("customer_pii"),
            new ScopeBits(POLICY).capability("files.delete", "delete").data("public")};
        final List<long[]> grants = new ArrayList<>(); // {grant id, holder index}
        final SplittableRandom random = new SplittableRandom(candidate.hashCode());
        try (Side shadowed = new Side(dir.resolve("a"), clock, EngineFixture.load(candidate));
             Side plain = new Side(dir.resolve("b"), clock, null)) {
            final Request a = new Request();
            final Request b = new Request();
            for (int i = 1; i <= 400; i++) {
                clock.advance(random.nextInt(10_000));
                final int roll = random.nextInt(20); // open 10%, delegate 40%, call 30%, review 15%, revoke 5%
                final int op = grants.isEmpty() || roll < 2 ? 0 : roll < 10 ? 1 : roll < 16 ? 3 : roll < 19 ? 4 : 5;
                // Mostly recent grants: older ones have expired or been revoked by now.
                final long[] g = grants.isEmpty() ? null
                    : grants.get(Math.max(0, grants.size() - 1 - random.nextInt(Math.min(grants.size(), 12))));
                final int agent = random.nextInt(AGENTS.length);
                final ScopeBits scope = scopes[random.nextInt(scopes.length)];
                final int cap = random.nextInt(POLICY.capabilityCount());
                final int data = random.nextInt(POLICY.dataClassCount());
                final int person = random.nextInt(PEOPLE.length);
                final boolean approve = random.nextBoolean();
                final int purpose = random.nextInt(4) == 0 ? 1 : 0; // research now and then
                for (final Side s : new Side[] {shadowed, plain}) {
                    final Request r = s == shadowed ? a : b;
                    switch (op) {
                        case 0 -> r.reset(Request.Op.OPEN, i).principal(s.people[0]).purpose(purpose)
                            .child(s.agents[0], approve ? scopes[0] : scopes[2]);
                        case 1 -> r.reset(Request.Op.DELEGATE, i).grant(g[0]).presenter(s.agents[(int) g[1]])
                            .child(s.agents[agent], scope);
                        case 3 -> r.reset(Request.Op.AUTHORIZE, i).grant(g[0]).presenter(s.agents[(int) g[1]])
                            .call(cap, data).text("case 12");
                        case 4 -> r.reset(Request.Op.REVIEW, i).grant(g[0]).principal(s.people[person]).approve(approve);
                        default -> r.reset(Request.Op.REVOKE, i).grant(g[0]).actor(s.agents[(int) g[1]]);
                    }
                    assertEquals(JournaledEngine.Outcome.DONE, s.engine.decide(r, 10, TimeUnit.SECONDS));
                }
                same(a.decision(), b.decision(), "request " + i);
                if (op <= 1 && a.decision().outcome() != Outcome.DENY) {
                    grants.add(new long[] {a.decision().grantId(), op == 0 ? 0 : agent});
                }
            }
        }
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 16, 60_000, null).replay(dir.resolve("a"));
        assertEquals(0, replay.mismatches(), String.valueOf(replay.firstMismatch()));
        assertEquals(0, replay.shadowMismatches(), String.valueOf(replay.firstShadowMismatch()));
        assertTrue(replay.shadowDisagreements() > 0, "the candidate disagreed: " + replay.shadowDisagreements());
    }

    private static void same(final DecisionSlot a, final DecisionSlot b, final String what) {
        assertEquals(b.outcome(), a.outcome(), what);
        assertEquals(b.reason(), a.reason(), what);
        assertEquals(b.rule(), a.rule(), what);
        assertEquals(b.grantId(), a.grantId(), what);
        assertEquals(b.expiry(), a.expiry(), what);
        assertEquals(b.timestamp(), a.timestamp(), what);
    }
}
