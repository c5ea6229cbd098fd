package dev.baton.core;

import dev.baton.Argument;
import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.ToolArguments;
import dev.baton.policy.PolicyError;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shared budgets: a task's total, slices handed to children that never sum past the parent's remainder,
 * calls that spend from their grant and every ancestor, and the errors {@code check} reports.
 */
class BudgetTest {
    private static final long T0 = 1_790_000_000_000L;
    static final String POLICY = String.join("\n",
        "version: \"budgets\"",                                                          // 1
        "vocabulary:",                                                                   // 2
        "  actions: [refund, read]",                                                     // 3
        "  data_classes: [financial]",                                                   // 4
        "  trust_domains: [acme.example]",                                               // 5
        "  tools:",                                                                      // 6
        "    ledger.refund: [refund, read]",                                             // 7
        "  arguments:",                                                                  // 8
        "    ledger.refund:",                                                            // 9
        "      amount: {type: decimal, scale: 2}",                                       // 10
        "      order: {type: identifier}",                                               // 11
        "  budgets:",                                                                    // 12
        "    refund-total: {tool: ledger.refund, argument: amount, actions: [refund]}",  // 13
        "agents:",                                                                       // 14
        "  lead:",                                                                       // 15
        "    identity: spiffe://acme.example/agent/lead",                                // 16
        "    ceiling: {capabilities: [\"ledger.refund:*\"], data: [financial]}",         // 17
        "    delegates_to: [lead]",                                                      // 18
        "    max_depth: 4",                                                              // 19
        "purposes:",                                                                     // 20
        "  refunds:",                                                                    // 21
        "    opened_by: [\"user:*@acme.example\"]",                                      // 22
        "    entry_agents: [lead]",                                                      // 23
        "    ceiling: {capabilities: [\"*\"], data: [financial]}",                       // 24
        "    budgets: {refund-total: \"1000.00\"}",                                      // 25
        "default_ttl: 1h") + "\n";

    private CompiledPolicy policy;
    private DecisionCore core;
    private final DecisionSlot d = new DecisionSlot();
    private int lead;
    private int refund;
    private int read;
    private int financial;
    private Argument amount;
    private final ToolArguments args = new ToolArguments();
    private final long[] counters = new long[3];

    @BeforeEach
    void setUp() throws PolicyException {
        policy = PolicyCompiler.compile(PolicyParser.parse("budgets.yaml", POLICY));
        core = new DecisionCore(policy, new ManualClock(T0), CoreSettings.DEFAULT.withGrants(64, 1 << 12));
        lead = core.identity("spiffe://acme.example/agent/lead");
        refund = policy.capability("ledger.refund", "refund");
        read = policy.capability("ledger.refund", "read");
        financial = policy.dataClass("financial");
        amount = policy.api().argument("ledger.refund", "amount");
    }

    private ScopeBits scope() {
        return new ScopeBits(policy).capability("ledger.refund", "*").data("financial");
    }

