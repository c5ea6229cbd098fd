package dev.baton.bench;

import dev.baton.Argument;
import dev.baton.ToolArguments;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.CoreSettings;
import dev.baton.core.DecisionCore;
import dev.baton.core.DecisionSlot;
import dev.baton.core.ManualClock;
import dev.baton.core.PolicyCompiler;
import dev.baton.core.ScopeBits;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;

/**
 * One {@code authorize} of {@code pay.refund:refund} whose agent ceiling constrains {@code n} of its
 * arguments, the kinds taken in turn: a decimal range, an enum one-of, an identifier regex, a string glob.
 * With {@code n = 0} the tool declares no argument and the call carries none: the baseline.
 * The argument list is built once and reused, as a caller would per thread.
 * <p>
 * <b>Note:</b> not thread-safe: one per benchmark thread.
 */
final class ConstrainedCall {
    private static final String[] DECLARE = {
        "amount: {type: decimal, scale: 2}", "currency: {type: enum, values: [EUR, USD, GBP]}",
        "order: {type: identifier}", "to: {type: string}"};
    private static final String[] CONSTRAIN = {
        "amount: {range: [\"0.01\", \"500.00\"]}", "currency: {one_of: [EUR, USD]}",
        "order: {regex: \"ord-[0-9]{4,8}\"}", "to: {glob: \"*@customer.example\"}"};

    private final DecisionCore core;
    private final DecisionSlot out = new DecisionSlot();
    private final ToolArguments args = new ToolArguments();
    private final int holder;
    private final int capability;
    private final int data;
    private final long grant;

    ConstrainedCall(final int n) {
        final CompiledPolicy policy;
        try {
            policy = PolicyCompiler.compile(PolicyParser.parse("constrained-" + n + ".yaml", yaml(n)));
        } catch (final PolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        core = new DecisionCore(policy, new ManualClock(1_800_000_000_000L),
            CoreSettings.DEFAULT.withGrants(64, 1 << 10));
        holder = core.identity("spiffe://bench.example/agent/payer");
        capability = policy.capability("pay.refund", "refund");
        data = policy.dataClass("financial");
        core.open(core.identity("user:alice@bench.example"), policy.purpose("refunds"), holder,
            new ScopeBits(policy).capability("pay.refund", "refund").data("financial"), out);
        if (!out.allowed()) {
            throw new IllegalStateException("cannot open the benchmark's root grant: " + out.describe(policy));
        }
        grant = out.grantId();
        final String[] names = {"amount", "currency", "order", "to"};
        for (int i = 0; i < n; i++) {
            final Argument a = policy.api().argument("pay.refund", names[i % names.length] + (i / names.length));
            switch (i % names.length) {
                case 0:
                    args.decimal(a, 12_345, 2);
                    break;
                case 1:
                    args.string(a, "EUR");
                    break;
                case 2:
                    args.string(a, "ord-123456");
                    break;
                default:
                    args.string(a, "ana@customer.example");
            }
        }
    }

    /** @return the decision (an ALLOW). */
    DecisionSlot authorize() {
        return core.authorize(grant, holder, capability, data, null, args, out);
    }

    /** Throws unless {@code times} calls are all allowed. */
    void check(final int times) {
        for (int i = 0; i < times; i++) {
            if (!authorize().allowed()) {
                throw new IllegalStateException("the constrained call was refused: " + out.reason());
            }
        }
    }

    static String yaml(final int n) {
        final StringBuilder declare = new StringBuilder();
        final StringBuilder constrain = new StringBuilder();
        for (int i = 0; i < n; i++) {
            final String suffix = String.valueOf(i / DECLARE.length);
            declare.append("      ").append(DECLARE[i % DECLARE.length].replaceFirst(":", suffix + ":")).append('\n');
            constrain.append("          ").append(CONSTRAIN[i % CONSTRAIN.length].replaceFirst(":", suffix + ":"))
                .append('\n');
        }
        return "version: \"constrained-" + n + "\"\n"
            + "vocabulary:\n  actions: [refund]\n  data_classes: [financial]\n  trust_domains: [bench.example]\n"
            + "  tools:\n    pay.refund: [refund]\n"
            + (n == 0 ? "" : "  arguments:\n    pay.refund:\n" + declare)
            + "agents:\n  payer:\n    identity: spiffe://bench.example/agent/payer\n    ceiling:\n"
            + "      capabilities: [\"pay.refund:refund\"]\n      data: [financial]\n"
            + (n == 0 ? "" : "      constraints:\n        pay.refund:\n" + constrain)
            + "purposes:\n  refunds:\n    opened_by: [\"user:*@bench.example\"]\n    entry_agents: [payer]\n"
            + "    ceiling: {capabilities: [\"*\"], data: [financial]}\n"
            + "default_ttl: 30d\n";
    }
}
