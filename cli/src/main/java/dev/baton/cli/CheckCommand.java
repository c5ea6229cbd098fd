package dev.baton.cli;

import dev.baton.analysis.PolicyAnalysis;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.policy.PolicyDocument;
import dev.baton.policy.PolicyError;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyWarnings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        "",
        "With --format json, one JSON document on stdout holds every file's result, errors and warnings "
            + "included (schema: docs/cli.md); the exit codes are the same.",
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

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default) or json: one JSON document on stdout, errors included (schema in docs/cli.md).")
    private OutputFormat format;

    @Override
    public Integer call() {
        int code = BatonCommand.OK;
        final List<Object> reports = new ArrayList<>();
        for (final Path file : files) {
            final Checked checked = check(file);
            code = Math.max(code, checked.code());
            if (format == OutputFormat.json) {
                reports.add(checked.json());
            } else {
                checked.print(spec.commandLine().getOut(), spec.commandLine().getErr());
            }
        }
        if (format == OutputFormat.json) {
            final Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("valid", code == BatonCommand.OK);
            doc.put("policies", reports);
            spec.commandLine().getOut().println(Json.write(doc));
        }
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
        return code;
    }

    /**
     * What checking one file found: a compiled policy, its errors, or a problem with the file itself.
     *
     * @param file    the file.
     * @param code    its exit code.
     * @param policy  the compiled policy, or null.
     * @param errors  the policy's errors (empty if none).
     * @param problem what is wrong with the file itself (missing, unreadable), or null.
     */
    private record Checked(Path file, int code, CompiledPolicy policy, List<PolicyError> errors, String problem) {
        void print(final PrintWriter out, final PrintWriter err) {
            if (problem != null) {
                err.println("baton check: " + problem);
            } else if (policy != null) {
                out.println(summary(file, policy));
                for (final PolicyError warning : PolicyWarnings.of(policy.source())) {
                    err.println(warning);
                }
                // What no single rule shows: edges, agents, purposes and rules no chain can ever use (issue 15).
                for (final dev.baton.analysis.PolicyWarnings.Warning warning : unused(policy)) {
                    err.println(warning);
                }
            } else {
                errors.forEach(err::println);
                err.println("baton check: " + count(errors.size(), "error", "errors") + " in " + file
                    + (looksLikeTests(errors) ? " (it looks like a policy test file: run it with 'baton test')" : ""));
            }
        }

        Map<String, Object> json() {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file.toString());
            m.put("valid", policy != null);
            if (problem != null) {
                m.put("problem", problem);
            } else if (policy != null) {
                m.put("version", policy.label());
                m.put("sha256", policy.versionHash());
                m.put("counts", counts(policy));
                final List<Object> warnings = problems(PolicyWarnings.of(policy.source()));
                for (final dev.baton.analysis.PolicyWarnings.Warning w : unused(policy)) {
                    final Map<String, Object> one = new LinkedHashMap<>();
                    one.put("file", w.at().file());
                    one.put("line", w.at().line());
                    one.put("column", w.at().column());
                    one.put("field", w.field());
                    one.put("message", w.message());
                    warnings.add(one);
                }
                m.put("warnings", warnings);
            } else {
                m.put("errors", problems(errors));
            }
            return m;
        }

        private static List<Object> problems(final List<PolicyError> problems) {
            final List<Object> list = new ArrayList<>();
            for (final PolicyError e : problems) {
                final Map<String, Object> one = new LinkedHashMap<>();
                one.put("file", e.file());
                one.put("line", e.line());
                one.put("column", e.column());
                one.put("field", e.field());
                one.put("message", e.message());
                list.add(one);
            }
            return list;
        }
    }

    private static List<dev.baton.analysis.PolicyWarnings.Warning> unused(final CompiledPolicy policy) {
        return dev.baton.analysis.PolicyWarnings.of(PolicyAnalysis.of(policy.api()));
    }

    private static Checked check(final Path file) {
        if (Files.isDirectory(file)) {
            return new Checked(file, BatonCommand.USAGE, null, List.of(),
                file + " is a directory; give policy files, e.g. " + file + "/*.yaml");
        }
        try {
            return new Checked(file, BatonCommand.OK, PolicyCompiler.load(file), List.of(), null);
        } catch (final NoSuchFileException e) {
            return new Checked(file, BatonCommand.USAGE, null, List.of(), "no such file: " + file);
        } catch (final IOException e) {
            return new Checked(file, BatonCommand.USAGE, null, List.of(), BatonCommand.cannotRead(file, e));
        } catch (final PolicyException e) {
            return new Checked(file, BatonCommand.FAILED, null, e.errors(), null);
        }
    }

    private static Map<String, Object> counts(final CompiledPolicy policy) {
        final PolicyDocument source = policy.source();
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("capabilities", policy.capabilityCount());
        m.put("data_classes", policy.dataClassCount());
        m.put("agents", policy.agentCount());
        m.put("purposes", policy.purposeCount());
        m.put("review_rules", source.reviews().size());
        m.put("tiers", source.tiers().size());
        m.put("break_glass_rules", source.breakGlass().size());
        return m;
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
