package dev.baton.core;

import dev.baton.Argument;
import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.ToolArguments;
import dev.baton.policy.PolicyError;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Typed tool arguments and constraints: check's errors with line and column, and authorize checking a
 * reusable argument list (a DENY names the argument's constraint and its line) without allocating.
 */
class ArgumentConstraintTest {
    private static final long T0 = 1_790_000_000_000L;
    static final String POLICY = String.join("\n",
        "version: \"args\"",                                                              // 1
        "vocabulary:",                                                                    // 2
        "  actions: [refund, send]",                                                      // 3
        "  data_classes: [financial]",                                                    // 4
        "  trust_domains: [acme.example, partner.example]",                               // 5
        "  tools:",                                                                       // 6
        "    ledger.refund: [refund]",                                                    // 7
        "    mail.send: [send]",                                                          // 8
        "  arguments:",                                                                   // 9
        "    ledger.refund:",                                                             // 10
        "      amount: {type: decimal, scale: 2}",                                        // 11
        "      currency: {type: enum, values: [EUR, USD]}",                               // 12
        "      order: {type: identifier}",                                                // 13
        "    mail.send:",                                                                 // 14
        "      to: {type: string}",                                                       // 15
        "agents:",                                                                        // 16
        "  support:",                                                                     // 17
        "    identity: spiffe://acme.example/agent/support",                              // 18
        "    ceiling:",                                                                   // 19
        "      capabilities: [\"ledger.refund:refund\", \"mail.send:send\"]",             // 20
        "      data: [financial]",                                                        // 21
        "      constraints:",                                                             // 22
        "        ledger.refund:",                                                         // 23
        "          amount: {range: [\"0.01\", \"500.00\"]}",                               // 24
        "          currency: {one_of: [EUR]}",                                            // 25
        "          order: {regex: \"ord-[0-9]{4,8}\"}",                                   // 26
        "        mail.send:",                                                             // 27
        "          to: {glob: \"*@customer.example\"}",                                   // 28
        "purposes:",                                                                      // 29
        "  refunds:",                                                                     // 30
        "    opened_by: [\"user:*@acme.example\"]",                                       // 31
        "    entry_agents: [support]",                                                    // 32
        "    ceiling:",                                                                   // 33
        "      capabilities: [\"*\"]",                                                    // 34
        "      data: [financial]",                                                        // 35
        "      constraints: {ledger.refund: {amount: {range: [\"0\", \"200\"]}}}",         // 36
        "default_ttl: 1h") + "\n";

    private CompiledPolicy policy;
    private DecisionCore core;
    private DecisionSlot d;
    private int support;
    private long grant;
    private int refund;
    private int send;
    private int financial;
    private Argument amount;
    private Argument currency;
    private Argument order;
    private Argument to;
    private final ToolArguments args = new ToolArguments();

    @BeforeEach
    void setUp() throws PolicyException {
        policy = PolicyCompiler.compile(PolicyParser.parse("args.yaml", POLICY));
        core = new DecisionCore(policy, new ManualClock(T0),
            CoreSettings.DEFAULT.withGrants(64, 1 << 10).withRetentionMillis(0));
        d = new DecisionSlot();
        support = core.identity("spiffe://acme.example/agent/support");
        refund = policy.capability("ledger.refund", "refund");
        send = policy.capability("mail.send", "send");
        financial = policy.dataClass("financial");
        core.open(core.identity("user:ana@acme.example"), policy.purpose("refunds"), support,
            new ScopeBits(policy).capability("ledger.refund", "refund").capability("mail.send", "send")
                .data("financial"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        grant = d.grantId();
        amount = policy.api().argument("ledger.refund", "amount");
        currency = policy.api().argument("ledger.refund", "currency");
        order = policy.api().argument("ledger.refund", "order");
        to = policy.api().argument("mail.send", "to");
    }

    private ToolArguments refundOf(final long cents, final String cur, final String ord) {
        return args.clear().decimal(amount, cents, 2).string(currency, cur).string(order, ord);
    }

    private void authorizeRefund(final ToolArguments a) {
        core.authorize(grant, support, refund, financial, null, a, d);
    }

    @Test
    void shouldAllowACallWhoseArgumentsMeetEveryConstraint() {
        authorizeRefund(refundOf(19_999, "EUR", "ord-12345"));
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        authorizeRefund(args.clear().integer(amount, 200).string(currency, "EUR").string(order, "ord-0001"));
        assertEquals(Outcome.ALLOW, d.outcome(), "200 at scale 0 is 200.00");
        core.authorize(grant, support, send, financial, null, args.clear().string(to, "ana@customer.example"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
    }

    @Test
    void shouldDenyNamingTheArgumentConstraintAndItsLine() {
        authorizeRefund(refundOf(20_001, "EUR", "ord-12345"));
        assertDenied(Reason.ARGUMENT_CONSTRAINT, "purposes.refunds.ceiling.constraints.ledger.refund.amount", 36);
        assertEquals("range [0, 200]", policy.constraints().constraintOfRule(d.rule()).text());
        authorizeRefund(refundOf(100, "USD", "ord-12345"));
        assertDenied(Reason.ARGUMENT_CONSTRAINT, "agents.support.ceiling.constraints.ledger.refund.currency", 25);
        authorizeRefund(refundOf(100, "EUR", "ord-12"));
        assertDenied(Reason.ARGUMENT_CONSTRAINT, "agents.support.ceiling.constraints.ledger.refund.order", 26);
        core.authorize(grant, support, send, financial, null, args.clear().string(to, "x@customer.example.evil"), d);
        assertDenied(Reason.ARGUMENT_CONSTRAINT, "agents.support.ceiling.constraints.mail.send.to", 28);
    }

    @Test
    void shouldDenyAMissingOrMistypedArgument() {
        authorizeRefund(args.clear().decimal(amount, 100, 2).string(currency, "EUR"));
        assertDenied(Reason.ARGUMENT_INVALID, "agents.support.ceiling.constraints.ledger.refund.order", 26);
        authorizeRefund(null);
        assertEquals(Reason.ARGUMENT_INVALID, d.reason(), "no arguments: a constrained tool is refused");
        authorizeRefund(refundOf(1_005, "EUR", "ord-12345").clear().decimal(amount, 1005, 3).string(currency, "EUR")
            .string(order, "ord-1234"));
        assertDenied(Reason.ARGUMENT_INVALID, "agents.support.ceiling.constraints.ledger.refund.amount", 24);
        authorizeRefund(args.clear().decimal(amount, 100, 2).string(currency, "GBP").string(order, "ord-1234"));
        assertDenied(Reason.ARGUMENT_INVALID, "agents.support.ceiling.constraints.ledger.refund.currency", 25);
    }

    /**
     * authorize looks for each argument first at its declared place: arguments set in any other order, or
     * with another tool's argument in that place, are found all the same.
     */
    @Test
    void shouldDecideAlikeWhateverTheOrderOfTheArguments() {
        authorizeRefund(args.clear().string(order, "ord-12345").string(currency, "EUR").decimal(amount, 100, 2));
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        authorizeRefund(args.clear().string(to, "x@customer.example").string(order, "ord-12").string(currency, "EUR")
            .decimal(amount, 100, 2));
        assertDenied(Reason.ARGUMENT_CONSTRAINT, "agents.support.ceiling.constraints.ledger.refund.order", 26);
        authorizeRefund(args.clear().string(currency, "USD").decimal(amount, 100, 2).string(order, "ord-12345"));
        assertDenied(Reason.ARGUMENT_CONSTRAINT, "agents.support.ceiling.constraints.ledger.refund.currency", 25);
    }

    /** A list carries each argument once: by the same handle, or by a handle of another policy version. */
    @Test
    void shouldRefuseTheSameArgumentTwiceInOneCall() throws PolicyException {
        final Argument older = PolicyCompiler.compile(PolicyParser.parse("args.yaml", POLICY)).api()
            .argument("ledger.refund", "amount");
        args.clear().decimal(amount, 100, 2);
        assertThrows(IllegalArgumentException.class, () -> args.decimal(amount, 200, 2));
        assertThrows(IllegalArgumentException.class, () -> args.decimal(older, 200, 2));
        assertEquals(1, args.size());
    }

    @Test
    void shouldAllocateNothingPerAuthorizeWithThreeConstraints() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final String cur = "EUR";
        final String ord = "ord-12345";
        long allowed = run(200_000, cur, ord);
        threads.getCurrentThreadAllocatedBytes();
        final long before = threads.getCurrentThreadAllocatedBytes();
        allowed += run(200_000, cur, ord);
        final long bytes = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0L, bytes, "bytes allocated by 200000 authorize calls with three constraints");
        assertEquals(400_000L, allowed, "every call in the loop must be an ALLOW");
    }

    private long run(final int n, final String cur, final String ord) {
        long allowed = 0;
        for (int i = 0; i < n; i++) {
            authorizeRefund(refundOf(1 + i % 20_000, cur, ord));
            allowed += d.outcome() == Outcome.ALLOW ? 1 : 0;
        }
        return allowed;
    }

    @Test
    void shouldReportConstraintErrorsWithLineAndColumn() {
        assertError(POLICY.replace("          currency: {one_of: [EUR]}", "          currenc: {one_of: [EUR]}"), 25, 11,
            "constraint on undeclared argument 'currenc' of tool 'ledger.refund'; declared arguments: amount, currency, order");
        assertError(POLICY.replace("[\"0.01\", \"500.00\"]", "[\"500.00\", \"0.01\"]"), 24, 27,
            "range bounds are reversed: 500.00 is above 0.01; expected [low, high]");
        assertError(POLICY.replace("ord-[0-9]{4,8}", "(ord)\\\\1"), 26, 26,
            "regular expression '(ord)\\1' is outside the linear-time form: backreferences (\\1) are not supported (at character 7)");
        assertError(POLICY.replace("[\"0.01\", \"500.00\"]", "[\"0.001\", \"500.00\"]"), 24, 28,
            "expected a decimal with at most 2 fraction digits, found '0.001'");
        assertError(POLICY.replace("{one_of: [EUR]}", "{one_of: [GBP]}"), 25, 31, "'GBP' is not a value of enum[EUR, USD]");
        assertError(POLICY.replace("{one_of: [EUR]}", "{prefix: EU}").replace("amount: {range: [\"0.01\", \"500.00\"]}",
            "amount: {prefix: \"1\"}"), 24, 28, "prefix applies to string, enum and identifier arguments; this one is decimal(2)");
    }

    private static void assertError(final String text, final int line, final int column, final String message) {
        final PolicyException e = assertThrows(PolicyException.class, () -> PolicyParser.parse("args.yaml", text));
        final List<PolicyError> errors = e.errors();
        assertEquals(1, errors.size(), e::getMessage);
        assertEquals(message, errors.get(0).message(), e::getMessage);
        assertEquals(line + ":" + column, errors.get(0).line() + ":" + errors.get(0).column(), e::getMessage);
    }

    private void assertDenied(final Reason reason, final String rule, final int line) {
        assertEquals(Outcome.DENY, d.outcome(), () -> d.describe(policy));
        assertEquals(reason, d.reason(), () -> d.describe(policy));
        assertEquals(rule, policy.ruleName(d.rule()));
        assertEquals(line, policy.ruleSource(d.rule()).line());
        assertTrue(d.describe(policy).contains("args.yaml:" + line + ":"), () -> d.describe(policy));
    }
}
