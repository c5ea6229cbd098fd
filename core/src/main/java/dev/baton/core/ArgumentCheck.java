package dev.baton.core;

import dev.baton.Reason;
import dev.baton.ToolArguments;
import dev.baton.constraint.ArgumentType;
import dev.baton.constraint.Constraint;

/**
 * Checks a tool call's {@link ToolArguments} against the constraints one owner (an agent's, a purpose's
 * or a break-glass ceiling, an external limit) places on the called capability. A constrained argument
 * the call does not carry, or carries with the wrong type, is {@code ARGUMENT_INVALID}; a value outside
 * the constraint is {@code ARGUMENT_CONSTRAINT}; both name the constraint's rule and line.
 * <p>
 * Each constraint is tested the way its {@link ArgumentTest} says; a value that does not surely pass is
 * checked again the reference way ({@link #holds}) for the reason.
 * <p>
 * <b>Note:</b> stateless; allocation-free.
 */
final class ArgumentCheck {
    private static final long[] TEN = new long[19];

    static {
        TEN[0] = 1;
        for (int i = 1; i < TEN.length; i++) {
            TEN[i] = TEN[i - 1] * 10;
        }
    }

    private ArgumentCheck() {
    }

    /**
     * @param row an owner row before the review rows.
     * @return whether every constraint of {@code row} on {@code capability} holds; else {@code out} is the DENY.
     */
    static boolean check(final CompiledPolicy policy, final int row, final int capability, final int data,
                         final ToolArguments args, final DecisionSlot out) {
        final ConstraintTable t = policy.constraints;
        if (t.entryRule.length == 0) {
            return true;
        }
        final ArgumentTest[] tests = t.callTests[row][capability];
        return tests.length == 0 || CallTests.pass(policy, tests, args)
            || checkRow(policy, row, capability, data, args, out);
    }

    /**
     * {@link #check} of {@code first}, then of {@code second}, with one fast walk for both when every
     * constraint surely holds.
     */
    static boolean check(final CompiledPolicy policy, final int first, final int second, final int capability,
                         final int data, final ToolArguments args, final DecisionSlot out) {
        final ConstraintTable t = policy.constraints;
        if (t.entryRule.length == 0) {
            return true;
        }
        final ArgumentTest[] a = t.callTests[first][capability];
        final ArgumentTest[] b = t.callTests[second][capability];
        return (a.length == 0 || CallTests.pass(policy, a, args)) && (b.length == 0 || CallTests.pass(policy, b, args))
            || checkRow(policy, first, capability, data, args, out)
            && checkRow(policy, second, capability, data, args, out);
    }

    private static boolean checkRow(final CompiledPolicy policy, final int row, final int capability, final int data,
                                    final ToolArguments args, final DecisionSlot out) {
        final ConstraintTable t = policy.constraints;
        final ArgumentTest[] tests = t.entryTest;
        for (int e = t.rowStart[row], end = t.rowStart[row + 1]; e < end; e++) {
            final ArgumentTest x = tests[e];
            if (x.capability != capability) {
                continue;
            }
            final int i = find(policy, args, x.argument);
            final Reason failed = i < 0 ? Reason.ARGUMENT_INVALID
                : x.passes(args, i) ? null : holds(x.type, x.constraint, args, i);
            if (failed != null) {
                out.deny(failed, x.rule, capability, data);
                return false;
            }
        }
        return true;
    }

    /**
     * A constraint a foreign warrant carried on argument {@code arg} (see {@code ForeignConstraints}).
     *
     * @return null when the call carries {@code arg} and its value meets {@code c}, else the reason it does not.
     */
    static Reason carried(final CompiledPolicy policy, final int arg, final Constraint c, final ToolArguments args) {
        final int i = find(policy, args, arg);
        return i < 0 ? Reason.ARGUMENT_INVALID : holds(policy.constraints.argumentType[arg], c, args, i);
    }

    /** @return null when the value satisfies the constraint, else the reason it does not: the reference check. */
    static Reason holds(final ArgumentType type, final Constraint c, final ToolArguments args, final int i) {
        if (type.numeric()) {
            if (!args.isNumber(i)) {
                return Reason.ARGUMENT_INVALID;
            }
            final long v = args.number(i);
            if (!rescalable(v, args.scale(i), type.scale())) {
                return Reason.ARGUMENT_INVALID; // finer than the declared scale, or out of range at it
            }
            return c.matches(rescale(v, args.scale(i), type.scale())) ? null : Reason.ARGUMENT_CONSTRAINT;
        }
        if (args.isNumber(i) || !type.validBytes(args.buffer(), args.offset(i), args.length(i))) {
            return Reason.ARGUMENT_INVALID;
        }
        return c.matches(args.buffer(), args.offset(i), args.length(i)) ? null : Reason.ARGUMENT_CONSTRAINT;
    }

    /**
     * The value {@code args} carries for numeric argument {@code arg}, at {@code type}'s scale, into
     * {@code dst[at]}.
     *
     * @return false when the call does not carry it, carries another type, or a value finer than the scale.
     */
    static boolean carried(final CompiledPolicy policy, final ToolArguments args, final int arg,
                           final ArgumentType type, final long[] dst, final int at) {
        final int i = find(policy, args, arg);
        if (i < 0 || !args.isNumber(i)) {
            return false;
        }
        final long v = args.number(i);
        if (!rescalable(v, args.scale(i), type.scale())) {
            return false;
        }
        dst[at] = rescale(v, args.scale(i), type.scale());
        return true;
    }

    /** @return whether {@code v} at scale {@code from} has an exact value at scale {@code to} that fits a long. */
    private static boolean rescalable(final long v, final int from, final int to) {
        return from > to ? v % TEN[from - to] == 0 : from == to || Math.abs(v) <= Long.MAX_VALUE / TEN[to - from];
    }

    /** @return {@code v} at scale {@code from} as a value at scale {@code to} ({@link #rescalable} checked). */
    private static long rescale(final long v, final int from, final int to) {
        return from > to ? v / TEN[from - to] : from < to ? v * TEN[to - from] : v;
    }

    /** @return the entry of {@code args} carrying argument {@code arg} of {@code policy}, or -1. */
    static int find(final CompiledPolicy policy, final ToolArguments args, final int arg) {
        if (args == null) {
            return -1;
        }
        for (int i = 0, n = args.size(); i < n; i++) {
            final Object key = args.argument(i);
            // A handle of this very policy (one class test, the common case), else rebound by name.
            final int index = key instanceof PolicyHandles.ArgumentHandle
                && ((PolicyHandles.ArgumentHandle) key).policy == policy
                ? ((PolicyHandles.ArgumentHandle) key).index : PolicyNames.rebind(key, policy);
            if (index == arg) {
                return i;
            }
        }
        return -1;
    }
}
