package dev.baton.constraint;

/**
 * Decides whether a child's constraint on an argument is within its parent's: every value the child
 * allows, the parent allows. A range within a range, a set within a set or within a pattern, a prefix
 * within a prefix, a glob whose literal start lies within a prefix: decided exactly. A pattern within a
 * different pattern is not decided here: the answer is {@link Verdict#UNDECIDED}, and a delegation must
 * then be refused with a reason that says so.
 * <p>
 * <b>Note:</b> stateless and thread-safe; allocates only for glob prefixes (never on a decision path).
 */
public final class Attenuation {
    /** Most values a range may span to be compared with a set value by value. */
    static final long MAX_ENUMERATED = 4096;

    /** The answer. */
    public enum Verdict {
        /** Every value the child allows, the parent allows. */
        WITHIN,
        /** Some value the child allows, the parent refuses. */
        WIDER,
        /** Not decided for these two kinds; a delegation must be refused. */
        UNDECIDED
    }

    private Attenuation() {
    }

    /**
     * @param child  the child's constraint, or {@code null} for none (every value).
     * @param parent the parent's constraint, or {@code null} for none.
     * @return the verdict; {@code null} constraints: no parent is WITHIN, no child under a parent is WIDER.
     */
    public static Verdict within(final Constraint child, final Constraint parent) {
        if (parent == null) {
            return Verdict.WITHIN;
        }
        if (child == null || child.numeric() != parent.numeric()) {
            return Verdict.WIDER;
        }
        return child.numeric() ? numbers(child, parent) : strings(child, parent);
    }

    /**
     * Whether no value can meet both constraints: a set none of whose values the other allows, two ranges
     * that do not meet, two prefixes (or globs' literal starts) of which neither starts the other. Any other
     * pair may share a value: {@code false} (an undecided pair is never called disjoint).
     *
     * @param a a constraint.
     * @param b another, on the same argument.
     * @return true only when provably no value meets both.
     */
    public static boolean disjoint(final Constraint a, final Constraint b) {
        if (a.numeric() != b.numeric()) {
            return false;
        }
        if (a.numeric()) {
            if (a.kind() == Constraint.Kind.RANGE && b.kind() == Constraint.Kind.RANGE) {
                return a.hi() < b.lo() || b.hi() < a.lo();
            }
            final Constraint set = a.kind() != Constraint.Kind.RANGE ? a : b;
            final Constraint other = set == a ? b : a;
            for (final long v : set.numbers()) {
                if (other.matches(v)) {
                    return false;
                }
            }
            return true;
        }
        if (isSet(a) || isSet(b)) {
            final Constraint set = isSet(a) ? a : b;
            final Constraint other = set == a ? b : a;
            for (final byte[] s : set.strings()) {
                if (other.matches(s)) {
                    return false;
                }
            }
            return true;
        }
        final byte[] sa = start(a);
        final byte[] sb = start(b);
        return sa != null && sb != null && !Bytes.startsWith(sa, 0, sa.length, sb)
            && !Bytes.startsWith(sb, 0, sb.length, sa);
    }

    private static boolean isSet(final Constraint c) {
        return c.kind() == Constraint.Kind.EXACT || c.kind() == Constraint.Kind.ONE_OF;
    }

    /** What every value of a prefix or glob starts with; null for a regular expression. */
    private static byte[] start(final Constraint c) {
        if (c.kind() == Constraint.Kind.PREFIX) {
            return c.strings()[0];
        }
        return c.kind() == Constraint.Kind.GLOB ? c.globPattern().literalPrefix() : null;
    }

    private static Verdict numbers(final Constraint child, final Constraint parent) {
        if (child.kind() != Constraint.Kind.RANGE) {
            for (final long v : child.numbers()) {
                if (!parent.matches(v)) {
                    return Verdict.WIDER;
                }
            }
            return Verdict.WITHIN;
        }
        if (parent.kind() == Constraint.Kind.RANGE) {
            return child.lo() >= parent.lo() && child.hi() <= parent.hi() ? Verdict.WITHIN : Verdict.WIDER;
        }
        if (child.hi() - child.lo() >= MAX_ENUMERATED || child.hi() - child.lo() < 0) {
            return Verdict.WIDER; // more values than any set the policy language can hold
        }
        for (long v = child.lo(); ; v++) {
            if (!parent.matches(v)) {
                return Verdict.WIDER;
            }
            if (v == child.hi()) {
                return Verdict.WITHIN;
            }
        }
    }

    private static Verdict strings(final Constraint child, final Constraint parent) {
        switch (child.kind()) {
            case EXACT:
            case ONE_OF:
                for (final byte[] s : child.strings()) {
                    if (!parent.matches(s)) {
                        return Verdict.WIDER;
                    }
                }
                return Verdict.WITHIN;
            case PREFIX:
                return startsWithin(child.strings()[0], false, parent);
            case GLOB:
                if (child.globPattern().isLiteral()) {
                    return parent.matches(child.globPattern().literalPrefix()) ? Verdict.WITHIN : Verdict.WIDER;
                }
                if (parent.kind() == Constraint.Kind.GLOB
                    && parent.globPattern().pattern().equals(child.globPattern().pattern())) {
                    return Verdict.WITHIN;
                }
                return startsWithin(child.globPattern().literalPrefix(), !child.globPattern().isPrefixForm(), parent);
            case REGEX:
                return parent.kind() == Constraint.Kind.REGEX && parent.text().equals(child.text())
                    ? Verdict.WITHIN : Verdict.UNDECIDED;
            default:
                return Verdict.UNDECIDED;
        }
    }

    /**
     * A child whose values all start with {@code start} (exactly the strings starting with it, unless
     * {@code partial}: then some of them) against the parent.
     */
    private static Verdict startsWithin(final byte[] start, final boolean partial, final Constraint parent) {
        final Constraint.Kind pk = parent.kind();
        if (pk == Constraint.Kind.EXACT || pk == Constraint.Kind.ONE_OF) {
            return partial ? Verdict.UNDECIDED : Verdict.WIDER; // infinitely many values against a finite set
        }
        final byte[] bound;
        if (pk == Constraint.Kind.PREFIX) {
            bound = parent.strings()[0];
        } else if (pk == Constraint.Kind.GLOB && parent.globPattern().isPrefixForm()) {
            bound = parent.globPattern().literalPrefix();
        } else {
            return Verdict.UNDECIDED;
        }
        if (Bytes.startsWith(start, 0, start.length, bound)) {
            return Verdict.WITHIN;
        }
        // The child allows values starting with 'start', which the parent's prefix does not begin, unless
        // 'start' is shorter than the bound: then a partial child may still fit.
        return partial && Bytes.startsWith(bound, 0, bound.length, start) ? Verdict.UNDECIDED : Verdict.WIDER;
    }
}
