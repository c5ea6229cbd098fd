package dev.baton.core;

import dev.baton.Reason;
import dev.baton.Outcome;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;
import dev.baton.core.ManualClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Identities no grant names and no decision has named for a while are reclaimed once the identity
 * table is full, so ephemeral workers keep a long-running core bounded; a stale id is refused, never
 * taken for another identity.
 */
class IdentityReclamationTest {
    private static final long T0 = 1_790_000_000_000L;
    private static final long MINUTE = 60_000;
    /** Fewer than this many identities are never reclaimed (the table's first load limit). */
    private static final int FIRST_LIMIT = 768;

    /** {@code workers.yaml}: a planner handing single look-ups to ephemeral workers; grants live {@code ttl}. */
    static CompiledPolicy workerPolicy(final String ttl) {
        try (InputStream in = IdentityReclamationTest.class.getResourceAsStream("/policies/workers.yaml")) {
            final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                .replace("default_ttl: 1m", "default_ttl: " + ttl);
            return PolicyCompiler.compile(PolicyParser.parse("workers.yaml", text));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final PolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String worker(final long n) {
        return "spiffe://acme.example/worker/pool-" + (n & 7) + '/' + n;
    }

    /** A core with its principal, planner and an open root, on the worker policy. */
    private static final class Fixture {
        final CompiledPolicy policy;
        final ManualClock clock = new ManualClock(T0);
        final DecisionCore core;
        final DecisionSlot d = new DecisionSlot();
        final int alice;
        final int planner;
        final int batch;
        final int read;
        final int publicData;
        final ScopeBits scope;
        long root;

        Fixture(final String ttl, final long retentionMillis) {
            policy = workerPolicy(ttl);
            core = new DecisionCore(policy, clock,
                CoreSettings.DEFAULT.withGrants(1024, 1 << 24).withRetentionMillis(retentionMillis));
            alice = core.principal("user:alice@acme.example");
            planner = core.agent("spiffe://acme.example/agent/planner");
            batch = policy.purpose("batch");
            read = policy.capability("kb.search", "read");
            publicData = policy.dataClass("public");
            scope = new ScopeBits(policy).capability("kb.search", "read").data("public");
            open();
        }

        void open() {
            core.open(alice, batch, planner, scope, d);
            assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
            root = d.grantId();
        }

        /** Delegates to the worker and authorizes one call; returns the child grant. */
        long use(final int worker) {
            core.delegate(root, planner, worker, scope, d);
            assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
            final long child = d.grantId();
            core.authorize(child, worker, read, publicData, null, d);
            assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
            return child;
        }
    }

    @Test
    void shouldReclaimIdleWorkersWhenFullAndRefuseTheirStaleIds() {
        final Fixture f = new Fixture("1m", 0);
        final Set<Integer> issued = new HashSet<>(Set.of(f.alice, f.planner));
        final int first = f.core.identity(worker(0));
        issued.add(first);
        f.use(first);
        for (int n = 1; n < FIRST_LIMIT - 10; n++) {
            final int w = f.core.identity(worker(n));
            assertTrue(issued.add(w), "a new id");
            f.use(w);
        }
        // Their grants expire; new roots sweep them out of the registry; the workers go idle.
        f.clock.advance(2 * MINUTE);
        for (int i = 0; i < 1_000; i++) {
            f.open();
        }
        f.clock.advance(2 * MINUTE);
        f.open();
        final int before = f.core.identityCount();
        for (int n = FIRST_LIMIT; n < FIRST_LIMIT + 200; n++) {
            final int w = f.core.identity(worker(n));
            assertTrue(issued.add(w), () -> "id " + w + " was issued before: a stale id would name another identity");
            f.use(w);
        }
        assertTrue(f.core.identityCount() < before + 200, "idle workers were reclaimed: " + f.core.identityCount());
        assertTrue(f.core.identityCount() <= FIRST_LIMIT, "and the table did not grow: " + f.core.identityCount());

        assertFalse(f.core.hasIdentity(first), "the first worker was idle longest and was reclaimed");
        assertEquals(-1, f.core.agentOf(first));
        f.core.delegate(f.root, f.planner, first, f.scope, f.d);
        assertEquals(Reason.UNKNOWN_AGENT, f.d.reason(), "a stale id is refused");
        final int again = f.core.identity(worker(0));
        assertNotEquals(first, again, "interning the name again gives a new id");
        assertTrue(issued.add(again));
        f.use(again);
        assertEquals(worker(0), f.core.identityName(again));
        assertTrue(f.core.hasIdentity(f.alice) && f.core.hasIdentity(f.planner), "identities in use stay");
    }

    @Test
    void shouldNeverReclaimAnIdentityAHeldGrantNames() {
        final Fixture f = new Fixture("1h", 0);
        final int busy = f.core.identity(worker(-1));
        final long grant = f.use(busy);
        f.clock.advance(10 * MINUTE); // idle far longer than a minute, but its grant lives an hour
        f.open();
        for (int n = 0; n < 3 * FIRST_LIMIT; n++) {
            f.use(f.core.identity(worker(n)));
            f.clock.advance(1_000);
        }
        assertTrue(f.core.hasIdentity(busy));
        f.core.authorize(grant, busy, f.read, f.publicData, null, f.d);
        assertEquals(Outcome.ALLOW, f.d.outcome(), () -> f.d.describe(f.policy));
    }

    @Test
    void shouldRenewAnIdleIdentityInternedAgainAndJournalOnlyChanges() {
        final Fixture f = new Fixture("1m", 0);
        final int w = f.core.identity(worker(1));
        final long changes = f.core.identityChanges();
        assertEquals(w, f.core.identity(worker(1)));
        assertEquals(changes, f.core.identityChanges(), "a held, busy identity: nothing to journal");
        f.use(w);
        f.clock.advance(5 * MINUTE);
        for (int i = 0; i < 10; i++) {
            f.open(); // sweeps the expired grant out of the registry: the worker's idle time starts
        }
        assertEquals(w, f.core.identity(worker(1)));
        assertEquals(changes, f.core.identityChanges(), "idle for less than a minute since its grant went");
        f.clock.advance(2 * MINUTE);
        f.open(); // a decision moves the identities' time on
        assertEquals(w, f.core.identity(worker(1)), "renewed, same id");
        assertEquals(changes + 1, f.core.identityChanges(), "the renewal is a change a journal must record");
    }

    /**
     * 10M decisions (delegate, two authorizes and a revoke per ephemeral worker, a new root every 100
     * workers) with grants expiring and revoked: 2.5M workers pass, the table stays small.
     */
    @Test
    @Tag("slow") // about 8 s
    void shouldStayBoundedOverTenMillionDecisionsOfEphemeralWorkers() {
        final Fixture f = new Fixture("1m", 0);
        final DecisionSlot d = f.d;
        final DecisionCore core = f.core;
        long decisions = 0;
        long allowed = 0;
        int peak = 0;
        int peakFirstHalf = 0;
        long workers = 0;
        final long start = System.nanoTime();
        while (decisions < 10_000_000) {
            if (workers % 100 == 0) {
                core.open(f.alice, f.batch, f.planner, f.scope, d);
                f.root = d.grantId();
                decisions++;
                allowed += d.allowed() ? 1 : 0;
            }
            f.clock.advance(10);
            final int w = core.identity(worker(workers++));
            peak = Math.max(peak, core.identityCount());
            core.delegate(f.root, f.planner, w, f.scope, d);
            allowed += d.allowed() ? 1 : 0;
            final long child = d.grantId();
            core.authorize(child, w, f.read, f.publicData, null, d);
            allowed += d.allowed() ? 1 : 0;
            core.authorize(child, w, f.read, DecisionCore.NO_DATA_CLASS, null, d);
            allowed += d.allowed() ? 1 : 0;
            core.revoke(child, f.planner, d);
            allowed += d.allowed() ? 1 : 0;
            decisions += 4;
            if (decisions < 5_000_000) {
                peakFirstHalf = peak;
            }
        }
        final long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("identity table: %,d workers interned over %,d decisions in %,d ms;"
            + " peak %,d identities held, %,d at the end; %,d grants held%n", workers, decisions, millis, peak,
            core.identityCount(), core.grantCount());
        assertEquals(decisions, allowed, "every decision of the loop is an ALLOW");
        // A worker stays while its grant is held (up to a minute, 6,000 workers at 100 a second) and a
        // minute idle after: about 12,000, plus the sweep's lag.
        assertTrue(peak < 32_768, "identity table bounded: peak " + peak);
        assertEquals(peakFirstHalf, peak, "no growth at all over the second 5M decisions");
        assertTrue(workers > 2_000_000);
    }
}
