package dev.baton.core;

import dev.baton.ToolArguments;

import java.util.Arrays;

/**
 * The {@link ArgumentTest}s of a {@link ConstraintTable} regrouped for a tool call: per owner row and
 * capability, the row's tests on that capability in row order, so that a call walks only the tests it
 * meets, without filtering the row by capability. The lists sit in one dense table indexed by
 * {@code row * capabilities + capability} (a shared empty list where a row constrains nothing), so that
 * finding them is two dependent loads from the constraint table, not a chain through an index.
 * <p>
 * {@link #pass} answers only whether every test surely passes; when one does not, the caller runs the
 * reference walk ({@link ArgumentCheck}) for the decision and its reason, so both stay those of the
 * reference check.
 * <p>
 * <b>Note:</b> stateless; the table is immutable once built; {@link #pass} allocates nothing.
 */
final class CallTests {
    private static final ArgumentTest[] EMPTY = {};

    private CallTests() {
    }

    /**
     * @param rowStart     entries of row {@code r}: {@code [rowStart[r], rowStart[r + 1])}.
     * @param tests        the entries' tests.
     * @param rows         rows to lay out (from row 0).
     * @param capabilities capabilities of the policy.
     * @return the tests of row {@code r} on capability {@code c} at {@code r * capabilities + c}; empty
     *     when there is no entry at all.
     */
    static ArgumentTest[][] byRowAndCapability(final int[] rowStart, final ArgumentTest[] tests, final int rows,
                                               final int capabilities) {
        if (tests.length == 0) {
            return new ArgumentTest[0][];
        }
        final ArgumentTest[][] lists = new ArgumentTest[rows * capabilities][];
        Arrays.fill(lists, EMPTY);
        for (int r = 0; r < rows; r++) {
            for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
                final int at = r * capabilities + tests[e].capability;
                final ArgumentTest[] had = lists[at];
                final ArgumentTest[] now = Arrays.copyOf(had, had.length + 1);
                now[had.length] = tests[e];
                lists[at] = now;
            }
        }
        return lists;
    }

    /**
     * @return true when the call's arguments surely pass every test of {@code tests}; false when the
     *     reference walk must decide.
     */
    static boolean pass(final CompiledPolicy policy, final ArgumentTest[] tests, final ToolArguments args) {
        if (args == null) {
            return false;
        }
        for (final ArgumentTest x : tests) {
            // First where a caller setting the arguments in declaration order puts it. A key is the argument
            // when it is the one handle this policy has for it; a list holds each argument at most once
            // (ToolArguments refuses a second entry of the same name), so that entry is the one find returns.
            final int h = x.position;
            final int i = h < args.size() && args.argument(h) == x.handle ? h
                : ArgumentCheck.find(policy, args, x.argument);
            if (i < 0 || !x.passes(args, i)) {
                return false;
            }
        }
        return true;
    }
}
