package dev.baton.core;

import dev.baton.ToolArguments;

import java.util.Arrays;

/**
 * The {@link ArgumentTest}s of a {@link ConstraintTable} regrouped for a tool call: per owner row and
 * capability, the row's tests on that capability in row order, so that a call walks only the tests it
 * meets, without filtering the row by capability. The lists sit in a table indexed by {@code [row][capability]}:
 * a row that constrains nothing shares one row of empty lists, so the table holds a reference per
 * capability only for each constrained row (a policy with many agents and one constraint stays small),
 * and finding a list is three dependent loads from the constraint table, not a chain through an index.
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
     * @return the tests of row {@code r} on capability {@code c} at {@code [r][c]}; empty when there is no
     *     entry at all.
     */
    static ArgumentTest[][][] byRowAndCapability(final int[] rowStart, final ArgumentTest[] tests, final int rows,
                                                 final int capabilities) {
        if (tests.length == 0) {
            return new ArgumentTest[0][][];
        }
        final ArgumentTest[][] unconstrained = new ArgumentTest[capabilities][];
        Arrays.fill(unconstrained, EMPTY);
        final ArgumentTest[][][] lists = new ArgumentTest[rows][][];
        for (int r = 0; r < rows; r++) {
            lists[r] = rowStart[r] == rowStart[r + 1] ? unconstrained : unconstrained.clone();
            for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
                final ArgumentTest[] had = lists[r][tests[e].capability];
                final ArgumentTest[] now = Arrays.copyOf(had, had.length + 1);
                now[had.length] = tests[e];
                lists[r][tests[e].capability] = now;
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
