package dev.baton.testkit;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed policy test file: the policy its cases run against, and the cases.
 *
 * @param file   the test file.
 * @param policy the policy file (resolved against the test file's directory).
 * @param cases      the cases, in file order.
 * @param assertions the assertions proved by analysis, in file order.
 */
public record PolicyTestFile(Path file, Path policy, List<PolicyTestCase> cases, List<PolicyAssertion> assertions) {
    /** A test file without assertions. */
    public PolicyTestFile(final Path file, final Path policy, final List<PolicyTestCase> cases) {
        this(file, policy, cases, List.of());
    }
}
