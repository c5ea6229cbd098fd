package dev.baton.core;

import dev.baton.Argument;
import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.ToolArguments;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code authorize} decides a constrained call exactly as the reference check does (each constraint of
 * the agent's ceiling, then of the purpose's, in order, by {@link ArgumentCheck#holds}): same outcome,
 * same reason, same rule, for random calls that are valid, mistyped, missing arguments, or outside a
 * constraint, over every way {@link ArgumentTest} tests one (number, enum, identifier and string
 * tables, string, typed).
 */
class ArgumentTestPropertyTest {
    private static final String POLICY = String.join("\n",
        "version: \"plan\"",
        "vocabulary:",
        "  actions: [refund]",
        "  data_classes: [financial]",
        "  trust_domains: [acme.example]",
        "  tools:",
        "    ledger.refund: [refund]",
        "  arguments:",
        "    ledger.refund:",
        "      amount: {type: decimal, scale: 2}",
        "      count: {type: integer}",
        "      currency: {type: enum, values: [EUR, USD, GBP, EUROCLEARING]}",
        "      tier: {type: enum, values: [a1, a2, b1]}",
        "      order: {type: identifier}",
        "      ref: {type: identifier}",
        "      note: {type: string}",
        "      to: {type: string}",
        "      path: {type: identifier}",
        "agents:",
        "  support:",
        "    identity: spiffe://acme.example/agent/support",
        "    ceiling:",
        "      capabilities: [\"ledger.refund:refund\"]",
        "      data: [financial]",
        "      constraints:",
        "        ledger.refund:",
        "          amount: {range: [\"0.01\", \"5.00\"]}",
        "          count: {one_of: [\"1\", \"2\", \"3\"]}",
        "          currency: {one_of: [EUR, USD, EUROCLEARING]}",
        "          tier: {regex: \"a[0-9]\"}",
        "          order: {regex: \"o-[0-9]{1,3}\"}",
        "          ref: {one_of: [r-1, r-2]}",
        "          note: {regex: \"[a-z ]*\"}",
        "          to: {glob: \"*@c.example\"}",
        "          path: {prefix: \"p/\"}",
        "purposes:",
        "  refunds:",
        "    opened_by: [\"user:*@acme.example\"]",
        "    entry_agents: [support]",
        "    ceiling:",
        "      capabilities: [\"*\"]",
        "      data: [financial]",
        "      constraints: {ledger.refund: {amount: {range: [\"0\", \"3\"]}}}",
        "default_ttl: 1h") + "\n";
    private static final String[] NAMES = {"amount", "count", "currency", "tier", "order", "ref", "note", "to", "path"};
    private static final String[] WORDS = {"", "EUR", "USD", "GBP", "eur", "a1", "a2", "b1", "a12", "o-1", "o-123",
        "o-1234", "o-", "r-1", "r-2", "r-3", "ab c", "AB", "x@c.example", "@c.example", "x@c.examplex", "p/", "p/a",
        "q/a", "p/ a", "é", "o-1é", "EUROCLEARING", "EUROCLEARINX", "EU", "EURO", "USDX"};

    private final CompiledPolicy policy;
    private final DecisionCore core;
    private final DecisionSlot d = new DecisionSlot();
    private final int support;
    private final long grant;
    private final int refund;
    private final Argument[] handles = new Argument[NAMES.length];
    private final ToolArguments args = new ToolArguments();

    ArgumentTestPropertyTest() throws PolicyException {
        policy = PolicyCompiler.compile(PolicyParser.parse("plan.yaml", POLICY));
        core = new DecisionCore(policy, new ManualClock(1_790_000_000_000L),
            CoreSettings.DEFAULT.withGrants(64, 1 << 10).withRetentionMillis(0));
        support = core.identity("spiffe://acme.example/agent/support");
        refund = policy.capability("ledger.refund", "refund");
        core.open(core.identity("user:ana@acme.example"), policy.purpose("refunds"), support,
            new ScopeBits(policy).capability("ledger.refund", "refund").data("financial"), d);
        grant = d.grantId();
        for (int i = 0; i < NAMES.length; i++) {
            handles[i] = policy.api().argument("ledger.refund", NAMES[i]);
        }
    }

    @Property(tries = 3000)
    void shouldDecideAsTheReferenceCheckDoes(@ForAll final long seed) {
        final Random rnd = new Random(seed);
        args.clear();
        for (final int i : order(rnd)) {
            if (rnd.nextInt(40) == 0) {
                continue; // a missing argument
            }
            final boolean wild = rnd.nextInt(8) == 0;
            if (i < 2 && !wild) {
                args.decimal(handles[i], i == 0 ? 1 + rnd.nextInt(300) : 1 + rnd.nextInt(3), i == 0 ? 2 : 0);
            } else if (wild && rnd.nextBoolean()) {
                args.decimal(handles[i], rnd.nextInt(900) - 100, rnd.nextInt(4));
            } else {
                args.string(handles[i], wild ? WORDS[rnd.nextInt(WORDS.length)] : plausible(rnd, i));
            }
        }
        core.authorize(grant, support, refund, policy.dataClass("financial"), null, args, d);
        final ConstraintTable t = policy.constraints;
        final int[] expected = reference(t, t.agentRow + policy.agent("support"));
        final int[] then = expected != null ? expected : reference(t, t.purposeRow + policy.purpose("refunds"));
        if (then == null) {
            assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy) + " for " + describe());
        } else {
            assertEquals(Reason.values()[then[0]], d.reason(), () -> d.describe(policy) + " for " + describe());
            assertEquals(then[1], d.rule(), () -> d.describe(policy) + " for " + describe());
        }
    }

    /** @return {reason ordinal, rule} of the first entry of {@code row} that refuses, or null. */
    private int[] reference(final ConstraintTable t, final int row) {
        for (int e = t.rowStart[row]; e < t.rowStart[row + 1]; e++) {
            int at = -1;
            for (int i = args.size() - 1; i >= 0; i--) {
                if (PolicyNames.rebind(args.argument(i), policy) == t.entryArgument[e]) {
                    at = i;
                }
            }
            final Reason r = at < 0 ? Reason.ARGUMENT_INVALID
                : ArgumentCheck.holds(t.argumentType[t.entryArgument[e]], t.entryConstraint[e], args, at);
            if (r != null) {
                return new int[] {r.ordinal(), t.entryRule[e]};
            }
        }
        return null;
    }

    private static int[] order(final Random rnd) {
        final int[] o = new int[NAMES.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        for (int i = o.length - 1; i > 0; i--) {
            final int j = rnd.nextInt(i + 1);
            final int x = o[i];
            o[i] = o[j];
            o[j] = x;
        }
        return o;
    }

    /** A value likely to pass argument {@code i}'s constraint, so that later constraints are reached. */
    private static String plausible(final Random rnd, final int i) {
        final String[][] good = {{}, {}, {"EUR", "USD", "EUROCLEARING"}, {"a1", "a2"}, {"o-1", "o-42", "o-999"}, {"r-1", "r-2"},
            {"ab c", "", "z"}, {"x@c.example", "@c.example"}, {"p/", "p/a.b"}};
        return good[i][rnd.nextInt(good[i].length)];
    }

    private String describe() {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            sb.append(args.argument(i).argument()).append('=');
            if (args.isNumber(i)) {
                sb.append(args.number(i)).append('e').append(-args.scale(i));
            } else {
                sb.append('\'').append(new String(args.buffer(), args.offset(i), args.length(i),
                    java.nio.charset.StandardCharsets.UTF_8)).append('\'');
            }
            sb.append(' ');
        }
        return sb.toString();
    }
}
