package dev.baton.core;

import dev.baton.codec.ConstraintsEncoder;
import dev.baton.codec.ConstraintsLayout;
import dev.baton.codec.PortableWarrantEncoder;
import dev.baton.constraint.Constraint;
import dev.baton.constraint.ConstraintWire;

/**
 * What a portable warrant carries of a grant beyond its scope: its effective argument constraints (every
 * constraint of the ceilings its calls are checked against, on the tools it holds: the holder agent's
 * ceiling and the purpose's, or its break-glass rule's; the external limit of the holder's trust domain
 * when the holder is outside the root's zone; those its foreign root carried; and those its requested scope,
 * or an ancestor's, asked for), one entry each, sorted
 * by (argument, kind); and the remainder of each of its budgets. The same set {@code authorize} checks,
 * so an offline verifier refuses what the engine would.
 * <p>
 * <b>Note:</b> not thread-safe: one per {@link PortableGate}, on the core's thread; allocation-free.
 */
final class GrantConstraints {
    /** Most distinct constraints collected before sorting; more cannot be carried anyway. */
    private static final int MAX = 4 * ConstraintsLayout.MAX_ENTRIES;

    private final int[] arguments = new int[MAX];
    private final int[] kinds = new int[MAX];
    private final Constraint[] constraints = new Constraint[MAX];
    private int n;

    /**
     * Writes the grant's constraints and budget remainders into {@code encoder}.
     *
     * @param agent   the holder's agent.
     * @param domain  the holder's trust domain, or -1.
     * @param carried the constraints the grant's foreign root carried, or null.
     * @return false when the grant holds more constraints than a warrant carries ({@link ConstraintsLayout}
     *     bounds), or requested constraints read under another layout: no warrant is written rather than one
     *     that says less than the engine enforces.
     */
    boolean write(final CompiledPolicy c, final GrantRegistry g, final int s, final int agent, final int domain,
                  final ForeignConstraints.Carried carried, final PortableWarrantEncoder encoder) {
        n = 0;
        final ConstraintTable t = c.constraints;
        final int glass = DelegationSteps.glassCeiling(g, c, s);
        boolean fits = glass >= 0 ? collect(t, t.glassRow + glass, g, s)
            : collect(t, t.agentRow + agent, g, s) && collect(t, t.purposeRow + g.purpose(s), g, s);
        if (fits && domain >= 0 && !c.domains.sameZone(domain, g.rootDomain(s))) {
            fits = collect(t, t.domainRow + domain, g, s);
        }
        for (int i = 0; fits && null != carried && i < carried.arguments.length; i++) {
            fits = add(carried.arguments[i], carried.constraints[i]);
        }
        final ForeignConstraints.Carried requested = g.ledger.foreign.ofGrant(s);
        if (null != requested && requested.layout != c.layoutFingerprint()) {
            return false; // read under another layout: the engine refuses every call, so no warrant says less
        }
        for (int i = 0; fits && null != requested && i < requested.arguments.length; i++) {
            fits = add(requested.arguments[i], requested.constraints[i]);
        }
        if (!fits || n > ConstraintsLayout.MAX_ENTRIES) {
            return false;
        }
        sort();
        try {
            final ConstraintsEncoder list = encoder.constraints();
            for (int i = 0; i < n; i++) {
                ConstraintWire.write(list, arguments[i], constraints[i]);
            }
        } catch (final IllegalArgumentException tooLarge) {
            return false;
        }
        final int budgets = g.ledger.mask(s);
        for (int b = 0; b < BudgetTable.MAX_BUDGETS; b++) {
            if ((budgets & 1 << b) != 0) {
                encoder.budget(b, Math.max(0, g.ledger.available(s, b)));
            }
        }
        return true;
    }

    /** Adds the constraints of {@code row} on capabilities the grant at {@code s} holds. */
    private boolean collect(final ConstraintTable t, final int row, final GrantRegistry g, final int s) {
        for (int e = t.rowStart[row], end = t.rowStart[row + 1]; e < end; e++) {
            if (Bits.get(g.longs, g.capsOffset(s), t.entryCapability[e]) && !add(t.entryArgument[e], t.entryConstraint[e])) {
                return false;
            }
        }
        return true;
    }

    /** Adds one constraint unless the same one is already there for the argument. */
    private boolean add(final int argument, final Constraint constraint) {
        for (int i = 0; i < n; i++) {
            if (arguments[i] == argument && constraints[i] == constraint) {
                return true;
            }
        }
        if (n == MAX) {
            return false;
        }
        arguments[n] = argument;
        kinds[n] = ConstraintWire.kindOf(constraint);
        constraints[n++] = constraint;
        return true;
    }

    /** Insertion sort by (argument, kind): stable, allocation-free, at most 64 entries. */
    private void sort() {
        for (int i = 1; i < n; i++) {
            final int a = arguments[i];
            final int k = kinds[i];
            final Constraint c = constraints[i];
            int j = i - 1;
            while (j >= 0 && (arguments[j] > a || arguments[j] == a && kinds[j] > k)) {
                arguments[j + 1] = arguments[j];
                kinds[j + 1] = kinds[j];
                constraints[j + 1] = constraints[j];
                j--;
            }
            arguments[j + 1] = a;
            kinds[j + 1] = k;
            constraints[j + 1] = c;
        }
    }
}
