package dev.baton.cli;

import dev.baton.testkit.PolicyTestRunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one policy test file, as {@code baton test} reports them in JSON and JUnit XML.
 *
 * @param file  the test file.
 * @param cases one result per case, in file order.
 * @param assertions one verdict per assertion proved or refuted by analysis, in file order.
 * @param nanos how long the cases took to run.
 */
record TestSuiteResult(Path file, List<PolicyTestRunner.Result> cases,
                       List<PolicyTestRunner.AssertionResult> assertions, long nanos) {

    /** @return how many of the cases have {@code status}. */
    long count(final PolicyTestRunner.Status status) {
        final long asserted = switch (status) {
            case PASSED -> assertions.stream().filter(a -> a.verdict().proved()).count();
            case FAILED -> assertions.stream().filter(a -> !a.verdict().proved()).count();
            default -> 0;
        };
        return cases.stream().filter(r -> r.status() == status).count() + asserted;
    }

    /** @return cases and assertions, each one test. */
    int tests() {
        return cases.size() + assertions.size();
    }

    /** @return seconds, as JUnit XML writes them. */
    String seconds() {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /** @return the {@code baton test --format json} document (schema in docs/cli.md). */
    static Map<String, Object> json(final List<TestSuiteResult> suites) {
        final Map<String, Object> doc = new LinkedHashMap<>();
        final List<Object> files = new ArrayList<>();
        long passed = 0;
        long failed = 0;
        long skipped = 0;
        for (final TestSuiteResult suite : suites) {
            passed += suite.count(PolicyTestRunner.Status.PASSED);
            failed += suite.count(PolicyTestRunner.Status.FAILED);
            skipped += suite.count(PolicyTestRunner.Status.SKIPPED);
            final Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", suite.file().toString());
            f.put("cases", suite.cases().stream().map(TestSuiteResult::json).toList());
            f.put("assertions", suite.assertions().stream().map(TestSuiteResult::json).toList());
            files.add(f);
        }
        doc.put("passed", passed);
        doc.put("failed", failed);
        doc.put("skipped", skipped);
        doc.put("files", files);
        return doc;
    }

    private static Map<String, Object> json(final PolicyTestRunner.AssertionResult r) {
        final Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", r.assertion().name());
        a.put("at", r.assertion().at().toString());
        a.put("status", r.verdict().proved() ? "passed" : "failed");
        if (r.verdict().proved()) {
            a.put("proof", r.verdict().reason());
        } else {
            a.put("witness", r.verdict().refutation().describe());
        }
        return a;
    }

    private static Map<String, Object> json(final PolicyTestRunner.Result r) {
        final Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", r.testCase().name());
        c.put("at", r.testCase().at().toString());
        c.put("status", r.status().name().toLowerCase(Locale.ROOT));
        if (r.status() == PolicyTestRunner.Status.FAILED) {
            final Map<String, Object> f = new LinkedHashMap<>();
            f.put("step", r.step().at().toString());
            f.put("operation", TestReport.operation(r.step()));
            f.put("expected", String.valueOf(r.step().expect()));
            f.put("actual", r.actual());
            f.put("missed", r.missed());
            c.put("failure", f);
        }
        return c;
    }
}
