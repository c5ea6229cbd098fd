package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.FanOut;
import dev.baton.GrantRef;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.Scope;
import dev.baton.codec.KeyRing;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.verifier.RevocationSet;
import dev.baton.core.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The allocation-free form of the public API on the journaled engine: a {@link DecisionSession} of
 * {@link JournaledEngine}, driven with reused {@link GrantRef}s, scopes, handles, digests and justification,
 * allocates nothing on the caller's thread per call in steady state (binding, copying into the ring slot,
 * waiting, reading the decision back), for open, delegate, fanOut, authorize, complete, revoke and close,
 * by grant id and with warrants. The engine thread's side is {@link PipelineAllocationTest}'s.
 * <p>
 * Most rounds allocate exactly nothing. On a heavily loaded machine a round now and then shows a one-off
 * 50 to 400 bytes on the caller thread, at a random operation and never twice at the same point (not tied
 * to GC, escape analysis or a deoptimization of the caller's code; the cause is not pinned down). So each
 * round must stay below one byte per call, where a single object per call would cost at least 16, and most
 * rounds must be exactly zero.
 */
class SessionAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 2_000;
    private static final int ROUNDS = 10;
    private static final int REOPEN_EVERY = 1_000;
    private static final int FAN_OUT_EVERY = 16;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldAllocateNothingPerSessionCallByGrantIdOnTheCallerThread(@TempDir final Path dir) throws Exception {
        assertCallerAllocatesNothing(dir, null);
    }

    @Test
    void shouldAllocateNothingPerSessionCallWithWarrantsOnTheCallerThread(@TempDir final Path dir) throws Exception {
        assertCallerAllocatesNothing(dir, new KeyRing(60_000, 1,
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Portable (version-2) warrants, HMAC-signed: each delegate and authorize presents one, which the
     * engine verifies offline (cache, revocation of every hop) and each allowed grant gets a signed one.
     * Both the caller's thread and the engine's thread allocate nothing per call.
     */
    @Test
    void shouldAllocateNothingPerSessionCallWithPortableWarrantsOnCallerAndEngineThreads(@TempDir final Path dir)
        throws Exception {
        final WarrantKeyRing ring = new WarrantKeyRing(60_000, WarrantKey.hmacSha256(7,
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        final long[] engineRounds = assertCallerAllocatesNothing(dir, null,
            c -> c.portableWarrants(1, ring).revocations(new RevocationSet()));
        // A round of this loop makes about 14,000 calls: one object per call would show in every round. Two
        // rounds show megabytes at the same points with grant ids and version-1 warrants too (the journal's
        // next chunk and the registry growing while grants live under a 5-minute root): not per call.
        // On a slow 2-vCPU host, other rounds show tens to a few thousand bytes at times (a round takes longer
        // there, and so meets more of the engine's occasional work; 374e11b failed "most rounds exactly zero"
        // 3 times in 5 on such a host too). An object per call would take at least 16 bytes a call, so most
        // rounds must stay under one byte a call, and some must be exactly zero.
        final String seen = "engine-thread bytes of each round: " + Arrays.toString(engineRounds);
        int zero = 0;
        int underAByteACall = 0;
        for (final long bytes : engineRounds) {
            zero += bytes == 0 ? 1 : 0;
            underAByteACall += bytes < 3L * MEASURED ? 1 : 0; // a round makes more than 3 x MEASURED calls
        }
        assertTrue(underAByteACall >= ROUNDS * 2 / 3, "most engine rounds allocate under a byte a call: " + seen);
        assertTrue(zero >= ROUNDS / 5, "some engine rounds allocate nothing at all: " + seen);
    }

    private void assertCallerAllocatesNothing(final Path dir, final KeyRing keys) throws Exception {
        assertCallerAllocatesNothing(dir, keys, c -> c);
    }

    /** @return the engine thread's bytes per round. */
    private long[] assertCallerAllocatesNothing(final Path dir, final KeyRing keys,
                                                final java.util.function.UnaryOperator<EngineConfig> more)
        throws Exception {
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        final Policy policy = Policy.load(Path.of(SessionAllocationTest.class.getResource("/policies/rules.yaml").toURI()));
        // Moved by this thread before each call; the engine thread reads it once the ring hands it the request.
        final ManualClock clock = new ManualClock(1_800_000_000_000L);
        EngineConfig config = EngineConfig.of(policy, dir).fsync(FsyncMode.NONE, 0).clock(clock).grants(1024, 1 << 20, 0);
        if (keys != null) {
            config = config.keys(keys);
        }
        config = more.apply(config);
        final boolean warrants = keys != null || config.warrantKeys != null;
        try (JournaledEngine engine = JournaledEngine.start(config);
             DecisionSession session = engine.session()) {
            final Task task = new Task(engine, policy, session, clock);
            task.run(WARM_UP);
            final long[] rounds = new long[ROUNDS];
            final long[] engineRounds = new long[ROUNDS];
            final long engineThread = engineThread();
            for (int r = 0; r < ROUNDS; r++) {
                task.calls = 0;
                task.allowed = 0;
                threads.getCurrentThreadAllocatedBytes(); // the reading itself must be warm too
                final long before = threads.getCurrentThreadAllocatedBytes();
                final long engineBefore = threads.getThreadAllocatedBytes(engineThread);
                task.run(MEASURED);
                rounds[r] = threads.getCurrentThreadAllocatedBytes() - before;
                engineRounds[r] = threads.getThreadAllocatedBytes(engineThread) - engineBefore;
                assertEquals(task.calls, task.allowed, "every call of the loop is an ALLOW: " + task.last);
            }
            final String seen = "caller-thread bytes of each round of " + task.calls + " session calls ("
                + (warrants ? "with warrants" : "by grant id") + "): " + Arrays.toString(rounds);
            int zero = 0;
            for (final long bytes : rounds) {
                zero += bytes == 0 ? 1 : 0;
                // The smallest object takes 16 bytes: a round under that per call cannot hold an object per call
                // (CI saw a rare round of a few KB, about 2 bytes a call, since callers yield before parking;
                // every other round of that run was 0 or a few hundred bytes).
                assertTrue(bytes < 16L * task.calls, "less than an object's 16 bytes per call: " + seen);
            }
            assertTrue(zero >= ROUNDS * 2 / 3, "most rounds allocate nothing: " + seen);
            assertTrue(task.calls > 3 * MEASURED, "the measured loop really decides: calls=" + task.calls);
            if (warrants) {
                assertTrue(task.rootRef.isWarrant() && task.childRef.isWarrant(), "grants are presented as warrants");
                final int version = task.childRef.warrantBytes()[0];
                assertEquals(keys != null ? 1 : 2, version, "the warrant format the engine issues");
            }
            return engineRounds;
        }
    }

    private static long engineThread() {
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("baton-engine")) {
                return t.getId();
            }
        }
        throw new AssertionError("no baton-engine thread");
    }

    /** One task's life, over and over, with everything bound and built once. */
    private static final class Task {
        final DecisionSession session;
        final ManualClock clock;
        final Principal alice;
        final Agent planner;
        final Agent reader;
        final Purpose refund;
        final Capability lookup;
        final DataClass internal;
        final Scope rootScope;
        final Scope childScope;
        final Agent[] delegatees;
        final Scope[] fanOutScopes;
        final GrantRef rootRef = new GrantRef();
        final GrantRef rootId = new GrantRef();
        final GrantRef childRef = new GrantRef();
        final GrantRef childId = new GrantRef();
        final byte[] inputDigest = new byte[32];
        final byte[] outputDigest = new byte[32];
        final StringBuilder justification = new StringBuilder("dispute #4411"); // copied by each call
        long calls;
        long allowed;
        Decision last;

        Task(final JournaledEngine engine, final Policy policy, final DecisionSession session,
             final ManualClock clock) {
            this.session = session;
            this.clock = clock;
            alice = engine.principal("user:alice@acme.example");
            planner = engine.agent("spiffe://acme.example/agent/planner");
            reader = engine.agent("spiffe://acme.example/agent/reader/crm");
            final Agent payer = engine.agent("spiffe://acme.example/agent/payer");
            refund = policy.purpose("refund-dispute");
            lookup = policy.capability("crm.lookup", "read");
            internal = policy.dataClass("internal");
            // financial data puts the root in the money tier (5 minutes): its children expire with it.
            rootScope = policy.scope().capability(lookup).capability("ledger.pay", "purchase").data(internal)
                .data("financial").build();
            childScope = policy.scope().capability(lookup).data(internal).build();
            delegatees = new Agent[] {reader, payer, reader, payer};
            fanOutScopes = new Scope[] {childScope, childScope, childScope, childScope};
            Arrays.fill(inputDigest, (byte) 0x11);
            Arrays.fill(outputDigest, (byte) 0x22);
        }

        void run(final int iterations) {
            for (int i = 0; i < iterations; i++) {
                if (i % REOPEN_EVERY == 0) {
                    if (rootId.isSet()) {
                        count(session.close(rootId, alice)); // ends the task: revokes what is left under it
                    }
                    final Decision root = count(session.open(alice, refund, planner, rootScope));
                    rootRef.from(root);
                    rootId.id(root.grantId());
                }
                clock.advance(10);
                final Decision child = count(session.delegate(rootRef, planner, reader, childScope));
                childRef.from(child);
                childId.id(child.grantId());
                count(session.authorize(childRef, reader, lookup, internal, justification, inputDigest));
                count(session.complete(childId, reader, outputDigest));
                if ((i & 3) == 0) {
                    count(session.revoke(childId, planner)); // the delegator takes it back
                }
                if (i % FAN_OUT_EVERY == 0) {
                    final FanOut fan = session.fanOut(rootRef, planner, delegatees, fanOutScopes);
                    calls += fan.size();
                    allowed += fan.allowed();
                }
            }
        }

        private Decision count(final Decision d) {
            calls++;
            allowed += d.allowed() ? 1 : 0;
            last = d;
            return d;
        }
    }
}
