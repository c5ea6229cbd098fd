package dev.baton.core;

import dev.baton.constraint.ArgumentType;
import dev.baton.policy.BudgetDecl;
import dev.baton.policy.BudgetLimit;
import dev.baton.policy.NameRef;
import dev.baton.policy.PolicyDocument;
import dev.baton.policy.PurposeRule;

/**
 * The budgets of a compiled policy as decision tables: which capabilities spend which budget, on which
 * argument, and each purpose's per-task totals. Budgets are numbered in declaration order (at most
 * {@link #MAX_BUDGETS}); a set of budgets is an int mask.
 * <p>
 * <b>Note:</b> immutable and thread-safe once built; look-ups allocate nothing.
 */
public final class BudgetTable {
    /** Most budgets one policy declares (a grant's budgets are a mask of this many bits). */
    public static final int MAX_BUDGETS = 8;

    final int count;
    final String[] name;
    final ArgumentType[] type;
    /** The rule {@code vocabulary.budgets.<budget>} of each budget. */
    final int[] declRule;
    /** By capability: the budgets a call of it spends. */
    final int[] capMask;
    /** {@code argument[b * capabilityCount + c]}: the argument whose value a call of {@code c} spends of {@code b}. */
    final int[] argument;
    final int capabilityCount;
    /** By purpose: the budgets its tasks have. */
    final int[] purposeMask;
    /** {@code limit[p * MAX_BUDGETS + b]}: purpose {@code p}'s total of budget {@code b}. */
    final long[] limit;
    /** {@code limitRule[p * MAX_BUDGETS + b]}: the rule {@code purposes.<p>.budgets.<b>}, or -1. */
    final int[] limitRule;

    BudgetTable(final PolicyDocument policy, final CompiledPolicy compiled, final ConstraintTable args,
                final RuleIds rules) {
        count = policy.vocabulary().budgets().size();
        name = new String[count];
        type = new ArgumentType[count];
        declRule = new int[count];
        capabilityCount = compiled.capabilityCount;
        capMask = new int[capabilityCount];
        argument = new int[count * capabilityCount];
        for (int b = 0; b < count; b++) {
            final BudgetDecl d = policy.vocabulary().budgets().get(b);
            name[b] = d.name().name();
            type[b] = d.type();
            declRule[b] = rules.add("vocabulary.budgets." + name[b], d.at());
            final int arg = argumentIndex(args, d.tool().name(), d.argument().name());
            for (int c = 0; c < capabilityCount; c++) {
                if (compiled.toolOf(c).equals(d.tool().name()) && spends(d, compiled.actionOf(c))) {
                    capMask[c] |= 1 << b;
                    argument[b * capabilityCount + c] = arg;
                }
            }
        }
        final int purposes = policy.purposes().size();
        purposeMask = new int[purposes];
        limit = new long[purposes * MAX_BUDGETS];
        limitRule = new int[purposes * MAX_BUDGETS];
        java.util.Arrays.fill(limitRule, -1);
        for (int p = 0; p < purposes; p++) {
            final PurposeRule rule = policy.purposes().get(p);
            for (final BudgetLimit l : rule.budgets()) {
                final int b = indexOf(l.budget().name());
                purposeMask[p] |= 1 << b;
                limit[p * MAX_BUDGETS + b] = l.amount();
                limitRule[p * MAX_BUDGETS + b] = rules.add("purposes." + rule.name().name() + ".budgets." + name[b], l.at());
            }
        }
    }

    private static boolean spends(final BudgetDecl d, final String action) {
        if (d.actions().isEmpty()) {
            return true;
        }
        for (final NameRef a : d.actions()) {
            if (a.name().equals(action)) {
                return true;
            }
        }
        return false;
    }

    private static int argumentIndex(final ConstraintTable t, final String tool, final String argument) {
        for (int a = 0; a < t.argumentCount; a++) {
            if (t.argumentTool[a].equals(tool) && t.argumentName[a].equals(argument)) {
                return a;
            }
        }
        throw new IllegalStateException("budget argument " + tool + "(" + argument + ") is not declared");
    }

    /** @return the number of budgets. */
    public int count() {
        return count;
    }

    /**
     * @param budget a budget's name.
     * @return its index, or -1 when the policy declares none of that name.
     */
    public int indexOf(final String budget) {
        for (int b = 0; b < count; b++) {
            if (name[b].equals(budget)) {
                return b;
            }
        }
        return -1;
    }

    /** @return budget {@code b}'s name. */
    public String name(final int b) {
        return name[b];
    }

    /** @return the type of budget {@code b}'s argument: amounts are carried at its scale. */
    public ArgumentType type(final int b) {
        return type[b];
    }

    /** @return the budgets a task of purpose {@code p} has, as a mask. */
    public int purposeMask(final int p) {
        return purposeMask[p];
    }

    /** @return purpose {@code p}'s per-task total of budget {@code b} (0 when it has none). */
    public long limit(final int p, final int b) {
        return limit[p * MAX_BUDGETS + b];
    }
}
