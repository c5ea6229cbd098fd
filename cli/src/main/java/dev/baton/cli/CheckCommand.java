package dev.baton.cli;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.policy.PolicyDocument;
import dev.baton.policy.PolicyError;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyWarnings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code baton check POLICY...}: parses and compiles each policy file. Prints every error as
 * {@code file:line:col: field: message}, or one summary line for a valid policy.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Validates policy files: parses and compiles each one as the engine would load it.",
        "",
        "A valid policy prints one line on stdout: its version label; the number of capabilities, data "
            + "classes, agents, purposes, review rules, tiers and break-glass rules; and the first 16 hex "
            + "digits of the SHA-256 of its text (the version every decision records).",
        "",
        "An invalid policy prints every error found on stderr, one per line, then "
            + "'baton check: N errors in FILE'. Each error names the file, line, column and field, "
            + "and says what was expected: 'file:line:col: field: message'. "
            + "The fields are described in docs/policy-language.md.",
        "",
        "A valid policy may also print warnings on stderr, in the same form with a message starting "
            + "'warning:' (a self or cyclic delegation edge, an external limit naming a never_leave data "
            + "class); they do not change the exit code.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every policy is valid",
        "1:a policy has errors (each printed as file:line:col: field: message)",
        "2:bad usage, or a file is missing or unreadable"})
final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "POLICY", description = "PolicyDocument YAML files to check.")
    private List<Path> files;

    @Override
    public Integer call() {
        int code = BatonCommand.OK;
        for (final Path file : files) {
            code = Math.max(code, check(file));
        }
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
        return code;
    }

    private int check(final Path file) {
        final PrintWriter err = spec.commandLine().getErr();
        if (Files.isDirectory(file)) {
            err.println("baton check: " + file + " is a directory; give policy files, e.g. " + file + "/*.yaml");
            return BatonCommand.USAGE;
        }
        final CompiledPolicy policy;
        try {
            policy = PolicyCompiler.load(file);
        } catch (final NoSuchFileException e) {
            err.println("baton check: no such file: " + file);
            return BatonCommand.USAGE;
        } catch (final IOException e) {
            err.println("baton check: " + BatonCommand.cannotRead(file, e));
            return BatonCommand.USAGE;
        } catch (final PolicyException e) {
            final List<PolicyError> errors = e.errors();
            for (final PolicyError error : errors) {
                err.println(error);
            }
            err.println("baton check: " + count(errors.size(), "error", "errors") + " in " + file
                + (looksLikeTests(errors) ? " (it looks like a policy test file: run it with 'baton test')" : ""));
            return BatonCommand.FAILED;
        }
        spec.commandLine().getOut().println(summary(file, policy));
        for (final PolicyError warning : PolicyWarnings.of(policy.source())) {
            err.println(warning);
        }
        return BatonCommand.OK;
    }

    /** @return e.g. {@code p.yaml: ok, version 1, 14 capabilities, 5 data classes, ..., sha256 c7e51ece0a1b2c3d}. */
    static String summary(final Path file, final CompiledPolicy policy) {
        final PolicyDocument source = policy.source();
        return file + ": ok, version " + policy.label()
            + ", " + count(policy.capabilityCount(), "capability", "capabilities")
            + ", " + count(policy.dataClassCount(), "data class", "data classes")
            + ", " + count(policy.agentCount(), "agent", "agents")
            + ", " + count(policy.purposeCount(), "purpose", "purposes")
            + ", " + count(source.reviews().size(), "review rule", "review rules")
            + ", " + count(source.tiers().size(), "tier", "tiers")
            + ", " + count(source.breakGlass().size(), "break-glass rule", "break-glass rules")
            + ", sha256 " + policy.versionHash().substring(0, 16);
    }

    private static boolean looksLikeTests(final List<PolicyError> errors) {
        for (final PolicyError e : errors) {
            if ("cases".equals(e.field()) && e.message().startsWith("unknown field")) {
                return true;
            }
        }
        return false;
    }

    private static String count(final int n, final String one, final String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
