package dev.baton.engine;

import dev.baton.codec.CodecError;
import dev.baton.codec.ConstraintsDecoder;
import dev.baton.codec.ConstraintsEncoder;
import dev.baton.codec.ConstraintsLayout;
import dev.baton.constraint.ConstraintWire;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.ScopeBits;

/**
 * The argument constraints a requested scope asked for ({@link ScopeBits#constrain}), as a constraint list
 * ({@code ConstraintsLayout}) in an ARGUMENTS record: written by argument index under the deciding policy,
 * read back into a replayed request's scope.
 * <p>
 * <b>Note:</b> not thread-safe (one per {@link ArgumentsRecord}). {@link #write} allocates nothing; {@link #read}
 * allocates the constraints it compiles (replay and what-if only).
 */
final class RequestedConstraintList {
    private final ConstraintsEncoder encoder = new ConstraintsEncoder();
    private final ConstraintsDecoder decoder = new ConstraintsDecoder();
    private final int[] order = new int[ConstraintsLayout.MAX_ENTRIES];
    private final int[] indexes = new int[ConstraintsLayout.MAX_ENTRIES];

    /**
     * @param scope  the requested scope.
     * @param policy the deciding policy (a constraint on an argument it lacks was refused, and is left out).
     * @param dst    room for a whole list.
     * @return the list's length, or 0 when the scope asks for no constraint the policy declares.
     */
    int write(final ScopeBits scope, final CompiledPolicy policy, final byte[] dst) {
        int n = 0;
        for (int i = 0; i < scope.constraintCount(); i++) {
            final int a = translate(scope.policy(), scope.constrainedArgument(i), policy);
            if (a >= 0) {
                indexes[n] = a;
                order[n++] = i;
            }
        }
        if (n == 0) {
            return 0;
        }
        for (int i = 1; i < n; i++) { // by (argument, kind), as a list orders its entries; one entry per argument
            final int a = indexes[i];
            final int o = order[i];
            int j = i - 1;
            while (j >= 0 && indexes[j] > a) {
                indexes[j + 1] = indexes[j];
                order[j + 1] = order[j];
                j--;
            }
            indexes[j + 1] = a;
            order[j + 1] = o;
        }
        encoder.begin(dst, 0);
        for (int i = 0; i < n; i++) {
            ConstraintWire.write(encoder, indexes[i], scope.requestedConstraint(order[i]));
        }
        return encoder.end();
    }

    /**
     * Adds the constraints of a list to {@code scope}.
     *
     * @throws IllegalStateException if the list does not read under {@code policy}.
     */
    void read(final byte[] list, final int length, final CompiledPolicy policy, final ScopeBits scope) {
        if (decoder.wrap(list, 0, length, null) != CodecError.OK) {
            throw new IllegalStateException("ARGUMENTS record: a requested constraint list is malformed");
        }
        for (int e = 0; e < decoder.count(); e++) {
            try {
                scope.constrain(decoder, e);
            } catch (final IllegalArgumentException ex) {
                throw new IllegalStateException("ARGUMENTS record: requested constraint " + e + " does not read under"
                    + " policy " + policy.label() + ": " + ex.getMessage(), ex);
            }
        }
    }

    /** @return the index in {@code to} of argument {@code a} of {@code from}, by name and type; -1 if it has none. */
    static int translate(final CompiledPolicy from, final int a, final CompiledPolicy to) {
        if (from == to) {
            return a;
        }
        final dev.baton.Argument named = from.api().argumentAt(a);
        final int b = to.constraints().argument(named.tool(), named.argument());
        return b >= 0 && to.constraints().type(b).numeric() == from.constraints().type(a).numeric() ? b : -1;
    }

    /**
     * Asks {@code dst} (of another policy) for the constraints {@code src} asked for, argument by name.
     *
     * @return false if one names an argument {@code dst}'s policy lacks, or declares with a type of the other
     *     kind (it is left out).
     */
    static boolean copy(final ScopeBits src, final ScopeBits dst) {
        boolean whole = true;
        for (int i = 0; i < src.constraintCount(); i++) {
            final int a = translate(src.policy(), src.constrainedArgument(i), dst.policy());
            if (a < 0) {
                whole = false;
            } else {
                dst.constrain(a, src.requestedConstraint(i));
            }
        }
        return whole;
    }
}
