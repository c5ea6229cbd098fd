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
 * @param nanos how long the cases took to run.
 */
record TestSuiteResult(Path file, List<PolicyTestRunner.Result> cases, long nanos) {

    /** @return how many of the cases have {@code status}. */
    long count(final PolicyTestRunner.Status status) {
        return cases.stream().filter(r -> r.status() == status).count();
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
            files.add(f);
        }
        doc.put("passed", passed);
        doc.put("failed", failed);
        doc.put("skipped", skipped);
        doc.put("files", files);
        return doc;
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
