package dev.baton.core;

import dev.baton.Reason;
import dev.baton.codec.ConstraintsEncoder;
import dev.baton.codec.ConstraintsLayout;
import dev.baton.constraint.Attenuation;
import dev.baton.constraint.Constraint;
import dev.baton.constraint.ConstraintWire;

import java.util.Arrays;

/**
 * The argument constraints a requested scope asks for ({@link ScopeBits#constrain}): checked when a grant is
 * asked for ({@link #within}: each must lie within every constraint the child would otherwise be held to, or
 * the request is refused {@code CONSTRAINT_NOT_ATTENUATED}), then merged with the parent's own requested set
 * ({@link #merge}) into the per-grant state {@link ForeignConstraints} keeps by slot, which {@code authorize}
 * checks for the grant. A child inherits its parent's set, so every descendant is held to it, and may only
 * replace an entry with one within it: a child's constraints are never wider than its parent's.
 * <p>
 * <b>Note:</b> stateless; on the core's thread. {@link #within} allocates nothing; {@link #merge} allocates
 * the merged set, only for a request that asks for constraints.
 */
final class RequestedConstraints {
    private static final int NONE = DecisionSlot.NONE;

    private RequestedConstraints() {
    }

    /**
     * Every constraint {@code requested} asks for is within each constraint on the same argument that the rows
     * {@code rows[0..rowCount)} of the constraint table place on a requested capability, within the parent's
     * requested set, and within what the parent's foreign root carried.
     *
     * @param p the parent's slot, or {@link GrantRegistry#NO_SLOT} for a root.
     * @return true, or false with {@code out} the DENY {@code CONSTRAINT_NOT_ATTENUATED} (naming the ceiling's
     *     constraint rule when a ceiling's constraint is the one not contained, no rule when the parent grant's
     *     is), {@code WARRANT_CONSTRAINTS_UNREADABLE} (the parent's set was read under another layout) or
     *     {@code SCOPE_LAYOUT_CHANGED} (the scope numbers arguments as another policy does).
     */
    static boolean within(final CompiledPolicy c, final GrantRegistry g, final int p, final int[] rows,
                          final int rowCount, final ScopeBits requested, final DecisionSlot out) {
        if (requested.constraintCount == 0) {
            return true;
        }
        if (requested.policy().layoutFingerprint() != c.layoutFingerprint()) {
            out.deny(Reason.SCOPE_LAYOUT_CHANGED, NONE, NONE, NONE); // its argument indexes are another policy's
            return false;
        }
        final ConstraintTable t = c.constraints;
        final ForeignConstraints.Carried parent = p == GrantRegistry.NO_SLOT ? null : g.ledger.foreign.ofGrant(p);
        final ForeignConstraints.Carried root = p == GrantRegistry.NO_SLOT ? null : g.ledger.foreign.ofChain(g, p);
        if (null != parent && parent.layout != c.layoutFingerprint() || null != root && root.layout != c.layoutFingerprint()) {
            out.deny(Reason.WARRANT_CONSTRAINTS_UNREADABLE, NONE, NONE, NONE);
            return false;
        }
        for (int i = 0; i < requested.constraintCount; i++) {
            final int a = requested.constrainedArguments[i];
            final Constraint asked = requested.requestedConstraints[i];
            for (int r = 0; r < rowCount; r++) {
                for (int e = t.rowStart[rows[r]], end = t.rowStart[rows[r] + 1]; e < end; e++) {
                    if (t.entryArgument[e] == a && Bits.get(requested.capabilities, 0, t.entryCapability[e])
                        && Attenuation.within(asked, t.entryConstraint[e]) != Attenuation.Verdict.WITHIN) {
                        out.deny(Reason.CONSTRAINT_NOT_ATTENUATED, t.entryRule[e], t.entryCapability[e], NONE);
                        return false;
                    }
                }
            }
            if (!withinSet(asked, a, parent) || !withinSet(asked, a, root)) {
                out.deny(Reason.CONSTRAINT_NOT_ATTENUATED, NONE, firstCapability(c, requested, a), NONE);
                return false;
            }
        }
        return true;
    }

    /** Whether {@code asked}, on argument {@code a}, is within every entry of {@code set} on {@code a}. */
    private static boolean withinSet(final Constraint asked, final int a, final ForeignConstraints.Carried set) {
        for (int j = 0; null != set && j < set.arguments.length; j++) {
            if (set.arguments[j] == a && Attenuation.within(asked, set.constraints[j]) != Attenuation.Verdict.WITHIN) {
                return false;
            }
        }
        return true;
    }

    /** @return the first requested capability of argument {@code a}'s tool, or NONE. */
    static int firstCapability(final CompiledPolicy c, final ScopeBits requested, final int a) {
        final String tool = c.constraints.argumentTool[a];
        for (int cap = 0; cap < c.capabilityCount; cap++) {
            if (Bits.get(requested.capabilities, 0, cap) && tool.equals(c.toolOf(cap))) {
                return cap;
            }
        }
        return NONE;
    }

    /**
     * Whether {@code requested} or the parent's set holds a constraint on argument {@code a} within {@code bound}
     * (so that a child whose ceilings do not narrow a foreign warrant's constraint may narrow it by request).
     */
    static boolean narrows(final ScopeBits requested, final ForeignConstraints.Carried parent, final int a,
                           final Constraint bound) {
        for (int i = 0; null != requested && i < requested.constraintCount; i++) {
            if (requested.constrainedArguments[i] == a
                && Attenuation.within(requested.requestedConstraints[i], bound) == Attenuation.Verdict.WITHIN) {
                return true;
            }
        }
        for (int j = 0; null != parent && j < parent.arguments.length; j++) {
            if (parent.arguments[j] == a && Attenuation.within(parent.constraints[j], bound) == Attenuation.Verdict.WITHIN) {
                return true;
            }
        }
        return false;
    }

