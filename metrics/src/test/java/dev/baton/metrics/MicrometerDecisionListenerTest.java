package dev.baton.metrics;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Reason;
import dev.baton.Scope;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.Request;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meters of a real {@link JournaledEngine} count exactly the decisions its callers were given. */
class MicrometerDecisionListenerTest {
    private static final int CALLS = 300;

    @Test
    void shouldCountEveryJournaledDecisionByOperationOutcomeAndReason(@TempDir final Path dir) throws Exception {
        final Policy policy = Policy.load(repoRoot().resolve("src/policies/refund-dispute.yaml"));
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final Map<Reason, Integer> byReason = new EnumMap<>(Reason.class);
        final Map<Outcome, Integer> authorizeByOutcome = new EnumMap<>(Outcome.class);
        final EngineConfig config = EngineConfig.of(policy, dir).fsync(FsyncMode.BATCH, 0)
            .listener(new MicrometerDecisionListener(registry));
        try (JournaledEngine engine = JournaledEngine.start(config); DecisionSession session = engine.session()) {
            final Principal alice = engine.principal("user:alice@acme.example");
            final Agent planner = engine.agent("spiffe://acme.example/agent/planner");
            final Scope lookup = policy.scope().capability("crm.lookup", "read").data("customer_pii").build();
            final Decision root = session.open(alice, policy.purpose("refund-dispute"), planner, lookup);
            tally(byReason, root);
            final GrantRef task = GrantRef.of(root);
            for (int i = 0; i < CALLS; i++) {
                // Every third call lacks the justification the sensitive tier asks for: a DENY.
                final Decision d = session.authorize(task, planner, policy.capability("crm.lookup", "read"),
                    policy.dataClass("customer_pii"), i % 3 == 0 ? null : "dispute #" + i, null);
                tally(byReason, d);
                authorizeByOutcome.merge(d.outcome(), 1, Integer::sum);
            }
        }
        assertTrue(authorizeByOutcome.getOrDefault(Outcome.DENY, 0) > 0
                && authorizeByOutcome.getOrDefault(Outcome.ALLOW, 0) > 0,
            "both outcomes were exercised: " + authorizeByOutcome);
        for (final Outcome outcome : Outcome.values()) {
            assertEquals(authorizeByOutcome.getOrDefault(outcome, 0).doubleValue(),
                count(registry, Request.Op.AUTHORIZE, outcome),
                "authorize " + outcome);
        }
        assertEquals(1.0, count(registry, Request.Op.OPEN, Outcome.ALLOW), "the open");
        for (final Reason reason : Reason.values()) {
            assertEquals(byReason.getOrDefault(reason, 0).doubleValue(),
                registry.get(MicrometerDecisionListener.REASONS)
                .tag("reason", reason.name().toLowerCase(Locale.ROOT)).counter().count(), "reason " + reason);
        }
        assertEquals(CALLS + 1, registry.get(MicrometerDecisionListener.LATENCY).timer().count(), "latencies");
        assertTrue(registry.get(MicrometerDecisionListener.LATENCY).timer().max(TimeUnit.NANOSECONDS) > 0,
            "latencies are measured");
        // Each session call waits for its answer, so each is its own batch or shares one with an identity or STOP.
        final double slots = registry.get(MicrometerDecisionListener.BATCH_SLOTS).summary().totalAmount();
        assertTrue(slots >= CALLS + 1, "every request's ring slot was in a batch: " + slots);
        assertEquals(registry.get(MicrometerDecisionListener.BATCH_SLOTS).summary().count(),
            registry.get(MicrometerDecisionListener.BATCH_SYNC).timer().count(), "one sync time per batch");
    }

    @Test
    void shouldAllocateNothingPerRecordedDecision() {
        final MicrometerDecisionListener listener = new MicrometerDecisionListener(new SimpleMeterRegistry());
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final Request.Op[] ops = Request.Op.values();
        final Reason[] reasons = Reason.values();
        final Runnable loop = () -> {
            for (int i = 0; i < 10_000; i++) {
                final Reason reason = reasons[i % reasons.length];
                final Outcome outcome = reason == Reason.ALLOWED ? Outcome.ALLOW
                    : reason == Reason.REVIEW_REQUIRED ? Outcome.REVIEW : Outcome.DENY;
                listener.onDecision(ops[i % ops.length], outcome, reason, 1_000L + i);
                if (i % 8 == 0) {
                    listener.onBatch(1 + i % 8, 500L + i);
                }
            }
        };
        for (int w = 0; w < 20; w++) {
            loop.run();
        }
        // As the engine's allocation tests: on this shared machine a round now and then shows a one-off
        // hundred bytes or so (cause not pinned down: the JIT, or a meter rotating its time window), where
        // one object per call would cost at least 16 bytes per call. So every round stays below a byte per
        // call, and most are exactly zero.
        final long[] rounds = new long[10];
        int zero = 0;
        for (int k = 0; k < rounds.length; k++) {
            threads.getCurrentThreadAllocatedBytes();
            final long before = threads.getCurrentThreadAllocatedBytes();
            loop.run();
            rounds[k] = threads.getCurrentThreadAllocatedBytes() - before;
            zero += rounds[k] == 0 ? 1 : 0;
        }
        final String all = java.util.Arrays.toString(rounds);
        for (final long bytes : rounds) {
            assertTrue(bytes < 10_000, "below a byte per recorded decision in every round: " + all);
        }
        assertTrue(zero >= rounds.length * 2 / 3, "most rounds of 10,000 decisions allocate nothing: " + all);
    }

    private static void tally(final Map<Reason, Integer> byReason, final Decision d) {
        byReason.merge(d.reason(), 1, Integer::sum);
    }

    private static double count(final SimpleMeterRegistry registry, final Request.Op op, final Outcome outcome) {
        return registry.get(MicrometerDecisionListener.DECISIONS).tag("operation", op.name().toLowerCase(Locale.ROOT))
            .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).counter().count();
    }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("src/policies"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no src/policies above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
