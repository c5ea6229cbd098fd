package dev.baton.engine;

import dev.baton.Outcome;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.core.ScopeBits;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A single-threaded random workload for snapshot tests: opens (some held for review), reviews,
 * delegations, fan-outs, tool calls, revocations, closes, break-glass, policy swaps (one of which revokes
 * the break-glass grants) and new ephemeral workers, on a clock the workload moves forward (so grants
 * expire, reviews time out and dead grants and idle identities are reclaimed).
 */
final class SnapshotWorkload {
    static final CompiledPolicy RULES = EngineFixture.POLICY;
    static final CompiledPolicy NARROWED = EngineFixture.load("rules-narrowed.yaml");
    static final CompiledPolicy NO_GLASS = withoutBreakGlass();
    private static final CompiledPolicy[] POLICIES = {RULES, NARROWED, NO_GLASS};
    private static final int POOL = 32;

    /** The engine's clock: moved by the workload only. */
    static final class SteppedClock implements InstantSource {
        private volatile long millis = 1_800_000_000_000L;

        void advance(final long by) {
            millis += by;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private final JournaledEngine engine;
    private final SteppedClock clock;
    private final SplittableRandom random;
    private final Request r = new Request(4);
    private final long[] grants = new long[POOL];
    private final int[] holders = new int[POOL];
    private final long[] pending = new long[POOL];
    private int grantCount;
    private int pendingCount;
    private long requestIds;
    private int workers;

    SnapshotWorkload(final JournaledEngine engine, final SteppedClock clock, final long seed) {
        this.engine = engine;
        this.clock = clock;
        this.random = new SplittableRandom(seed);
    }

    private static CompiledPolicy withoutBreakGlass() {
        final CompiledPolicy p = EngineFixture.POLICY;
        final String text = p.text();
        final int from = text.indexOf("break_glass:");
        final int to = text.indexOf("administrators:");
        try {
            return dev.baton.core.PolicyCompiler.compile(dev.baton.policy.PolicyParser.parse("rules-no-glass.yaml",
                text.substring(0, from) + text.substring(to).replace("\"test-rules-1\"", "\"test-rules-3\"")));
        } catch (final dev.baton.policy.PolicyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one operation per entry of {@code ops} (each 0..99 picks the kind). */
    void run(final List<Integer> ops) {
        final int alice = engine.identity("user:alice@acme.example");
        final int oncall = engine.identity("user:oncall-bob@acme.example");
        final int security = engine.identity("user:sec@security.acme.example");
        final int planner = engine.identity("spiffe://acme.example/agent/planner");
        for (final int dice : ops) {
            clock.advance(random.nextInt(20) == 0 ? 120_000 + random.nextInt(1_200_000) : random.nextInt(2_000));
            final CompiledPolicy p = engine.compiledPolicy();
            if (dice < 3) {
                engine.swapPolicy(POLICIES[random.nextInt(POLICIES.length)]);
                continue;
            }
            final int reader = engine.identity("spiffe://acme.example/agent/reader/w" + (random.nextInt(4) == 0
                ? workers++ : random.nextInt(Math.max(1, workers))));
            final long id = ++requestIds;
            if (dice < 15 || grantCount == 0) {
                r.reset(Request.Op.OPEN, id).principal(alice).purpose(p.purpose("refund-dispute"))
                    .child(planner, dice % 3 == 0 ? deletion(p) : EngineFixture.rootScope(p));
            } else if (dice < 25 && pendingCount > 0) {
                final int k = random.nextInt(pendingCount);
                final long g = pending[k];
                pending[k] = pending[--pendingCount];
                r.reset(Request.Op.REVIEW, id).grant(g).principal(random.nextInt(4) == 0 ? alice : security)
                    .approve(random.nextInt(3) != 0);
            } else if (dice < 45) {
                final int k = random.nextInt(grantCount);
                r.reset(Request.Op.DELEGATE, id).grant(grants[k]).presenter(holders[k])
                    .child(reader, EngineFixture.readScope(p));
            } else if (dice < 52) {
                final int k = random.nextInt(grantCount);
                r.reset(Request.Op.FAN_OUT, id).grant(grants[k]).presenter(holders[k])
                    .child(reader, EngineFixture.readScope(p)).child(planner, EngineFixture.readScope(p));
            } else if (dice < 75) {
                final int k = random.nextInt(grantCount);
                r.reset(Request.Op.AUTHORIZE, id).grant(grants[k]).presenter(holders[k])
                    .call(p.capability("crm.lookup", "read"), p.dataClass("internal")).text("ticket");
            } else if (dice < 85) {
                final int k = random.nextInt(grantCount);
                r.reset(dice < 80 ? Request.Op.REVOKE : Request.Op.CLOSE, id).grant(grants[k])
                    .actor(dice < 80 ? holders[k] : alice);
            } else {
                final int rule = glassRule(p);
                r.reset(Request.Op.BREAK_GLASS, id).principal(oncall).rule(rule).purpose(p.purpose("refund-dispute"))
                    .child(planner, EngineFixture.readScope(p)).text("incident " + id).ttl(60_000);
            }
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 10, TimeUnit.SECONDS));
            learn(planner);
        }
    }

    /** The oncall rule, or 0 (out of range: refused) under the policy without break-glass. */
    private static int glassRule(final CompiledPolicy p) {
        try {
            return p.breakGlassRule("oncall");
        } catch (final dev.baton.UnknownNameException e) {
            return 0;
        }
    }

    private static ScopeBits deletion(final CompiledPolicy p) {
        return new ScopeBits(p).capability("files.delete", "delete").data("internal");
    }

    private void learn(final int planner) {
        for (int i = 0; i < r.children(); i++) {
            final DecisionSlot d = r.decision(i);
            if (d.outcome() == Outcome.REVIEW) {
                pendingCount = add(pending, null, pendingCount, d.grantId(), 0);
            } else if (d.outcome() == Outcome.ALLOW && d.grantId() > 0 && r.op() != Request.Op.AUTHORIZE) {
                grantCount = add(grants, holders, grantCount, d.grantId(), r.op() == Request.Op.OPEN ? planner : r.agents[i]);
            }
        }
    }

    private int add(final long[] pool, final int[] holder, final int count, final long grant, final int who) {
        final int k = count < POOL ? count : random.nextInt(POOL);
        pool[k] = grant;
        if (holder != null) {
            holder[k] = who;
        }
        return Math.min(count + 1, POOL);
    }
}
