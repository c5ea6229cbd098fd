package dev.baton.cli;

import dev.baton.audit.AuditLog;
import dev.baton.audit.DecisionEntry;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.policy.PolicyException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks the files the audit commands are given and says, on standard error, what is wrong and how to
 * fix it.
 */
final class JournalArgument {
    private JournalArgument() {
    }

    /** @return whether {@code dir} is a journal directory; if not, says why. */
    static boolean check(final String command, final Path dir, final PrintWriter err) {
        final String problem = dir == null ? "give a JOURNAL directory (or, for replay and explain, a fleet: --kafka"
            + " HOST:PORT --fleet NAME, or --fleet-dir DIR)" : AuditLog.directoryProblem(dir);
        if (problem != null) {
            err.println("baton " + command + ": " + problem);
            return false;
        }
        return true;
    }

    /** @return the compiled policy in {@code file}, or null after printing what is wrong. */
    static CompiledPolicy policy(final String command, final Path file, final PrintWriter err) {
        if (Files.isDirectory(file)) {
            err.println("baton " + command + ": " + file + " is a directory; --policy takes a policy YAML file");
            return null;
        }
        try {
            return PolicyCompiler.load(file);
        } catch (final NoSuchFileException e) {
            err.println("baton " + command + ": no such policy file: " + file);
        } catch (final IOException e) {
            err.println("baton " + command + ": " + BatonCommand.cannotRead(file, e));
        } catch (final PolicyException e) {
            e.errors().forEach(err::println);
            err.println("baton " + command + ": " + file + " is not a valid policy (run 'baton check " + file
                + "' for details)");
        }
        return null;
    }

    /** @return the 16 hex digits of a policy version id. */
    static String version(final long versionId) {
        return DecisionEntry.version(versionId);
    }

    /** @return an instant as ISO-8601 UTC, e.g. {@code 2027-01-15T08:00:00Z}. */
    static String instant(final long epochMillis) {
        return DecisionEntry.instant(epochMillis);
    }
}
