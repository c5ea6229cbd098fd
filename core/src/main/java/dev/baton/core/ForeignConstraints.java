package dev.baton.core;

import dev.baton.Reason;
import dev.baton.ToolArguments;
import dev.baton.codec.ConstraintsDecoder;
import dev.baton.codec.ConstraintsLayout;
import dev.baton.constraint.Attenuation;
import dev.baton.constraint.Constraint;
import dev.baton.constraint.ConstraintWire;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The argument constraints foreign warrants carried, by the local mirror grant that took them: a mirror's
 * constraints are those the issuing engine's grant held, so a call on the mirror or on any local
 * descendant of it must meet them ({@link #callWithin}), and a delegation from it must hand each child
 * constraints within them ({@link #childWithin}, {@code CONSTRAINT_NOT_ATTENUATED} otherwise). Each set is
 * bound to the layout fingerprint it was read under: after a swap to another layout its argument indexes
 * mean nothing, and the grants under it are refused ({@code WARRANT_CONSTRAINTS_UNREADABLE}).
 * <p>
 * The same machinery keeps, by registry slot, the constraints a grant's requested scope asked for (merged with
 * its parent's, {@link RequestedConstraints}): per-grant state that {@link #callWithin} checks as well, under
 * the same layout rule.
 * <p>
 * <b>Note:</b> not thread-safe: the core's thread. Reading a carried list allocates (once per mirror);
 * the checks allocate nothing, and cost one emptiness test when no mirror carries constraints.
 */
final class ForeignConstraints {
    private static final int NONE = DecisionSlot.NONE;

    /** One mirror's carried constraints, compiled. Immutable. */
    static final class Carried {
        final long layout;
        final int[] arguments;
        final Constraint[] constraints;
        /** The list's bytes, as carried (for a snapshot). */
        final byte[] list;

        Carried(final long layout, final int[] arguments, final Constraint[] constraints, final byte[] list) {
            this.layout = layout;
            this.arguments = arguments;
            this.constraints = constraints;
            this.list = list;
        }
    }

    private final Long2ObjectHashMap<Carried> byMirror = new Long2ObjectHashMap<>();
    /**
     * The constraints each grant's requested scope asked for, merged with those its parent's asked for
     * ({@link RequestedConstraints}), by registry slot; null where none.
     */
    private Carried[] bySlot = new Carried[0];

    /** Sets (or, with null, clears) the requested constraints of the grant now at slot {@code s}. */
    void grant(final int s, final Carried requested) {
        if (s >= bySlot.length) {
            if (null == requested) {
                return;
            }
            bySlot = java.util.Arrays.copyOf(bySlot, Math.max(s + 1, bySlot.length * 2));
        }
        bySlot[s] = requested;
    }

    /** @return the requested constraints of the grant at slot {@code s} (its own and inherited), or null. */
    Carried ofGrant(final int s) {
        return s >= 0 && s < bySlot.length ? bySlot[s] : null;
    }

    /** @return the highest slot holding requested constraints, plus one (for a snapshot). */
    int grantSlots() {
        for (int s = bySlot.length - 1; s >= 0; s--) {
            if (null != bySlot[s]) {
                return s + 1;
            }
        }
        return 0;
    }

    /**
     * Reads a validated, non-empty constraint list under a policy.
     *
     * @return the compiled set, or null when this policy cannot read it: an argument index it does not
     *     declare, a number kind on a text argument (or the reverse), a pattern outside the language's form.
     */
    static Carried read(final CompiledPolicy policy, final ConstraintsDecoder list) {
        final ConstraintTable t = policy.constraints;
        final int n = list.count();
        final int[] arguments = new int[n];
        for (int e = 0; e < n; e++) {
            final int a = list.argument(e);
            if (a >= t.argumentCount || (list.kind(e) <= ConstraintsLayout.RANGE) != t.argumentType[a].numeric()) {
                return null;
            }
            arguments[e] = a;
        }
        final Constraint[] constraints = ConstraintWire.readAll(list);
        if (null == constraints) {
            return null;
        }
        final byte[] bytes = java.util.Arrays.copyOfRange(list.buffer(), list.offset(), list.offset() + list.length());
        return new Carried(policy.layoutFingerprint(), arguments, constraints, bytes);
    }

    void put(final long mirror, final Carried carried) {
        byMirror.put(mirror, carried);
    }

    /** @return the constraints mirror {@code localGrant} carries, or null. */
    Carried get(final long localGrant) {
        return byMirror.get(localGrant);
    }

    /** @return the carried constraints of the mirror at the root of slot {@code s}'s chain, or null. */
    Carried ofChain(final GrantRegistry g, final int s) {
        if (byMirror.isEmpty()) {
            return null;
        }
        int root = s;
        for (int up = g.parentSlot(root); up != GrantRegistry.NO_SLOT; up = g.parentSlot(up)) {
            root = up;
        }
        return byMirror.get(g.id(root));
    }

    /**
     * A call of {@code capability} on the grant at {@code s} meets the constraints its foreign root carried,
     * and those its requested scope (or an ancestor's) asked for,
     * on the called tool's arguments.
     *
     * @return true, or false with {@code out} the DENY ({@code ARGUMENT_CONSTRAINT}, {@code ARGUMENT_INVALID},
     *     {@code WARRANT_CONSTRAINTS_UNREADABLE} after a swap to another layout); no policy rule is named.
     */
    boolean callWithin(final CompiledPolicy c, final GrantRegistry g, final int s, final int capability, final int data,
                       final ToolArguments args, final DecisionSlot out) {
        final Carried root = ofChain(g, s);
        if (null != root && !meets(c, root, capability, data, args, out)) {
            return false;
        }
        final Carried asked = ofGrant(s);
        return null == asked || meets(c, asked, capability, data, args, out);
    }

    private static boolean meets(final CompiledPolicy c, final Carried k, final int capability, final int data,
                                 final ToolArguments args, final DecisionSlot out) {
        if (null == k) {
            return true;
        }
        if (k.layout != c.layoutFingerprint()) {
            out.deny(Reason.WARRANT_CONSTRAINTS_UNREADABLE, NONE, capability, data);
            return false;
        }
        final String tool = c.toolOf(capability);
        for (int i = 0; i < k.arguments.length; i++) {
            if (!tool.equals(c.constraints.argumentTool[k.arguments[i]])) {
                continue;
            }
            final Reason failed = ArgumentCheck.carried(c, k.arguments[i], k.constraints[i], args);
            if (null != failed) {
                out.deny(failed, NONE, capability, data);
                return false;
            }
        }
        return true;
    }

    /**
     * Every constraint the foreign root of parent slot {@code p} carried on an argument of a requested
     * capability's tool is matched by one within it in the delegatee agent's ceiling or the purpose's.
     *
     * @return true, or false with {@code out} the DENY {@code CONSTRAINT_NOT_ATTENUATED}.
     */
    boolean childWithin(final CompiledPolicy c, final GrantRegistry g, final int p, final int delegateeAgent,
                        final ScopeBits requested, final DecisionSlot out) {
        final Carried k = ofChain(g, p);
        if (null == k) {
            return true;
        }
        if (k.layout != c.layoutFingerprint()) {
            out.deny(Reason.WARRANT_CONSTRAINTS_UNREADABLE, NONE, NONE, NONE);
            return false;
        }
        for (int cap = 0; cap < c.capabilityCount; cap++) {
            if (!Bits.get(requested.capabilities, 0, cap)) {
                continue;
            }
            final String tool = c.toolOf(cap);
            for (int i = 0; i < k.arguments.length; i++) {
                if (tool.equals(c.constraints.argumentTool[k.arguments[i]])
                    && !narrowed(c, cap, k.arguments[i], k.constraints[i], delegateeAgent, g.purpose(p))
                    && !RequestedConstraints.narrows(requested, ofGrant(p), k.arguments[i], k.constraints[i])) {
                    out.deny(Reason.CONSTRAINT_NOT_ATTENUATED, NONE, cap, NONE);
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the agent's or the purpose's ceiling constrains {@code argument} on {@code cap} within {@code carried}. */
    private static boolean narrowed(final CompiledPolicy c, final int cap, final int argument, final Constraint carried,
                                    final int agent, final int purpose) {
        final ConstraintTable t = c.constraints;
        return within(t, t.agentRow + agent, cap, argument, carried) || within(t, t.purposeRow + purpose, cap, argument, carried);
    }

    private static boolean within(final ConstraintTable t, final int row, final int cap, final int argument,
                                  final Constraint carried) {
        for (int e = t.rowStart[row], end = t.rowStart[row + 1]; e < end; e++) {
            if (t.entryCapability[e] == cap && t.entryArgument[e] == argument
                && Attenuation.within(t.entryConstraint[e], carried) == Attenuation.Verdict.WITHIN) {
                return true;
            }
        }
        return false;
    }
}
