package dev.baton.core;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After warm-up (a million pairs, so that late JIT transitions are behind us), each of three rounds of
 * a million {@code delegate} + {@code authorize} decisions (and a {@code revoke} every fourth pair)
 * allocates nothing on the calling thread. Grants expire and are reclaimed as the clock moves, so the registry is in a true
 * steady state rather than merely preallocated.
 */
class ZeroAllocationTest extends CoreFixture {
    private static final int WARM_UP = 1_000_000;
    private static final int MEASURED = 1_000_000;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long root;
    private long allowed;
    private ScopeBits rootScope;
    private ScopeBits childScope;
    private int capRead;
    private int dataInternal;

    @Test
    void shouldAllocateNothingPerDelegateAndAuthorizeInSteadyState() {
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        rootScope = scope().capability("crm.lookup", "read").capability("ledger.pay", "purchase")
            .data("internal").data("financial");
        childScope = scope().capability("crm.lookup", "read").data("internal");
        capRead = cap("crm.lookup", "read");
        dataInternal = data("internal");
        core = new DecisionCore(POLICY, clock, CoreSettings.DEFAULT.withGrants(1024, 1 << 20).withRetentionMillis(0));
        alice = core.identity("user:alice@acme.example");
        planner = core.identity("spiffe://acme.example/agent/planner");
        reader = core.identity("spiffe://acme.example/agent/reader/crm");

        run(WARM_UP);
        // Retried only to step over a JIT recompilation: a deoptimisation re-allocates the objects the compiler
        // had scalar-replaced (a few hundred bytes once, seen when other test classes in the same JVM shaped the
        // profiles); a steady allocation of even one byte per pair shows as a megabyte in every round.
        final long[] rounds = new long[5];
        long allocated = -1;
        for (int r = 0; r < rounds.length && allocated != 0; r++) {
            threads.getCurrentThreadAllocatedBytes(); // the reading itself must be warm too
            final long before = threads.getCurrentThreadAllocatedBytes();
            run(MEASURED);
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
            rounds[r] = allocated;
        }
        assertEquals(0, allocated, () -> "bytes allocated by each round of " + MEASURED + " delegate+authorize pairs: "
            + java.util.Arrays.toString(rounds));
        for (final long r : rounds) {
            // one object per open (a thousand a round) would be 16 KB: a round's one-off may not be that large
            assertTrue(r < 4096, () -> "a steady allocation: " + java.util.Arrays.toString(rounds));
        }
        assertTrue(allowed > MEASURED, "the measured loop must really decide: allowed=" + allowed);
    }

    @Test
    void shouldAllocateNothingPerWarrantDelegateAndAuthorizeInSteadyState() {
        rootScope = scope().capability("crm.lookup", "read").capability("ledger.pay", "purchase")
            .data("internal").data("financial");
        childScope = scope().capability("crm.lookup", "read").data("internal");
        capRead = cap("crm.lookup", "read");
        dataInternal = data("internal");
        core = new DecisionCore(POLICY, clock, CoreSettings.DEFAULT.withGrants(1024, 1 << 20).withRetentionMillis(0)
            .withKeys(new dev.baton.codec.KeyRing(MINUTE, 1,
                "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        final WarrantGate gate = core.warrants();
        alice = core.identity("user:alice@acme.example");
        planner = core.identity("spiffe://acme.example/agent/planner");
        reader = core.identity("spiffe://acme.example/agent/reader/crm");
        final org.agrona.concurrent.UnsafeBuffer rootWarrant = new org.agrona.concurrent.UnsafeBuffer(new byte[1024]);
        final org.agrona.concurrent.UnsafeBuffer childWarrant = new org.agrona.concurrent.UnsafeBuffer(new byte[1024]);
        final int[] rootLength = new int[1];
        final Runnable loop = () -> {
            for (int i = 0; i < 200_000; i++) {
                if (i % 1000 == 0) {
                    rootLength[0] = gate.write(core.open(alice, refund, planner, rootScope, d).grantId(), rootWarrant, 0);
                }
                clock.advance(10);
                gate.requireRoom(childWarrant, 0, 1);
                core.delegate(gate.verify(rootWarrant, 0, rootLength[0], planner, d), planner, reader, childScope, d);
                allowed += d.allowed() ? 1 : 0;
                final int length = gate.write(d.grantId(), childWarrant, 0);
                core.authorize(gate.verify(childWarrant, 0, length, reader, d), reader, capRead, dataInternal, null, d);
                allowed += d.allowed() ? 1 : 0;
            }
        };
        for (int w = 0; w < 5; w++) {
            loop.run();
        }
        allowed = 0;
        threads.getCurrentThreadAllocatedBytes();
        final long before = threads.getCurrentThreadAllocatedBytes();
        loop.run();
        final long after = threads.getCurrentThreadAllocatedBytes();
        assertArrayEquals(new long[] {0L}, new long[] {after - before},
            "bytes allocated by 200,000 warrant delegate+authorize pairs (sign + verify each)");
        assertTrue(allowed == 400_000, "every decision in the loop must be an ALLOW: " + allowed);
    }

    private void run(final int iterations) {
        final DecisionSlot out = d;
        for (int i = 0; i < iterations; i++) {
            if (i % 1000 == 0) {
                core.open(alice, refund, planner, rootScope, out); // money tier: 5 minutes
                root = out.grantId();
            }
            clock.advance(10); // 10 ms a step: grants expire after 30,000 steps and are reclaimed
            core.delegate(root, planner, reader, childScope, out);
            final long child = out.grantId();
            if (out.allowed()) {
                allowed++;
            }
            core.authorize(child, reader, capRead, dataInternal, null, out);
            if (out.allowed()) {
                allowed++;
            }
            if ((i & 3) == 0) {
                core.revoke(child, planner, out); // the delegator: a walk up the chain, nothing allocated
            }
        }
    }
}
