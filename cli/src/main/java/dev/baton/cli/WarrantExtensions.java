package dev.baton.cli;

import dev.baton.codec.ConstraintsDecoder;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.constraint.ConstraintWire;

import java.io.PrintWriter;

/**
 * What {@code baton inspect} shows of a portable warrant's extensions: each carried argument constraint
 * (read back with {@link ConstraintWire}, the matchers the engine and the offline verifier run) and each
 * budget's remainder at issue time, and the check that every constraint compiles.
 * <p>
 * <b>Note:</b> stateless; allocates (a command's output).
 */
final class WarrantExtensions {
    private WarrantExtensions() {
    }

    static void print(final PrintWriter out, final PortableWarrantDecoder w) {
        final ConstraintsDecoder list = w.constraints();
        if (!w.hasConstraints()) {
            out.println("constraints  none");
        }
        for (int e = 0; w.hasConstraints() && e < list.count(); e++) {
            out.printf("constraint   argument #%d: %s%n", list.argument(e), text(list, e));
        }
        for (int i = 0; i < w.budgetCount(); i++) {
            out.printf("budget       #%d: %d left at issue (carried unit; advisory: the issuing engine's ledger"
                + " is the authority)%n", w.budget(i), w.budgetRemaining(i));
        }
    }

    /** @return whether every carried constraint compiles (printing the check). */
    static boolean check(final PrintWriter out, final PortableWarrantDecoder w) {
        if (!w.hasConstraints()) {
            return true;
        }
        final ConstraintsDecoder list = w.constraints();
        for (int e = 0; e < list.count(); e++) {
            try {
                ConstraintWire.read(list, e);
            } catch (final RuntimeException unreadable) {
                out.printf("check        constraints: FAILED: entry %d (argument #%d): %s%n", e, list.argument(e),
                    unreadable.getMessage());
                return false;
            }
        }
        out.printf("check        constraints: ok, %d entries compile with the engine's matchers%n", list.count());
        return true;
    }

    private static String text(final ConstraintsDecoder list, final int e) {
        try {
            return ConstraintWire.read(list, e).text();
        } catch (final RuntimeException unreadable) {
            return "UNREADABLE (" + unreadable.getMessage() + ")";
        }
    }
}