    /**
     * The new grant's set: the parent's entries on arguments the request does not constrain, and the request's
     * (already checked to lie within the parent's), sorted by (argument, kind) and encoded as a constraint list.
     *
     * @param parent the parent's set, or null.
     * @return the merged set; {@code parent} itself when the request asks for nothing; null when the merged set
     *     exceeds what a constraint list holds ({@link ConstraintsLayout}).
     */
    static ForeignConstraints.Carried merge(final CompiledPolicy c, final ForeignConstraints.Carried parent,
                                            final ScopeBits requested) {
        final int asked = requested.constraintCount;
        if (asked == 0) {
            return parent;
        }
        final int inherited = null == parent ? 0 : parent.arguments.length;
        final int[] arguments = new int[inherited + asked];
        final Constraint[] constraints = new Constraint[inherited + asked];
        int n = 0;
        for (int j = 0; j < inherited; j++) {
            if (!asks(requested, parent.arguments[j])) {
                arguments[n] = parent.arguments[j];
                constraints[n++] = parent.constraints[j];
            }
        }
        for (int i = 0; i < asked; i++) {
            arguments[n] = requested.constrainedArguments[i];
            constraints[n++] = requested.requestedConstraints[i];
        }
        if (n > ConstraintsLayout.MAX_ENTRIES) {
            return null;
        }
        sort(arguments, constraints, n);
        final byte[] list = new byte[ConstraintsLayout.MAX_LENGTH];
        final int length;
        try {
            final ConstraintsEncoder encoder = new ConstraintsEncoder().begin(list, 0);
            for (int i = 0; i < n; i++) {
                ConstraintWire.write(encoder, arguments[i], constraints[i]);
            }
            length = encoder.end();
        } catch (final IllegalArgumentException tooLarge) {
            return null;
        }
        return new ForeignConstraints.Carried(c.layoutFingerprint(), Arrays.copyOf(arguments, n),
            Arrays.copyOf(constraints, n), Arrays.copyOf(list, length));
    }

    private static boolean asks(final ScopeBits requested, final int a) {
        for (int i = 0; i < requested.constraintCount; i++) {
            if (requested.constrainedArguments[i] == a) {
                return true;
            }
        }
        return false;
    }

    /** Insertion sort by (argument, wire kind), as a constraint list orders its entries. */
    private static void sort(final int[] arguments, final Constraint[] constraints, final int n) {
        for (int i = 1; i < n; i++) {
            final int a = arguments[i];
            final Constraint k = constraints[i];
            int j = i - 1;
            while (j >= 0 && (arguments[j] > a
                || arguments[j] == a && ConstraintWire.kindOf(constraints[j]) > ConstraintWire.kindOf(k))) {
                arguments[j + 1] = arguments[j];
                constraints[j + 1] = constraints[j];
                j--;
            }
            arguments[j + 1] = a;
            constraints[j + 1] = k;
        }
    }

    /**
     * Reads entry {@code e} of a validated constraint list under policy {@code c}, its text written as a request
     * writes it (numbers at the argument's scale: {@code range [0.00, 50.00]}).
     *
     * @throws IllegalArgumentException if the policy declares no such argument, the kind is for the other type,
     *     or a pattern is outside the language's form.
     */
    static Constraint read(final CompiledPolicy c, final dev.baton.codec.ConstraintsDecoder in, final int e) {
        final int a = in.argument(e);
        final ConstraintTable t = c.constraints;
        final int kind = in.kind(e);
        if (a >= t.argumentCount || (kind <= ConstraintsLayout.RANGE) != t.argumentType[a].numeric()) {
            throw new IllegalArgumentException("constraint " + e + " on argument " + a + " (kind " + kind
                + ") does not read under policy " + c.label());
        }
        final dev.baton.constraint.ArgumentType type = t.argumentType[a];
        if (kind == ConstraintsLayout.RANGE) {
            return Constraint.range("range [" + type.formatNumber(in.number(e, 0)) + ", "
                + type.formatNumber(in.number(e, 1)) + "]", in.number(e, 0), in.number(e, 1));
        }
        if (kind == ConstraintsLayout.EXACT_NUMBER || kind == ConstraintsLayout.ONE_OF_NUMBER) {
            final long[] values = new long[in.valueCount(e)];
            final StringBuilder text = new StringBuilder(values.length == 1 ? "exact '" : "one_of [");
            for (int i = 0; i < values.length; i++) {
                values[i] = in.number(e, i);
                text.append(i == 0 ? "" : ", ").append(type.formatNumber(values[i]));
            }
            return Constraint.numbers(text.append(values.length == 1 ? "'" : "]").toString(), values);
        }
        return ConstraintWire.read(in, e);
    }

    /**
     * Reads a whole validated list under {@code c} into a per-grant set.
     *
     * @throws IllegalArgumentException as {@link #read}.
     */
    static ForeignConstraints.Carried readSet(final CompiledPolicy c, final dev.baton.codec.ConstraintsDecoder in,
                                              final byte[] list) {
        final int n = in.count();
        final int[] arguments = new int[n];
        final Constraint[] constraints = new Constraint[n];
        for (int e = 0; e < n; e++) {
            constraints[e] = read(c, in, e);
            arguments[e] = in.argument(e);
        }
        return new ForeignConstraints.Carried(c.layoutFingerprint(), arguments, constraints, list);
    }
}
