package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.Argument;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.ToolArguments;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random single-threaded workload of budgets and M-of-N reviews for snapshot tests (policy
 * snapshot-ledger.yaml): opens of tasks with a total, spends at the root, delegations asking for slices
 * (held for three approvals), approvals and denials by four reviewers (some repeated), spends by approved
 * clerks; the clock moves so some reviews time out.
 */
final class LedgerWorkload {
    static final Policy POLICY = load();

    private final JournaledEngine engine;
    private final SnapshotWorkload.SteppedClock clock;
    private final SplittableRandom random;
    private final long[] roots = new long[8];
    private final long[] pending = new long[16];
    private final int[] pendingClerk = new int[16];
    private final long[] clerks = new long[16];
    private final int[] clerkOf = new int[16];
    private int rootCount;
    private int pendingCount;
    private int clerkCount;

    LedgerWorkload(final JournaledEngine engine, final SnapshotWorkload.SteppedClock clock, final long seed) {
        this.engine = engine;
        this.clock = clock;
        this.random = new SplittableRandom(seed);
    }

    private static Policy load() {
        try {
            return Policy.load(Path.of(LedgerWorkload.class.getResource("/policies/snapshot-ledger.yaml").toURI()));
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one operation per entry of {@code ops} (each 0..99 picks the kind). */
    void run(final List<Integer> ops) {
        final Capability refund = POLICY.capability("ledger.refund", "refund");
        final DataClass financial = POLICY.dataClass("financial");
        final Argument amount = POLICY.argument("ledger.refund", "amount");
        final ToolArguments args = new ToolArguments();
        final Agent lead = engine.agent("spiffe://acme.example/agent/lead");
        final Principal[] reviewers = new Principal[4];
        for (int i = 0; i < reviewers.length; i++) {
            reviewers[i] = engine.principal("user:r" + i + "@finance.acme.example");
        }
        final GrantRef ref = new GrantRef();
        try (DecisionSession s = engine.session()) {
            for (final int dice : ops) {
                clock.advance(random.nextInt(25) == 0 ? 700_000 : random.nextInt(3_000));
                if (dice < 10 || rootCount == 0) {
                    final Decision d = s.open(engine.principal("user:ana@acme.example"), POLICY.purpose("refunds"), lead,
                        POLICY.scope().capability(refund).data(financial).build());
                    if (d.outcome() == Outcome.ALLOW) {
                        roots[rootCount++ % roots.length] = d.grantId();
                        rootCount = Math.min(rootCount, roots.length); // the newest roots, kept in a ring
                    }
                } else if (dice < 30) {
                    final long cents = 1 + random.nextInt(40_000);
                    final int c = random.nextInt(4);
                    final Agent clerk = engine.agent("spiffe://acme.example/agent/clerk/c" + c);
                    final Decision d = s.delegate(ref.id(roots[random.nextInt(rootCount)]), lead, clerk,
                        POLICY.scope().capability(refund).data(financial)
                            .budget("refund-total", String.format("%d.%02d", cents / 100, cents % 100)).build());
                    if (d.outcome() == Outcome.REVIEW && pendingCount < pending.length) {
                        pendingClerk[pendingCount] = c;
                        pending[pendingCount++] = d.grantId();
                    }
                } else if (dice < 60 && pendingCount > 0) {
                    final int k = random.nextInt(pendingCount);
                    final Decision d = s.review(ref.id(pending[k]), reviewers[random.nextInt(4)], random.nextInt(8) != 0);
                    if (d.outcome() == Outcome.ALLOW && clerkCount < clerks.length) {
                        clerkOf[clerkCount] = pendingClerk[k];
                        clerks[clerkCount++] = pending[k];
                    }
                    if (d.outcome() != Outcome.REVIEW) {
                        pendingClerk[k] = pendingClerk[pendingCount - 1];
                        pending[k] = pending[--pendingCount];
                    }
                } else if (dice < 80 && clerkCount > 0) {
                    final int k = random.nextInt(clerkCount);
                    s.authorize(ref.id(clerks[k]), engine.agent("spiffe://acme.example/agent/clerk/c" + clerkOf[k]),
                        refund, financial, null, null,
                        args.clear().decimal(amount, 1 + random.nextInt(20_000), 2));
                } else {
                    s.authorize(ref.id(roots[random.nextInt(rootCount)]), lead, refund, financial, null, null,
                        args.clear().decimal(amount, 1 + random.nextInt(9_000), 2));
                }
            }
        }
    }
}
