package dev.baton.cli;

import dev.baton.testkit.PolicyTestRunner;
import dev.baton.testkit.Step;

import java.io.PrintWriter;

/**
 * Prints the results of {@code baton test}: every failed case with its first missed step, a line per
 * passed or skipped case when verbose, and the closing {@code N passed, N failed[, N skipped]} line.
 * <p>
 * <b>Note:</b> not thread-safe.
 */
final class TestReport {
    private final PrintWriter out;
    private final boolean verbose;
    private int passed;
    private int failed;
    private int skipped;

    /**
     * @param out     where to print, or null to count only.
     * @param verbose whether to print passed and skipped cases too.
     */
    TestReport(final PrintWriter out, final boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    /** Counts one case's result and prints what it should. */
    void add(final PolicyTestRunner.Result r) {
        if (out == null) {
            count(r.status());
            return;
        }
        final String where = r.testCase().at() + "  " + r.testCase().name();
        switch (r.status()) {
            case PASSED:
                passed++;
                if (verbose) {
                    out.println("PASS  " + where);
                }
                break;
            case SKIPPED:
                skipped++;
                if (verbose) {
                    out.println("SKIP  " + where);
                }
                break;
            default:
                failed++;
                out.println("FAIL  " + where);
                out.println("      step      " + r.step().at() + " (" + operation(r.step()) + ')');
                out.println("      expected  " + r.step().expect());
                out.println("      actual    " + r.actual());
                if (r.missed() > 1) {
                    out.println("      (" + (r.missed() - 1) + " later expectation" + (r.missed() > 2 ? "s" : "")
                        + " of this case also missed)");
                }
        }
    }

    /** Counts one assertion's verdict (proved: passed; refuted: failed, with its witness chain). */
    void add(final PolicyTestRunner.AssertionResult r) {
        if (out == null) {
            count(r.verdict().proved() ? PolicyTestRunner.Status.PASSED : PolicyTestRunner.Status.FAILED);
            return;
        }
        final String where = r.assertion().at() + "  " + r.assertion().name();
        if (r.verdict().proved()) {
            passed++;
            if (verbose) {
                out.println("PASS  " + where);
                out.println("      proved    " + r.verdict().reason());
            }
            return;
        }
        failed++;
        out.println("FAIL  " + where);
        out.println("      refuted   by analysis: a chain the policy allows");
        out.println("      witness   " + r.verdict().refutation().describe());
    }

    /** Prints {@code N passed, N failed}, with {@code , N skipped} when any case was skipped. */
    void summary() {
        out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
    }

    private void count(final PolicyTestRunner.Status status) {
        switch (status) {
            case PASSED -> passed++;
            case SKIPPED -> skipped++;
            default -> failed++;
        }
    }

    /** @return cases failed so far. */
    int failed() {
        return failed;
    }

    /** @return the step's operation as the test file names it, e.g. {@code fan_out}. */
    static String operation(final Step step) {
        if (step instanceof Step.Open) {
            return "open";
        }
        if (step instanceof Step.Delegate) {
            return "delegate";
        }
        if (step instanceof Step.Authorize) {
            return "authorize";
        }
        if (step instanceof Step.Revoke) {
            return "revoke";
        }
        if (step instanceof Step.Close) {
            return "close";
        }
        if (step instanceof Step.Review) {
            return "review";
        }
        if (step instanceof Step.BreakGlass) {
            return "break_glass";
        }
        return step instanceof Step.FanOut ? "fan_out" : "advance";
    }
}
