package dev.baton.audit;

import dev.baton.ToolArguments;
import dev.baton.constraint.ArgumentType;
import dev.baton.core.BudgetTable;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionCore;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Writes what {@code explain} shows beside a decision: a call's typed arguments as recorded, the budgets of
 * the grant it concerns (limit, spent, set aside for children's slices, remainder), and the argument
 * constraints it is held to.
 * <p>
 * <b>Note:</b> stateless; allocates the text.
 */
final class BudgetText {
    private BudgetText() {
    }

    /** @return {@code amount=150.00, to="ana@customer.example"}, or null for no arguments. */
    static String arguments(final ToolArguments args, final CompiledPolicy policy) {
        if (args == null || args.size() == 0) {
            return null;
        }
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(args.argument(i).argument()).append('=');
            if (args.isNumber(i)) {
                sb.append(BigDecimal.valueOf(args.number(i), args.scale(i)).toPlainString());
            } else {
                sb.append('"').append(new String(args.buffer(), args.offset(i), args.length(i), StandardCharsets.UTF_8)
                    .replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return sb.toString();
    }

    /**
     * @return an ARGUMENTS record as text: the arguments ({@code amount=150.00}), each child's slices
     *     ({@code child 0 slice refund-total=150.00}) and requested constraints ({@code child 0 requested
     *     ledger.refund.amount range [0.00, 50.00]}), named by {@code policy} (the one that decided).
     */
    static String record(final dev.baton.codec.ArgumentsBodyDecoder d, final CompiledPolicy policy) {
        final StringBuilder sb = new StringBuilder();
        final byte[] bytes = new byte[ToolArguments.MAX_BYTES];
        for (int i = 0; i < d.argumentCount(); i++) {
            final dev.baton.Argument a = policy.api().argumentAt(d.argument(i));
            sb.append(i == 0 ? "" : ", ").append(a == null ? "#" + d.argument(i) : a.argument()).append('=');
            if (d.isNumber(i)) {
                sb.append(BigDecimal.valueOf(d.number(i), d.scale(i)).toPlainString());
            } else {
                final int n = d.getBytes(i, bytes, 0);
                sb.append('"').append(new String(bytes, 0, n, StandardCharsets.UTF_8).replace("\\", "\\\\")
                    .replace("\"", "\\\"")).append('"');
            }
        }
        final BudgetTable t = policy.budgets();
        for (int j = 0; j < d.sliceCount(); j++) {
            final int b = d.sliceBudget(j);
            sb.append(sb.length() == 0 ? "" : ", ").append("child ").append(d.sliceChild(j)).append(" slice ")
                .append(b < t.count() ? t.name(b) + '=' + t.type(b).formatNumber(d.sliceAmount(j)) : "#" + b);
        }
        final byte[] list = new byte[dev.baton.codec.ConstraintsLayout.MAX_LENGTH];
        final dev.baton.codec.ConstraintsDecoder constraints = new dev.baton.codec.ConstraintsDecoder();
        for (int j = 0; j < d.listCount(); j++) {
            sb.append(sb.length() == 0 ? "" : ", ").append("child ").append(d.listChild(j)).append(" requested ");
            if (constraints.wrap(list, 0, d.getList(j, list, 0), null) != dev.baton.codec.CodecError.OK) {
                sb.append("(malformed)");
                continue;
            }
            for (int e = 0; e < constraints.count(); e++) {
                sb.append(e == 0 ? "" : " and ").append(requested(constraints, e, policy));
            }
        }
        return sb.toString();
    }

    /** @return entry {@code e} of a requested constraint list as {@code ledger.refund.amount range [0.00, 50.00]}. */
    private static String requested(final dev.baton.codec.ConstraintsDecoder list, final int e,
                                    final CompiledPolicy policy) {
        final int a = list.argument(e);
        if (a >= policy.constraints().argumentCount()) {
            return "#" + a + " (unreadable)";
        }
        try {
            return policy.constraints().argumentName(a) + ' '
                + new dev.baton.core.ScopeBits(policy).constrain(list, e).requestedConstraint(0).text();
        } catch (final IllegalArgumentException unreadable) {
            return policy.constraints().argumentName(a) + " (unreadable: " + unreadable.getMessage() + ')';
        }
    }

    /** @return each budget of {@code grant} after the decision, or null when it has none. */
    static String budgets(final DecisionCore core, final CompiledPolicy policy, final long grant) {
        if (core == null || grant == 0) {
            return null;
        }
        final BudgetTable t = policy.budgets();
        final long[] c = new long[3];
        final StringBuilder sb = new StringBuilder();
        for (int b = 0; b < t.count(); b++) {
            if (!core.counters().budget(grant, b, c)) {
                continue;
            }
            final ArgumentType type = t.type(b);
            sb.append(sb.length() == 0 ? "" : "; ").append(t.name(b)).append(": ")
                .append(type.formatNumber(c[0] - c[1] - c[2])).append(" left of ").append(type.formatNumber(c[0]))
                .append(", spent ").append(type.formatNumber(c[1])).append(", set aside ").append(type.formatNumber(c[2]));
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** @return the argument constraints {@code grant} is held to after the decision, one each, or null for none. */
    static java.util.List<String> constraints(final DecisionCore core, final long grant) {
        if (core == null || grant == 0) {
            return null;
        }
        final java.util.List<String> all = core.counters().constraints(grant);
        return all.isEmpty() ? null : java.util.List.copyOf(all);
    }
}
