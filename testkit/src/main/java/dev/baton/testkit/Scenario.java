package dev.baton.testkit;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed scenario: the policy it runs against, how many times the demo repeats it, and its steps.
 *
 * @param file   the scenario file.
 * @param policy the policy file (resolved against the scenario's directory).
 * @param repeat how many times the demo runs the steps.
 * @param steps  the steps, in order.
 */
public record Scenario(Path file, Path policy, int repeat, List<Step> steps) {
}
