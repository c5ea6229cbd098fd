package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.Argument;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.FanOut;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Reason;
import dev.baton.Scope;
import dev.baton.ToolArguments;
import dev.baton.core.DecisionCore;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eight producers share one task's refund budget on the journaled engine: each fans out to clerks asking
 * for slices and has them spend concurrently. The slices allowed never sum past the total, no clerk spends
 * past its slice, the task never spends past its total; and replaying the journal rebuilds every grant's
 * remainder exactly as the live decisions imply.
 */
class BudgetConcurrencyTest {
    private static final int PRODUCERS = 8;
    private static final int ROUNDS = 6;
    private static final int CLERKS = 4;
    private static final long TOTAL = 100_000; // 1000.00

    @RepeatedTest(3)
    void shouldNeverOverspendAndReplayEveryRemainder(@TempDir final Path dir, final RepetitionInfo info) throws Exception {
        final Policy policy = Policy.load(Path.of(BudgetConcurrencyTest.class.getResource("/policies/budgets.yaml").toURI()));
        final Map<Long, Long> sliceOf = new ConcurrentHashMap<>();
        final Map<Long, AtomicLong> spentBy = new ConcurrentHashMap<>();
        final long root;
        try (JournaledEngine engine = JournaledEngine.start(EngineConfig.of(policy, dir).fsync(FsyncMode.NONE, 0))) {
            final Agent lead = engine.agent("spiffe://acme.example/agent/lead");
            final Agent[] clerks = new Agent[CLERKS];
            for (int c = 0; c < CLERKS; c++) {
                clerks[c] = engine.agent("spiffe://acme.example/agent/clerk/c" + c);
            }
            try (DecisionSession s = engine.session()) {
                final Decision d = s.open(engine.principal("user:ana@acme.example"), policy.purpose("refunds"), lead,
                    policy.scope().capability("ledger.refund", "refund").data("financial").build());
                assertEquals(Outcome.ALLOW, d.outcome(), d::toString);
                root = d.grantId();
            }
            final ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
            final CountDownLatch start = new CountDownLatch(1);
            final Future<?>[] done = new Future<?>[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                final long seed = info.getCurrentRepetition() * 1000L + p;
                done[p] = pool.submit(() -> {
                    start.await();
                    produce(engine, policy, root, lead, clerks, new Random(seed), sliceOf, spentBy);
                    return null;
                });
            }
            start.countDown();
            for (final Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        long slices = 0;
        long spent = 0;
        for (final Map.Entry<Long, Long> e : sliceOf.entrySet()) {
            final long child = spentBy.get(e.getKey()).get();
            assertTrue(child <= e.getValue(), "no clerk spends past its slice");
            slices += e.getValue();
            spent += child;
        }
        assertTrue(slices <= TOTAL, "the slices allowed never sum past the total: " + slices);
        assertTrue(slices > TOTAL / 2, "the producers competed for the budget: " + slices);
        assertTrue(spent > 0, "clerks spent");

        final JournalReplay replay = new JournalReplay(null, 64, 1 << 20, 60_000, null).replay(dir);
        assertNull(replay.problem(), replay.problem());
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        final DecisionCore core = replay.core();
        final long[] counters = new long[3];
        assertTrue(core.counters().budget(root, 0, counters));
        assertEquals(TOTAL, counters[0]);
        assertEquals(spent, counters[1], "the root counts every spend of its clerks");
        assertEquals(slices - spent, counters[2], "and keeps the rest of their slices set aside");
        for (final Map.Entry<Long, Long> e : sliceOf.entrySet()) {
            assertTrue(core.counters().budget(e.getKey(), 0, counters));
            assertEquals(e.getValue(), counters[0], "the replayed slice");
            assertEquals(spentBy.get(e.getKey()).get(), counters[1], "the replayed spend of clerk grant " + e.getKey());
        }
    }

    private static void produce(final JournaledEngine engine, final Policy policy, final long root, final Agent lead,
                                final Agent[] clerks, final Random random, final Map<Long, Long> sliceOf,
                                final Map<Long, AtomicLong> spentBy) {
        final Capability refund = policy.capability("ledger.refund", "refund");
        final DataClass financial = policy.dataClass("financial");
        final Argument amount = policy.argument("ledger.refund", "amount");
        final ToolArguments args = new ToolArguments();
        final GrantRef parent = new GrantRef().id(root);
        final GrantRef child = new GrantRef();
        try (DecisionSession s = engine.session()) {
            for (int round = 0; round < ROUNDS; round++) {
                final Scope[] scopes = new Scope[CLERKS];
                final long[] asked = new long[CLERKS];
                for (int c = 0; c < CLERKS; c++) {
                    asked[c] = 100 * (1 + random.nextInt(4000)) / 10; // 0.10 .. 400.00
                    scopes[c] = policy.scope().capability(refund).data(financial)
                        .budget("refund-total", String.format("%d.%02d", asked[c] / 100, asked[c] % 100)).build();
                }
                final FanOut fan = s.fanOut(parent, lead, clerks, scopes);
                final long[] grants = new long[CLERKS];
                for (int c = 0; c < CLERKS; c++) {
                    final Decision d = fan.child(c);
                    if (d.allowed()) {
                        grants[c] = d.grantId();
                        sliceOf.put(d.grantId(), asked[c]);
                        spentBy.put(d.grantId(), new AtomicLong());
                    } else {
                        assertEquals(Reason.BUDGET_EXCEEDED, d.reason(), d::toString);
                    }
                }
                for (int c = 0; c < CLERKS; c++) {
                    if (grants[c] == 0) {
                        continue;
                    }
                    child.id(grants[c]);
                    for (int k = 0; k < 5; k++) {
                        final long cents = 1 + random.nextInt(12_000);
                        final Decision d = s.authorize(child, clerks[c], refund, financial, null, null,
                            args.clear().decimal(amount, cents, 2));
                        if (d.allowed()) {
                            spentBy.get(grants[c]).addAndGet(cents);
                        } else {
                            assertEquals(Reason.BUDGET_EXCEEDED, d.reason(), d::toString);
                        }
                    }
                }
            }
        }
    }
}
