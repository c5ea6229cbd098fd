package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.Argument;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.Scope;
import dev.baton.ToolArguments;
import dev.baton.core.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Constrained tool calls and shared budgets (a slice handed to a child, amounts spent from a grant and its
 * ancestors) on the journaled engine allocate nothing per call in steady state: on the
 * caller's thread (binding, copying the arguments into the request, waiting) and on the engine thread
 * (checking the constraints, encoding the ARGUMENTS and DECISION records, appending them). As in
 * {@link SessionAllocationTest} and {@link PipelineAllocationTest}, a round may show a one-off few hundred
 * bytes (Chronicle mapping the next chunk, an unexplained caller-side blip), so each round must stay below
 * one byte per call and most rounds must be exactly zero.
 */
class ArgumentsAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 2_000;
    private static final int ROUNDS = 10;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldAllocateNothingPerConstrainedCallOnCallerAndEngineThreads(@TempDir final Path dir) throws Exception {
        final Policy policy = Policy.load(Path.of(ArgumentsAllocationTest.class.getResource("/policies/refunds.yaml")
            .toURI()));
        final ManualClock clock = new ManualClock(1_800_000_000_000L);
        try (JournaledEngine engine = JournaledEngine.start(EngineConfig.of(policy, dir).fsync(FsyncMode.NONE, 0)
            .clock(clock).grants(1024, 1 << 20, 0));
             DecisionSession session = engine.session()) {
            final Calls calls = new Calls(engine, policy, session, clock);
            calls.run(WARM_UP);
            final long engineThread = PipelineAllocationTestThreads.id("baton-engine");
            final long[] caller = new long[ROUNDS];
            final long[] engineSide = new long[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                calls.allowed = 0;
                threads.getCurrentThreadAllocatedBytes();
                final long before = threads.getCurrentThreadAllocatedBytes();
                final long engineBefore = threads.getThreadAllocatedBytes(engineThread);
                calls.run(MEASURED);
                engineSide[r] = threads.getThreadAllocatedBytes(engineThread) - engineBefore;
                caller[r] = threads.getCurrentThreadAllocatedBytes() - before;
                assertEquals(MEASURED * 4L, calls.allowed, "every constrained call of the loop is allowed: " + calls.last);
            }
            assertMostlyZero("caller", caller);
            assertMostlyZero("engine", engineSide);
        }
    }

    private static void assertMostlyZero(final String thread, final long[] rounds) {
        final String seen = thread + "-thread bytes of each round of " + 4 * MEASURED + " calls: "
            + Arrays.toString(rounds);
        int zero = 0;
        for (final long bytes : rounds) {
            zero += bytes == 0 ? 1 : 0;
            // The smallest object takes 16 bytes: a round under that per call cannot hold an object per call.
            assertTrue(bytes < 16L * 4L * MEASURED, "less than an object's 16 bytes per call: " + seen);
        }
        assertTrue(zero >= ROUNDS * 2 / 3, "most rounds allocate nothing: " + seen);
    }

    /** A task whose holder makes constrained calls, everything bound once. */
    private static final class Calls {
        final DecisionSession session;
        final ManualClock clock;
        final Principal ana;
        final Agent support;
        final Purpose refunds;
        final Capability refund;
        final Capability send;
        final DataClass financial;
        final Argument amount;
        final Argument order;
        final Argument to;
        final Scope scope;
        final Agent clerk;
        final Scope slice;
        final GrantRef grant = new GrantRef();
        final GrantRef child = new GrantRef();
        final ToolArguments args = new ToolArguments();
        final StringBuilder recipient = new StringBuilder("ana@customer.example");
        long allowed;
        Decision last;

        Calls(final JournaledEngine engine, final Policy policy, final DecisionSession session, final ManualClock clock) {
            this.session = session;
            this.clock = clock;
            ana = engine.principal("user:ana@acme.example");
            support = engine.agent("spiffe://acme.example/agent/support");
            refunds = policy.purpose("refunds");
            refund = policy.capability("ledger.refund", "refund");
            send = policy.capability("mail.send", "send");
            financial = policy.dataClass("financial");
            amount = policy.argument("ledger.refund", "amount");
            order = policy.argument("ledger.refund", "order");
            to = policy.argument("mail.send", "to");
            scope = policy.scope().capability(refund).capability(send).data(financial).build();
            clerk = engine.agent("spiffe://acme.example/agent/clerk/c1");
            slice = policy.scope().capability(refund).data(financial).budget("refund-total", "1.00").build();
        }

        void run(final int iterations) {
            for (int i = 0; i < iterations; i++) {
                if (i % 500 == 0) {
                    if (grant.isSet()) {
                        session.close(grant, ana);
                    }
                    grant.id(session.open(ana, refunds, support, scope).grantId());
                }
                clock.advance(1_000); // grants live an hour: they expire and their slots are reused
                count(session.authorize(grant, support, refund, financial, null, null,
                    args.clear().decimal(amount, 1 + i % 20_000, 2).string(order, "ord-12345")));
                count(session.authorize(grant, support, send, financial, null, null,
                    args.clear().string(to, recipient)));
                final Decision handed = session.delegate(grant, support, clerk, slice); // sets 1.00 aside
                count(handed);
                child.id(handed.grantId());
                count(session.authorize(child, clerk, refund, financial, null, null,
                    args.clear().decimal(amount, 50, 2).string(order, "ord-0001"))); // spends 0.50 of it

            }
        }

        private void count(final Decision d) {
            allowed += d.allowed() ? 1 : 0;
            last = d;
        }
    }

    /** The engine's threads by name. */
    private static final class PipelineAllocationTestThreads {
        static long id(final String name) {
            for (final Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals(name)) {
                    return t.getId();
                }
            }
            throw new IllegalStateException("no thread " + name);
        }
    }
}
