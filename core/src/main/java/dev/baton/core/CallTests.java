package dev.baton.core;

import dev.baton.ToolArguments;

import java.util.Arrays;

/**
 * The {@link ArgumentTest}s of a {@link ConstraintTable} regrouped for a tool call: per owner row and
 * capability, the row's tests on that capability in row order, so that a call walks only the tests it
 * meets, without filtering the row by capability. Only rows that constrain something get a block
 * ({@code rows with constraints × capabilities} references); every other row costs one look-up.
 * <p>
 * {@link #pass} answers only whether every test surely passes; when one does not, the caller runs the
 * reference walk ({@link ArgumentCheck}) for the decision and its reason, so both stay those of the
 * reference check.
 * <p>
 * <b>Note:</b> immutable and thread-safe once built; {@link #pass} allocates nothing.
 */
final class CallTests {
    private static final ArgumentTest[] EMPTY = {};

    /** By row: the offset of its block in {@link #lists}, or -1 when the row constrains nothing. */
    private final int[] rowBase;
    /** By {@code rowBase[row] + capability}: the row's tests on the capability, in row order. */
    private final ArgumentTest[][] lists;

    CallTests(final int[] rowStart, final ArgumentTest[] tests, final int capabilityCount) {
        final int rows = rowStart.length - 1;
        rowBase = new int[rows];
        int blocks = 0;
        for (int r = 0; r < rows; r++) {
            rowBase[r] = rowStart[r] == rowStart[r + 1] ? -1 : blocks++ * capabilityCount;
        }
        lists = new ArgumentTest[blocks * capabilityCount][];
        Arrays.fill(lists, EMPTY);
        for (int r = 0; r < rows; r++) {
            for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
                final int at = rowBase[r] + tests[e].capability;
                final ArgumentTest[] had = lists[at];
                final ArgumentTest[] now = Arrays.copyOf(had, had.length + 1);
                now[had.length] = tests[e];
                lists[at] = now;
            }
        }
    }

    /** @return the tests of {@code row} on {@code capability}, in row order (empty when none). */
    ArgumentTest[] of(final int row, final int capability) {
        final int base = rowBase[row];
        return base < 0 ? EMPTY : lists[base + capability];
    }

    /**
     * @return true when the call's arguments surely pass every test of {@code tests}; false when the
     *     reference walk must decide.
     */
    static boolean pass(final CompiledPolicy policy, final ArgumentTest[] tests, final ToolArguments args) {
        for (final ArgumentTest x : tests) {
            final int i = ArgumentCheck.find(policy, args, x.argument);
            if (i < 0 || !x.passes(args, i)) {
                return false;
            }
        }
        return true;
    }
}
