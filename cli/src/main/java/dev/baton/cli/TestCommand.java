package dev.baton.cli;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.policy.PolicyError;
import dev.baton.policy.PolicyException;
import dev.baton.testkit.PolicyTestFile;
import dev.baton.testkit.PolicyTestParser;
import dev.baton.testkit.PolicyTestRunner;
import dev.baton.testkit.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code baton test TESTS.yaml...}: runs policy unit tests ({@code docs/policy-tests.md}). Every file
 * is read and bound to its policy before any case runs; then each case runs on a fresh decision core.
 * Failures name the case, the step, the expected and the actual decision; the last line is
 * {@code N passed, N failed} (and {@code , N skipped} when cases were skipped).
 */
@Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Runs policy unit tests, like opa test.",
        "",
        "A test file names a policy and lists cases; each case is a chain of "
            + "scenario steps (open, delegate, fan_out, authorize, revoke, close, review, break_glass, "
            + "advance), some with the outcome and reason they expect, run on a fresh decision core "
            + "whose clock starts at a fixed instant.",
        "",
        "The file format: docs/policy-tests.md.",
        "",
        "Every file is read and bound to its policy before any case runs. Each failed case prints its "
            + "name, the first step that missed (file:line:col), the expected outcome and the actual "
            + "decision with the rule and policy line that decided it. The last line is "
            + "'N passed, N failed', with ', N skipped' when cases were skipped.",
        "",
        "--format json prints one JSON document instead (every case, schema in docs/cli.md); --junit FILE "
            + "also writes JUnit XML for CI systems. Input errors stay on stderr (exit 2, nothing run).",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every case passed (or was skipped)",
        "1:a case failed",
        "2:bad usage, or a test file or its policy is missing or invalid (nothing is run)"})
final class TestCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, description = "Also print a line for every case passed or skipped.")
    private boolean verbose;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default) or json: one JSON document on stdout with every case (schema in docs/cli.md).")
    private OutputFormat format;

    @Option(names = "--junit", paramLabel = "FILE",
        description = "Also write the results as JUnit XML to FILE (one testsuite per test file), for CI.")
    private Path junit;

    @Parameters(arity = "1..*", paramLabel = "TESTS", description = "Policy test YAML files to run.")
    private List<Path> files;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final List<PolicyTestRunner> suites = new ArrayList<>();
        boolean bad = false;
        for (final Path file : files) {
            final PolicyTestRunner suite = load(file, err);
            bad |= suite == null;
            suites.add(suite);
        }
        if (bad) {
            err.println("baton test: no case was run: fix the input errors above");
            err.flush();
            return BatonCommand.USAGE;
        }
        final List<TestSuiteResult> results = new ArrayList<>();
        for (int i = 0; i < suites.size(); i++) {
            final long start = System.nanoTime();
            final List<PolicyTestRunner.Result> cases = suites.get(i).run();
            results.add(new TestSuiteResult(files.get(i), cases, suites.get(i).assertions(), System.nanoTime() - start));
        }
        final TestReport report = new TestReport(format == OutputFormat.text ? out : null, verbose);
        results.forEach(r -> {
            r.cases().forEach(report::add);
            r.assertions().forEach(report::add);
        });
        if (format == OutputFormat.json) {
            out.println(Json.write(TestSuiteResult.json(results)));
        } else {
            report.summary();
        }
        out.flush();
        if (junit != null && !JunitXml.write(junit, results, err)) {
            return BatonCommand.USAGE;
        }
        return report.failed() == 0 ? BatonCommand.OK : BatonCommand.FAILED;
    }

    /** @return the file's cases bound to its policy, or null after printing what is wrong. */
    private static PolicyTestRunner load(final Path file, final PrintWriter err) {
        final PolicyTestFile tests;
        try {
            tests = PolicyTestParser.parse(file);
        } catch (final NoSuchFileException e) {
            err.println("baton test: no such file: " + file);
            return null;
        } catch (final IOException e) {
            err.println("baton test: " + BatonCommand.cannotRead(file, e));
            return null;
        } catch (final ScenarioException e) {
            err.println(e.getMessage());
            return null;
        }
        final Path policyFile = Path.of(BatonCommand.display(tests.policy()));
        final CompiledPolicy policy;
        try {
            policy = PolicyCompiler.load(policyFile);
        } catch (final NoSuchFileException e) {
            err.println("baton test: " + file + ": no such policy file: " + policyFile
                + " (the 'policy' path is relative to the test file)");
            return null;
        } catch (final IOException e) {
            err.println("baton test: " + file + ": its policy " + BatonCommand.cannotRead(policyFile, e));
            return null;
        } catch (final PolicyException e) {
            for (final PolicyError error : e.errors()) {
                err.println(error);
            }
            err.println("baton test: " + file + ": its policy " + policyFile + " is invalid (errors above)");
            return null;
        }
        try {
            return new PolicyTestRunner(tests, policy);
        } catch (final ScenarioException e) {
            err.println(e.getMessage());
            return null;
        }
    }
}
