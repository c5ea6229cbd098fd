package dev.baton.verifier;

import dev.baton.codec.ConstraintsDecoder;
import dev.baton.codec.ConstraintsLayout;
import dev.baton.constraint.Constraint;
import dev.baton.constraint.ConstraintWire;

import java.util.Arrays;

/**
 * The argument constraints carried by presented warrants, compiled once into {@link Constraint}s (the
 * same matcher code the engine runs) and kept by the exact bytes of their list, so that a warrant
 * presented again is checked without compiling or allocating. Direct-mapped on a hash of the list's bytes;
 * a hit compares every byte. A list whose glob or regular expression is outside the language's form is
 * refused and never cached.
 *
 * <p><b>Note:</b> not thread-safe; each {@link OfflineVerifier} owns one. A miss allocates (the compiled
 * constraints and a copy of the list); a hit and {@link #check} allocate nothing.
 */
final class CarriedConstraints {
    private static final int SLOTS = 64;

    private final byte[][] keys = new byte[SLOTS][];
    private final Constraint[][] compiled = new Constraint[SLOTS][];

    /**
     * The compiled constraints of a validated, non-empty list, entry by entry.
     *
     * @return them, or null when an entry does not compile (a glob or regular expression outside the form).
     */
    Constraint[] compile(final ConstraintsDecoder list) {
        final byte[] b = list.buffer();
        final int from = list.offset();
        final int to = from + list.length();
        long h = 0xCBF2_9CE4_8422_2325L;
        for (int i = from; i < to; i++) {
            h = (h ^ (b[i] & 0xFF)) * 0x1000_0000_01B3L;
        }
        final int slot = (int)(h ^ h >>> 32) & (SLOTS - 1);
        final byte[] key = keys[slot];
        if (null != key && Arrays.equals(key, 0, key.length, b, from, to)) {
            return compiled[slot];
        }
        final Constraint[] entries = ConstraintWire.readAll(list);
        if (null == entries) {
            return null; // signed by a trusted issuer, yet not in the language's form: refused, not cached
        }
        keys[slot] = Arrays.copyOfRange(b, from, to);
        compiled[slot] = entries;
        return entries;
    }

    /**
     * Checks a call's arguments against every entry on an argument of the called tool.
     *
     * @param list     the carried list (entries give the argument indexes).
     * @param entries  its compiled constraints.
     * @param args     the call's arguments.
     * @param result   receives the entry refused.
     * @return {@link VerifyReason#OK}, {@link VerifyReason#ARGUMENT_INVALID} (missing, or a number where text
     *     is constrained or the reverse) or {@link VerifyReason#ARGUMENT_CONSTRAINT}.
     */
    static VerifyReason check(final ConstraintsDecoder list, final Constraint[] entries, final CallArguments args,
                              final VerificationResult result) {
        for (int e = 0; e < entries.length; e++) {
            final int argument = list.argument(e);
            if (!args.ofTool(argument)) {
                continue;
            }
            final int i = args.find(argument);
            final Constraint c = entries[e];
            final VerifyReason why;
            if (i < 0 || args.isNumber(i) != (list.kind(e) <= ConstraintsLayout.RANGE)) {
                why = VerifyReason.ARGUMENT_INVALID;
            } else if (args.isNumber(i) ? c.matches(args.number(i)) : c.matches(args.buffer(), args.offset(i), args.length(i))) {
                continue;
            } else {
                why = VerifyReason.ARGUMENT_CONSTRAINT;
            }
            result.refuse(e, argument, c);
            return why;
        }
        return VerifyReason.OK;
    }
}