    private long open(final ScopeBits scope) {
        core.open(core.identity("user:ana@acme.example"), policy.purpose("refunds"), lead, scope, d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        return d.grantId();
    }

    private DecisionSlot spend(final long grant, final long cents) {
        return core.authorize(grant, lead, refund, financial, null, args.clear().decimal(amount, cents, 2), d);
    }

    private DecisionSlot delegate(final long parent, final String slice) {
        final ScopeBits s = scope();
        if (slice != null) {
            s.slice("refund-total", slice);
        }
        return core.delegate(parent, lead, lead, s, d);
    }

    private long remainder(final long grant) {
        assertTrue(core.counters().budget(grant, 0, counters), "the grant has the budget");
        return counters[0] - counters[1] - counters[2];
    }

    @Test
    void shouldSpendTheTasksTotalAndNoMore() {
        final long root = open(scope());
        assertEquals(100_000, remainder(root), "a root gets its purpose's total");
        assertEquals(Outcome.ALLOW, spend(root, 60_000).outcome(), () -> d.describe(policy));
        assertEquals(Outcome.ALLOW, spend(root, 40_000).outcome(), () -> d.describe(policy));
        assertEquals(Reason.BUDGET_EXCEEDED, spend(root, 1).reason(), "the total is spent");
        assertEquals("purposes.refunds.budgets.refund-total", policy.ruleName(d.rule()));
        assertEquals(25, policy.ruleSource(d.rule()).line(), "the refusal names the purpose's budget line");
        assertEquals(0, remainder(root));
        assertEquals(Outcome.ALLOW, core.authorize(root, lead, read, financial, null, null, d).outcome(),
            "an action the budget does not count spends nothing");
    }

    @Test
    void shouldRefuseACallThatDoesNotCarryItsAmount() {
        final long root = open(scope());
        core.authorize(root, lead, refund, financial, null, args.clear(), d);
        assertEquals(Reason.ARGUMENT_INVALID, d.reason());
        assertEquals("vocabulary.budgets.refund-total", policy.ruleName(d.rule()));
        assertEquals(Reason.ARGUMENT_INVALID, spend(root, -5).reason(), "a negative amount would refill the budget");
        assertEquals(100_000, remainder(root), "a refused call spends nothing");
    }

    @Test
    void shouldHandOutSlicesThatNeverSumPastTheRemainder() {
        final long root = open(scope());
        spend(root, 10_000);
        assertEquals(Outcome.ALLOW, delegate(root, "500.00").outcome(), () -> d.describe(policy));
        final long a = d.grantId();
        assertEquals(Outcome.ALLOW, delegate(root, "400.00").outcome(), () -> d.describe(policy));
        final long b = d.grantId();
        assertEquals(Reason.BUDGET_EXCEEDED, delegate(root, "0.01").reason(), "100 spent + 900 handed out = 1000");
        assertEquals(0, remainder(root));
        assertEquals(Outcome.ALLOW, delegate(root, null).outcome(), "a child asking for no slice is still allowed");
        final long none = d.grantId();
        assertEquals(Reason.BUDGET_EXCEEDED, spend(none, 1).reason(), "but it has nothing to spend");

        assertEquals(Outcome.ALLOW, spend(a, 45_000).outcome());
        assertEquals(Reason.BUDGET_EXCEEDED, spend(a, 5_001).reason(), "a child spends only its slice");
        assertEquals(Outcome.ALLOW, delegate(a, "50.00").outcome(), () -> d.describe(policy));
        final long grandchild = d.grantId();
        assertEquals(Outcome.ALLOW, spend(grandchild, 5_000).outcome());
        assertEquals(0, remainder(a), "the grandchild spent the rest of a's slice");
        assertTrue(core.counters().budget(root, 0, counters));
        assertEquals(10_000 + 50_000, counters[1], "the root counts what its descendants spent");
        assertEquals(40_000, counters[2], "and keeps b's slice set aside");
        assertEquals(40_000, remainder(b));
    }

    @Test
    void shouldOpenWithLessThanTheTotalButNeverMore() {
        assertEquals(25_000, remainder(open(scope().slice("refund-total", "250.00"))));
        core.open(core.identity("user:ana@acme.example"), policy.purpose("refunds"), lead,
            scope().slice("refund-total", "1000.01"), d);
        assertEquals(Reason.BUDGET_EXCEEDED, d.reason());
        assertThrows(IllegalArgumentException.class, () -> scope().slice("refund-total", "1.001"),
            "an amount finer than the budget's scale");
    }

    /** Random trees of slices and spends: no grant's spent plus reserved passes its limit, nor the task its total. */
    @Property(tries = 200)
    void shouldNeverOverspendWhateverTheOrder(@ForAll final long seed, @ForAll @IntRange(min = 5, max = 80) final int steps)
        throws PolicyException {
        setUp();
        final Random random = new Random(seed);
        final long root = open(scope());
        final List<Long> grants = new ArrayList<>(List.of(root));
        long allowedSpend = 0;
        for (int i = 0; i < steps; i++) {
            final long g = grants.get(random.nextInt(grants.size()));
            if (random.nextBoolean()) {
                final long cents = random.nextInt(40_000);
                if (spend(g, cents).allowed()) {
                    allowedSpend += cents;
                }
            } else if (delegate(g, (random.nextInt(50_000) / 100) + ".00").allowed()) {
                grants.add(d.grantId());
            }
        }
        assertTrue(core.counters().budget(root, 0, counters));
        assertEquals(allowedSpend, counters[1], "the root counts every allowed spend");
        assertTrue(counters[1] + counters[2] <= 100_000, "never past the total");
        for (final long g : grants) {
            if (core.counters().budget(g, 0, counters)) {
                assertTrue(counters[1] + counters[2] <= counters[0], "spent + reserved within the limit");
                assertTrue(counters[1] >= 0 && counters[2] >= 0);
            }
        }
    }

    @Test
    void shouldReportBudgetMistakesAtTheirLine() {
        assertError(POLICY.replace("argument: amount, actions", "argument: order, actions"), 13,
            "a budget counts an integer or decimal argument; 'order' is identifier");
        assertError(POLICY.replace("argument: amount, actions", "argument: amout, actions"), 13,
            "budget on undeclared argument 'amout' of tool 'ledger.refund'; declared arguments: amount, order");
        assertError(POLICY.replace("{refund-total: \"1000.00\"}", "{refund-totl: \"1000.00\"}"), 25,
            "unknown budget 'refund-totl'; declared budgets: refund-total");
        assertError(POLICY.replace("\"1000.00\"", "\"-1.00\""), 25, "a budget's total is at least 0, found -1.00");
        assertError(POLICY.replace("\"1000.00\"", "\"10.001\""), 25, "at most 2 fraction digits");
        assertError(POLICY.replace("actions: [refund]}", "actions: [pay]}"), 13,
            "the tool does not offer action 'pay'");
    }

    @Test
    void shouldListEveryStepThatRefusesADelegation() {
        final long root = open(scope());
        spend(root, 100_000);
        final ScopeBits wider = new ScopeBits(policy).capability("ledger.refund", "*").data("financial")
            .slice("refund-total", "1.00");
        core.delegate(root, lead, core.identity("spiffe://acme.example/agent/lead"), wider, d);
        assertEquals(Reason.BUDGET_EXCEEDED, d.reason(), "the budget is the only refusing step here");
        final DecisionSlot[] all = new DecisionSlot[8];
        for (int i = 0; i < all.length; i++) {
            all[i] = new DecisionSlot();
        }
        assertEquals(1, core.denials(root, lead, lead, wider, all));
        assertEquals(Reason.BUDGET_EXCEEDED, all[0].reason());
        final ScopeBits none = new ScopeBits(policy).capability("ledger.refund", "*").data("financial");
        assertEquals(0, core.denials(root, lead, lead, none, all), "a slice-free delegation passes every step");
    }

    @Test
    void shouldWarnOfABudgetThatCountsNothing() throws PolicyException {
        final String unused = POLICY.replace("    budgets: {refund-total: \"1000.00\"}\n", "");
        final List<PolicyError> warnings = dev.baton.policy.PolicyWarnings.of(PolicyParser.parse("budgets.yaml", unused));
        assertEquals("budgets.yaml:13:5: vocabulary.budgets.refund-total: warning: no purpose gives budget"
            + " 'refund-total' a total (purposes.<purpose>.budgets), so it counts nothing", warnings.get(0).toString());
        assertTrue(dev.baton.policy.PolicyWarnings.of(PolicyParser.parse("budgets.yaml", POLICY)).stream()
            .noneMatch(w -> w.field().contains("budgets")), "the test policy uses its budget");
    }

    private static void assertError(final String text, final int line, final String message) {
        final PolicyException e = assertThrows(PolicyException.class, () -> PolicyParser.parse("budgets.yaml", text));
        final PolicyError first = e.errors().get(0);
        assertTrue(first.message().contains(message), () -> e.getMessage());
        assertEquals(line, first.line(), () -> e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }
}
